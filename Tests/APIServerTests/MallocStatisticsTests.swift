import Testing
@testable import APIServer

@Suite struct MallocStatisticsTests {
    /// The totals after the arenas are read, not an arena's own lines of the same names.
    @Test func readsTheTotalsAfterTheArenas() throws {
        let xml = """
            <malloc version="1">
            <heap nr="0">
            <sizes>
              <size from="33" to="48" total="96" count="2"/>
            </sizes>
            <total type="fast" count="2" size="96"/>
            <total type="rest" count="3" size="5000"/>
            <system type="current" size="100000"/>
            <system type="max" size="100000"/>
            </heap>
            <heap nr="1">
            <sizes>
            </sizes>
            <total type="fast" count="0" size="0"/>
            <total type="rest" count="1" size="2000"/>
            <system type="current" size="50000"/>
            <system type="max" size="60000"/>
            </heap>
            <total type="fast" count="2" size="96"/>
            <total type="rest" count="4" size="7000"/>
            <total type="mmap" count="1" size="8192"/>
            <system type="current" size="150000"/>
            <system type="max" size="160000"/>
            <aspace type="total" size="150000"/>
            </malloc>
            """
        let stats = try #require(MallocStatistics.parse(xml))
        #expect(stats.arenas == 2)
        #expect(stats.system == 150_000 + 8192)
        #expect(stats.free == 7096)
        #expect(stats.inUse == 150_000 + 8192 - 7096)
        #expect(MallocStatistics.parse("<malloc version=\"1\">\n</malloc>") == nil)
    }

    /// With glibc, the running process's own figures are read.
    @Test func readsThisProcess() throws {
        #if canImport(Glibc)
        let stats = try #require(MallocStatistics.now())
        #expect(stats.arenas >= 1)
        #expect(stats.inUse > 0 && stats.inUse <= stats.system)
        #endif
    }
}
