import Foundation
import Testing
@testable import Delivery

/// The Prometheus text exposition format as Flagger's `/metrics` page writes it, and what a
/// hostile or broken page does (nothing worse than lines left out).
@Suite struct PrometheusTextTests {
    /// Flagger's page as `pkg/metrics/recorder.go` exports it, with the Go client's own series around.
    static let flaggerPage = """
    # HELP flagger_canary_duration_seconds Seconds spent performing canary analysis.
    # TYPE flagger_canary_duration_seconds histogram
    flagger_canary_duration_seconds_bucket{kind="Deployment",name="podinfo",namespace="test",le="0.005"} 0
    flagger_canary_duration_seconds_bucket{kind="Deployment",name="podinfo",namespace="test",le="+Inf"} 12
    flagger_canary_duration_seconds_sum{kind="Deployment",name="podinfo",namespace="test"} 0.0543
    flagger_canary_duration_seconds_count{kind="Deployment",name="podinfo",namespace="test"} 12
    # HELP flagger_canary_metric_analysis Last canary analysis result per metric
    # TYPE flagger_canary_metric_analysis gauge
    flagger_canary_metric_analysis{metric="request-duration",name="podinfo",namespace="test"} 403.5
    flagger_canary_metric_analysis{metric="request-success-rate",name="podinfo",namespace="test"} 99.12
    flagger_canary_metric_analysis{metric="error-rate",name="backend",namespace="prod"} 1.5e-03
    # HELP flagger_canary_status Last canary analysis result
    # TYPE flagger_canary_status gauge
    flagger_canary_status{name="podinfo",namespace="test"} 0
    # HELP flagger_canary_weight The virtual service destination weight current value
    # TYPE flagger_canary_weight gauge
    flagger_canary_weight{namespace="test",workload="podinfo"} 20
    flagger_canary_weight{namespace="test",workload="podinfo-primary"} 80
    # HELP flagger_info Flagger version and mesh provider information
    # TYPE flagger_info gauge
    flagger_info{mesh_provider="istio",version="1.41.0"} 1
    # HELP go_goroutines Number of goroutines that currently exist.
    # TYPE go_goroutines gauge
    go_goroutines 87
    process_start_time_seconds 1.73e+09

    """

    @Test func readsFlaggersPage() {
        let samples = PrometheusText.samples(Self.flaggerPage)
        #expect(samples.count == 13)
        let gauge = PrometheusText.samples(named: "flagger_canary_metric_analysis", in: Self.flaggerPage)
        #expect(gauge.map(\.value) == [403.5, 99.12, 0.0015])
        #expect(gauge[1].labels == ["metric": "request-success-rate", "name": "podinfo", "namespace": "test"])
        #expect(samples.first { $0.name == "flagger_canary_duration_seconds_bucket" && $0.labels["le"] == "+Inf" }?.value == 12)
        #expect(samples.first { $0.name == "flagger_info" }?.labels == ["mesh_provider": "istio", "version": "1.41.0"])
        #expect(samples.first { $0.name == "go_goroutines" } == PrometheusSample(name: "go_goroutines", value: 87))
        #expect(samples.last?.value == 1.73e9)
    }

    @Test func specialValuesAndTimestamps() {
        let page = """
        a NaN
        b +Inf
        c -Inf 1712345678901
        d{x="1"} 2.5 -3
        e 1e400
        """
        let s = PrometheusText.samples(page)
        #expect(s.map(\.name) == ["a", "b", "c", "d", "e"])
        #expect(s[0].value.isNaN)
        #expect(s[1].value == .infinity)
        #expect(s[2].value == -.infinity && s[2].timestamp == 1_712_345_678_901)
        #expect(s[3].timestamp == -3)
        #expect(s[4].value == .infinity)
    }

    @Test func labelEscapesAndSpacing() {
        let page = #"m{path="C:\\dir",quote="say \"hi\"",nl="a\nb",other="\t",empty=""} 1"# + "\n" +
            #"spaced { a = "1" , b="2", } 3"# + "\r\n" + #"k{a="x}y",b="{"} 4"#
        let s = PrometheusText.samples(page)
        #expect(s.count == 3)
        #expect(s[0].labels == ["path": #"C:\dir"#, "quote": #"say "hi""#, "nl": "a\nb", "other": #"\t"#, "empty": ""])
        #expect(s[1].labels == ["a": "1", "b": "2"] && s[1].value == 3)
        #expect(s[2].labels == ["a": "x}y", "b": "{"] && s[2].value == 4)
    }

    @Test func hostileLinesAreLeftOutNeverACrash() {
        let hostile = [
            "", "#", "# HELP", "{}", "1abc 2", "m{", "m{a", "m{a=", #"m{a="x"#, #"m{a="x\"#, #"m{a="x"} "#, "m{a=x} 1",
            #"m{a="x"b="y"} 1"#, "m 1 2 3", "m one", "m 1 t", "m 0x1F", "m\u{0} 1", "\u{FEFF}m 1", "m{\u{1B}[2J=\"1\"} 1",
            "m{a=\"\u{1B}[2J\"}", String(repeating: "m{a=\"", count: 10_000), String(repeating: "{", count: 50_000),
            "m " + String(repeating: "9", count: 5000),
        ]
        for line in hostile {
            let samples = PrometheusText.samples(line)
            #expect(samples.allSatisfy { $0.name.unicodeScalars.allSatisfy { $0.isASCII } }, "\(line.prefix(40))")
        }
        #expect(PrometheusText.samples(hostile.joined(separator: "\n")).map(\.name) == ["m"])
        // Truncated mid-page: the lines before the cut read.
        let cut = String(Self.flaggerPage.prefix(Self.flaggerPage.range(of: "request-success-rate")!.lowerBound.utf16Offset(in: Self.flaggerPage)))
        #expect(PrometheusText.samples(named: "flagger_canary_metric_analysis", in: cut).map(\.value) == [403.5])
        // Random bytes.
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<200 {
            let bytes = (0..<Int.random(in: 0...300, using: &generator)).map { _ in UInt8.random(in: 0...255, using: &generator) }
            _ = PrometheusText.samples(String(decoding: bytes, as: UTF8.self))
        }
    }
}
