import Benchmarks
import Testing

@Suite struct BenchmarkTests {
    /// The benchmark runs on a small input and reports every figure it promises.
    @Test func theBenchmarkReportsItsFigures() {
        let report = ConsoleBenchmarks.run(rows: 200, namespaces: 20)
        #expect(report.contains("200 rows in 20 namespaces"))
        #expect(report.contains("first load"))
        #expect(report.contains("first full frame"))
        #expect(report.contains("median"))
        #expect(report.contains("p99"))
        #expect(report.contains("one age-only frame"))
        #expect(report.contains("cells changed"))
    }
}
