import Foundation
import JSONValue
import KubeModel
import Testing
@testable import Delivery

/// Analysis measurements: the condition parser, the histories of AnalysisRuns and of Flagger
/// checks, and `-o json`'s steps and measurements.
@Suite struct AnalysisHistoryTests {
    @Test(arguments: [
        ("result[0] >= 0.95", MetricThreshold(.atLeast, 0.95)),
        ("result < 100", MetricThreshold(.below, 100)),
        ("result[0] <= 0.5", MetricThreshold(.atMost, 0.5)),
        ("result > 3", MetricThreshold(.above, 3)),
        ("asFloat(result) >= 0.9", MetricThreshold(.atLeast, 0.9)),
        ("0.95 <= result[0]", MetricThreshold(.atLeast, 0.95)),
        ("  result[1]>=1e-3 ", MetricThreshold(.atLeast, 0.001)),
    ])
    func simpleComparisonsHaveALine(condition: String, threshold: MetricThreshold) {
        #expect(MetricThreshold.parse(condition) == threshold)
    }

    @Test(arguments: [
        "result == \"true\"", "len(result) == 0", "result[0] >= 0.95 && result[0] < 2", "result.successRate >= 0.9",
        "result >= args.threshold", "result >= inf", "result", "", "result[a] >= 1", "result[0] == 1", "!(result < 1)",
    ])
    func anythingElseHasNone(condition: String) {
        #expect(MetricThreshold.parse(condition) == nil)
    }

    @Test func measurementValuesAsNumbers() {
        #expect(MetricValue.number("0.97") == 0.97)
        #expect(MetricValue.number("[0.97, 0.5]") == 0.97)
        #expect(MetricValue.number("[]") == nil)
        #expect(MetricValue.number("true") == nil)
        #expect(MetricValue.number("NaN") == nil)
        #expect(MetricValue.number(nil) == nil)
    }

