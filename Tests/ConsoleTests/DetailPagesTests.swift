import Foundation
import KubeModel
import Testing
import TerminalUI
import Delivery
@testable import Console

/// The detail's pages: the revision diff (`d`) and the analysis charts (`A`), from the list or
/// the detail, `esc` back to the overview; their grids on the upstream fixtures.
@Suite struct DetailPagesTests {
    static let testdata = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/argo-rollouts/pkg/kubectl-argo-rollouts/info/testdata")

    static func scenario(_ name: String) throws -> ObjectSet {
        let folder = testdata.appendingPathComponent(name)
        var set = ObjectSet()
        for file in try FileManager.default.contentsOfDirectory(atPath: folder.path).filter({ $0.hasSuffix(".yaml") }).sorted() {
            set.append(try ManifestReader.read(String(contentsOf: folder.appendingPathComponent(file), encoding: .utf8), file: file))
        }
        return set
    }

    /// A Prometheus metric measured six times, falling under its threshold; dry-run.
    static var successRateRun: AnalysisRun {
        let start = Fixtures.now.addingTimeInterval(-360)
        let values = [("0.991", "Successful"), ("0.987", "Successful"), ("0.962", "Successful"), ("0.948", "Failed"),
                      ("", "Error"), ("0.921", "Failed")]
        let measurements = values.enumerated().map { i, v in
            AnalysisRun.Measurement(phase: v.1, value: v.0.isEmpty ? nil : v.0,
                                    message: v.1 == "Error" ? "Post \"http://prometheus:9090\": connection refused" : nil,
                                    startedAt: KubeTime(start.addingTimeInterval(Double(i) * 60)),
                                    finishedAt: KubeTime(start.addingTimeInterval(Double(i) * 60 + 1)))
        }
        var result = AnalysisRun.MetricResult(name: "success-rate", phase: "Failed", successful: 3, failed: 2, error: 1, measurements: measurements)
        result.count = 6
        return AnalysisRun(metadata: ObjectMeta(name: "checkout-7d9f-2", namespace: "shop"),
                           spec: .init(metrics: [.init(name: "success-rate", interval: "1m", count: LenientString("10"),
                                                       successCondition: "result[0] >= 0.95", failureLimit: LenientString("2"))],
                                       dryRun: [.init(metricName: "success-rate")]),
                           status: .init(phase: "Failed", message: "metric \"success-rate\" assessed Failed due to failed (2) > failureLimit (2)",
                                         metricResults: [result]))
    }

    static func detail() throws -> DetailModel {
        let canary = try scenario("canary")
        let rollout = try #require(canary.rollout(named: "canary-demo", namespace: "jesse-test"))
        let upstream = try #require(try scenario("experiment-analysis").analysisRuns.first { $0.metadata.name.hasPrefix("rollout-experiment-analysis-random") })
        var detail = Fixtures.checkoutDetail()
        detail.revisionDiff = RevisionDiff.of(rollout, objects: canary)
        detail.analysis = [AnalysisHistory(successRateRun), AnalysisHistory(upstream)]
        return detail
    }

    static func open(_ keys: String...) throws -> ConsoleState {
        var state = Fixtures.state()
        for key in keys { Fixtures.press(&state, key) }
        _ = Reducer.reduce(&state, .detail(try detail()))
        return state
    }

    @Test func keysOpenThePagesFromTheListAndTheDetail() throws {
        var state = Fixtures.state()
        let target = try #require(state.selectedDelivery)
        Fixtures.press(&state, "d")
        #expect(state.screen == .detail(target))
        #expect(state.detailPage == .diff)
        Fixtures.press(&state, "A")
        #expect(state.detailPage == .analysis)
        Fixtures.press(&state, "A")
        #expect(state.detailPage == .overview)
        Fixtures.press(&state, "d", "esc")
        #expect(state.detailPage == .overview)
        #expect(state.screen == .detail(target))
        Fixtures.press(&state, "esc")
        #expect(state.screen == .main)
        // Enter always opens the overview.
        Fixtures.press(&state, "A", "esc", "esc", "enter")
        #expect(state.detailPage == .overview)
    }

    @Test func diffPage() throws {
        let state = try Self.open("d")
        let lines = DetailDocument.lines(state)
        #expect(lines.first == .hunk("@@ -4,7 +4,7 @@"))
        #expect(lines.contains(.diff(UnifiedDiff.Line(.removed, "    image: argoproj/rollouts-demo:green"))))
        try ScreenSnapshotTests.check(state, "detail-diff")
    }

    @Test func diffPageSaysWhyThereIsNone() throws {
        var state = try Self.open("d")
        var detail = try #require(state.detail)
        detail.revisionDiff = .failure(.noRevision(role: "stable", of: "Rollout checkout"))
        _ = Reducer.reduce(&state, .detail(detail))
        #expect(DetailDocument.lines(state) == [.note("no diff: Rollout checkout has no stable revision yet")])
        detail.revisionDiff = nil
        _ = Reducer.reduce(&state, .detail(detail))
        #expect(DetailDocument.lines(state) == [.note("no revision diff for this kind")])
    }

    @Test func analysisPage() throws {
        var state = try Self.open("A")
        try ScreenSnapshotTests.check(state, "detail-analysis")
        // It scrolls to the upstream run's eight Job measurements.
        #expect(DetailDocument.maxScroll(ScreenSnapshotTests.sized(state, 120, 40)) > 0)
        state = ScreenSnapshotTests.sized(state, 120, 40)
        Fixtures.press(&state, "G")
        try assertSnapshot(ConsoleView.render(state, glyphs: .unicode), named: "detail-analysis-bottom-120x40")
    }

    /// The overview's compact form: the newest values as a sparkline and the threshold.
    @Test func overviewSparkline() throws {
        var state = try Self.open("enter")
        var detail = try #require(state.detail)
        let history = AnalysisHistory(Self.successRateRun).metrics[0]
        detail.analysisRuns = [AnalysisSummary(name: "checkout-7d9f-2", phase: "Failed", metrics: [
            MetricSummary(name: "success-rate", phase: "Failed", successful: 3, failed: 2, error: 1, lastValue: "0.921", history: history),
        ])]
        _ = Reducer.reduce(&state, .detail(detail))
        let text = ConsoleView.render(ScreenSnapshotTests.sized(state, 120, 40), glyphs: .unicode).text
        #expect(text.contains("success-rate        Failed       ✔ 3, ✖ 2, ⚠ 1   ██▅▄⚠▁ >= 0.95 last 0.921"), "\(text)")
        let ascii = ConsoleView.render(ScreenSnapshotTests.sized(state, 120, 40), glyphs: .ascii).text
        #expect(ascii.contains("+ 3, x 2, ! 1   ##=-!. >= 0.95 last 0.921"), "\(ascii)")
    }
}
