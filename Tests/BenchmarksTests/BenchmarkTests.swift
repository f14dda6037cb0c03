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
        for event in ["a row added at the top", "a row on screen changing status", "the top row removed"] {
            #expect(report.contains("one data frame, \(event) (CPU time): rendered in full"), "\(event)")
        }
        #expect(report.contains("list lines drawn or moved"))
    }

    /// The memory benchmark loads rollouts through the console's store and rows, and reports each stage.
    @Test func theMemoryBenchmarkReportsItsFigures() {
        let report = ConsoleMemory.run(rollouts: 50, namespaces: 5)
        #expect(report.contains("50 canary Rollouts"))
        #expect(report.contains("rows as built (50)"))
        #expect(report.contains("held by the console"))
        #expect(report.contains("CPU per rollout"))
        #expect(report.contains("every row's 9 plans"))
    }
}