    /// The upstream AnalysisRun with eight Job measurements (no values): phases, limits, order.
    @Test func historyOfTheFixtureRun() throws {
        let set = try Fixtures.scenario("experiment-analysis")
        let run = try #require(set.analysisRuns.first { $0.metadata.name.hasPrefix("rollout-experiment-analysis-random-fail") })
        let history = AnalysisHistory(run)
        #expect(history.phase == "Inconclusive")
        let metric = try #require(history.metrics.first)
        #expect(metric.name == "random-fail")
        #expect(metric.points.map(\.phase) == ["Failed", "Successful", "Successful", "Failed", "Failed", "Successful", "Failed", "Successful"])
        #expect(metric.points.allSatisfy { $0.number == nil })
        #expect(metric.limits == ["measured 8 of count 10", "failed 4 of failureLimit 5", "inconclusive 1 of inconclusiveLimit 1",
                                  "consecutive errors 0 of consecutiveErrorLimit 4"])
        #expect(metric.interval == "10s")
        #expect(metric.conditions.isEmpty && metric.thresholds.isEmpty)
        #expect(!metric.dryRun)
    }

    @Test func conditionsThresholdsAndDryRun() {
        let run = AnalysisRun(metadata: ObjectMeta(name: "r"),
                              spec: .init(metrics: [.init(name: "success-rate", successCondition: "result[0] >= 0.95",
                                                          failureCondition: "result[0] < 0.5 || len(result) == 0")],
                                          dryRun: [.init(metricName: "success-rate")]),
                              status: .init(phase: "Running", metricResults: [
                                  .init(name: "success-rate", phase: "Running", successful: 1,
                                        measurements: [.init(phase: "Successful", value: "[0.97]"), .init(phase: "Failed", value: "0.4", message: "low")]),
                              ]))
        let metric = AnalysisHistory(run).metrics[0]
        #expect(metric.conditions == ["successCondition: result[0] >= 0.95", "failureCondition: result[0] < 0.5 || len(result) == 0"])
        #expect(metric.thresholds == [MetricThreshold(.atLeast, 0.95)])
        #expect(metric.points.map(\.number) == [0.97, 0.4])
        #expect(metric.points[1].message == "low")
        #expect(metric.dryRun)
        #expect(metric.lastValue == "0.4")
    }

    /// Flagger: each check with its range; its values from the Canary's Warning events, an
    /// iteration that advanced as a successful point.
    @Test func flaggerChecksFromEvents() {
        let canary = Canary(metadata: ObjectMeta(name: "podinfo", namespace: "test"),
                            spec: .init(analysis: .init(interval: "1m", threshold: 5, metrics: [
                                .init(name: "request-success-rate", thresholdRange: .init(min: 99)),
                                .init(name: "request-duration", interval: "30s", thresholdRange: .init(max: 500)),
                                .init(name: "error-rate", thresholdRange: .init(max: 1)),
                            ])),
                            status: .init(phase: "Progressing", failedChecks: 2))
        func event(_ minute: Int, _ message: String) -> KubeEvent {
            var e = KubeEvent(metadata: ObjectMeta(name: "e\(minute)", namespace: "test"),
                              involvedObject: .init(kind: "Canary", name: "podinfo", namespace: "test"))
            e.message = message
            e.lastTimestamp = KubeTime(Date(timeIntervalSince1970: 1_767_225_600 + Double(minute) * 60))
            return e
        }
        let set = ObjectSet(events: [
            event(3, "Halt podinfo.test advancement request duration 1.515s > 500ms"),
            event(1, "Advance podinfo.test canary weight 10"),
            event(2, "Halt podinfo.test advancement success rate 55.00% < 99%"),
            event(4, "Halt advancement no values found for istio metric request-success-rate probably podinfo.test is not receiving traffic"),
            event(5, "Halt podinfo.test advancement error-rate 3.14 > 1"),
        ])
        let checks = CanaryChecks.histories(canary, objects: set)
        #expect(checks.map(\.name) == ["request-success-rate", "request-duration", "error-rate"])
        #expect(checks.allSatisfy { $0.source == "Canary events" })
        #expect(checks[0].thresholds == [MetricThreshold(.atLeast, 99)])
        #expect(checks[0].conditions == ["thresholdRange: min 99"])
        #expect(checks[0].points.map(\.phase) == ["Successful", "Failed", "Error"])
        #expect(checks[0].points.map(\.value) == ["", "55.00", ""])
        #expect(checks[1].points.map(\.value) == ["", "1515"])
        #expect(checks[1].interval == "30s")
        #expect(checks[2].points.map(\.number) == [nil, 3.14])
        #expect(checks[2].limits == ["failed 1 in the events", "failedChecks 2 of threshold 5"])
    }

    /// `-o json`: the canary steps with the current one, and each metric's measurements.
    @Test func jsonCarriesStepsAndMeasurements() throws {
        let set = try Fixtures.scenario("canary")
        let rollout = try #require(set.rollout(named: "canary-demo", namespace: "jesse-test"))
        let json = try JSON(parsing: OutputFormat.json.render(OutputDocuments.rollout(RolloutInfo(rollout, objects: set))))
        let steps = try #require(json["steps"]?.arrayValue)
        #expect(steps.count == rollout.steps.count)
        let index = Int(rollout.status.currentStepIndex ?? 0)
        #expect(steps[0]["index"] == 0)
        #expect(steps[0]["text"] == .string(rollout.steps[0].summary))
        #expect(steps[index]["current"] == true && steps[index]["done"] == false)
        #expect(index == 0 || steps[index - 1]["done"] == true)
        #expect(steps[0]["step"]?["setWeight"] == .int(Int64(rollout.steps[0].setWeight ?? -1)))

        // Read as written (the scenario loader rewrites the measurements' times).
        let aborted = try Fixtures.folder(Fixtures.argo.appendingPathComponent("info/testdata/rollout-aborted"))
        let info = RolloutInfo(try #require(aborted.rollouts.first), objects: aborted)
        let runJSON = try JSON(parsing: OutputFormat.json.render(OutputDocuments.rollout(info)))
        let run = try #require(runJSON["revisions"]?[0]?["analysisRuns"]?[0])
        let metric = try #require(run["metrics"]?[0])
        #expect(metric["name"] == "web")
        #expect(metric["phase"] == "Failed")
        #expect(metric["successCondition"] == "result == \"true\"")
        #expect(metric["measurements"] == [["value": "false", "phase": "Failed", "startedAt": "2020-09-22T09:10:04Z",
                                            "finishedAt": "2020-09-22T09:10:04Z"]])
        // The keys already there are unchanged.
        #expect(run["successful"] == 0 && run["failed"] == 1 && run["jobs"] == [])
    }
}
