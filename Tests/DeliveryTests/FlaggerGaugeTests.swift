import Foundation
import KubeModel
import Testing
@testable import Delivery

/// The history of Flagger's check values built from successive readings of its page, and the
/// Canary's checks charted from it.
@Suite struct FlaggerGaugeTests {
    static func page(_ successRate: Double, _ duration: Double, other: String = "") -> [PrometheusSample] {
        PrometheusText.samples("""
        # TYPE flagger_canary_metric_analysis gauge
        flagger_canary_metric_analysis{metric="request-success-rate",name="podinfo",namespace="test"} \(successRate)
        flagger_canary_metric_analysis{metric="request-duration",name="podinfo",namespace="test"} \(duration)
        flagger_canary_metric_analysis{metric="request-success-rate",name="backend",namespace="test"} 100
        flagger_canary_status{name="podinfo",namespace="test"} 0
        \(other)
        """)
    }

    static let t0 = Date(timeIntervalSince1970: 1_700_000_000)

    @Test func eachNewValueIsAnIterationAndRereadsAreNot() {
        var history = FlaggerGaugeHistory()
        #expect(history.source == nil)
        history.record(Self.page(99.5, 310), from: "flagger-system/flagger-1", at: Self.t0)
        // Read again before the next iteration: the same values, nothing new.
        history.record(Self.page(99.5, 310), from: "flagger-system/flagger-1", at: Self.t0 + 30)
        history.record(Self.page(97.25, 310), from: "flagger-system/flagger-1", at: Self.t0 + 60)
        history.record(Self.page(91, 420), from: "flagger-system/flagger-1", at: Self.t0 + 120)
        let checks = history.checks(namespace: "test", target: "podinfo")
        #expect(checks.keys.sorted() == ["request-duration", "request-success-rate"])
        #expect(checks["request-success-rate"]?.map(\.value) == [99.5, 97.25, 91])
        #expect(checks["request-success-rate"]?.map(\.time) == [Self.t0, Self.t0 + 60, Self.t0 + 120])
        #expect(checks["request-duration"]?.map(\.value) == [310, 420])
        #expect(history.checks(namespace: "test", target: "backend")["request-success-rate"]?.count == 1)
        #expect(history.checks(namespace: "other", target: "podinfo").isEmpty)
        #expect(history.source == .scraped(pod: "flagger-system/flagger-1"))
    }

    @Test func aFailedReadingKeepsTheHistoryAndSaysWhy() {
        var history = FlaggerGaugeHistory()
        history.record(Self.page(99.5, 310), from: "flagger-system/flagger-1", at: Self.t0)
        history.failed("no access to pods/proxy in flagger-system")
        #expect(history.source == .unavailable("no access to pods/proxy in flagger-system"))
        #expect(history.checks(namespace: "test", target: "podinfo")["request-success-rate"]?.count == 1)
        history.record(Self.page(98, 310), from: "flagger-system/flagger-2", at: Self.t0 + 60)
        #expect(history.checks(namespace: "test", target: "podinfo")["request-success-rate"]?.map(\.value) == [99.5, 98])
    }

    @Test func theHistoryIsBounded() {
        var history = FlaggerGaugeHistory()
        for i in 0..<(FlaggerGaugeHistory.limit + 30) {
            history.record(Self.page(Double(i), 1), from: "p", at: Self.t0 + Double(i))
        }
        let values = history.checks(namespace: "test", target: "podinfo")["request-success-rate"]?.map(\.value) ?? []
        #expect(values.count == FlaggerGaugeHistory.limit)
        #expect(values.first == 30 && values.last == Double(FlaggerGaugeHistory.limit + 29))
    }

    @Test func seriesWithoutTheirLabelsAreIgnored() {
        var history = FlaggerGaugeHistory()
        history.record(PrometheusText.samples("""
        flagger_canary_metric_analysis{metric="m",namespace="test"} 1
        flagger_canary_metric_analysis{name="podinfo",namespace="test"} 1
        flagger_canary_metric_analysis 1
        """), from: "p", at: Self.t0)
        #expect(history.series.isEmpty)
    }

    static let checks = [
        MetricHistory(name: "request-success-rate", phase: "Successful", source: CanaryChecks.source,
                      conditions: ["thresholdRange: min 99"], thresholds: [MetricThreshold(.atLeast, 99)],
                      points: [MetricHistory.Point(value: "", phase: "Successful")],
                      limits: ["failed 0 in the events", "failedChecks 1 of threshold 5"]),
        MetricHistory(name: "error-rate", phase: "Pending", source: CanaryChecks.source,
                      thresholds: [MetricThreshold(.atLeast, 0), MetricThreshold(.atMost, 1)]),
        MetricHistory(name: "request-duration", phase: "Pending", source: CanaryChecks.source, thresholds: [MetricThreshold(.atMost, 500)]),
    ]

    @Test func theGaugeTakesThePlaceOfTheEventsWhereItHasTheCheck() {
        let readings: [String: [FlaggerGaugeHistory.Reading]] = [
            "request-success-rate": [.init(time: Self.t0, value: 99.5), .init(time: Self.t0 + 60, value: 87.25)],
            "error-rate": [.init(time: Self.t0, value: 0.4), .init(time: Self.t0 + 60, value: .nan)],
        ]
        let charted = CanaryChecks.withGauge(Self.checks, readings: readings)
        #expect(charted[0].source == CanaryChecks.gaugeSource)
        #expect(charted[0].points.map(\.value) == ["99.5", "87.25"])
        #expect(charted[0].points.map(\.number) == [99.5, 87.25])
        #expect(charted[0].points.map(\.phase) == ["Successful", "Failed"])
        #expect(charted[0].points[1].finishedAt == KubeTime(Self.t0 + 60))
        #expect(charted[0].phase == "Failed")
        #expect(charted[0].limits == ["failed 1 of 2 values read", "failedChecks 1 of threshold 5"])
        #expect(charted[1].points.map(\.phase) == ["Successful", "Error"])
        #expect(charted[1].points[1].value == "nan")
        // No readings for this one: its events stay.
        #expect(charted[2] == Self.checks[2])
    }

    @Test func theCaptionSaysWhereTheValuesComeFrom() {
        #expect(CanaryChecks.caption(.scraped(pod: "flagger-system/flagger-7d4b9"), gauged: true, interval: "1m")
            == "source: flagger /metrics via pod proxy (flagger-system/flagger-7d4b9), every 1m")
        #expect(CanaryChecks.caption(.scraped(pod: "flagger-system/flagger-7d4b9"), gauged: false, interval: "1m")
            == "source: events (no flagger_canary_metric_analysis series for this canary yet)")
        #expect(CanaryChecks.caption(.unavailable("no access to pods/proxy in flagger-system"), gauged: false, interval: "1m")
            == "source: events (no access to pods/proxy in flagger-system)")
        #expect(CanaryChecks.caption(nil, gauged: false, interval: nil) == "source: events")
        #expect(CanaryChecks.caption(.unavailable("bad \u{1B}[2J"), gauged: false, interval: nil).unicodeScalars.allSatisfy { $0 != "\u{1B}" })
    }
}
