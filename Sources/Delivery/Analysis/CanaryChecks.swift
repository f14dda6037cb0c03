import Foundation
import KubeModel

/// A Flagger Canary's metric checks (`spec.analysis.metrics`) with the values its events give.
/// Flagger keeps no measurement history in the Canary: a failed check's value is in the Warning
/// event it records (`Halt podinfo.test advancement success rate 55.00% < 99%`, `… request
/// duration 1.515s > 500ms`, `… error-rate 3.14 > 1`), a check without data in `Halt advancement
/// no values found for … metric NAME …`, and an iteration every check passed in `Advance …`
/// (a successful point without a value). So without Flagger's own page (`withGauge`) the
/// chart's source is the Canary's events.
public enum CanaryChecks {
    /// Where the values come from, as the view names it.
    public static let source = "Canary events"
    /// Where they come from when Flagger's gauge gives them.
    public static let gaugeSource = "flagger /metrics"

    /// The checks with the gauge's readings (by metric name, `FlaggerGaugeHistory.checks`) in
    /// place of the events' points, for each check the gauge has: a value holds when every
    /// threshold of the check's range does; a value that is not a number (`NaN`) is an error.
    public static func withGauge(_ checks: [MetricHistory], readings: [String: [FlaggerGaugeHistory.Reading]]) -> [MetricHistory] {
        checks.map { check in
            guard let values = readings[check.name], !values.isEmpty else { return check }
            var gauged = check
            gauged.source = gaugeSource
            gauged.points = values.map { reading in
                let phase = !reading.value.isFinite ? "Error"
                    : check.thresholds.allSatisfy { $0.comparison.holds(reading.value, $0.value) } ? "Successful" : "Failed"
                let value = reading.value.isFinite ? MetricValue.format(reading.value) : String(reading.value)
                return MetricHistory.Point(value: value, phase: phase, startedAt: KubeTime(reading.time), finishedAt: KubeTime(reading.time))
            }
            gauged.phase = gauged.points.last?.phase ?? check.phase
            // The first limit counts the events' failures (`histories`): the values read count in its place.
            let failed = gauged.points.filter { $0.phase != "Successful" }.count
            gauged.limits = ["failed \(failed) of \(gauged.points.count) values read"] + check.limits.dropFirst()
            return gauged
        }
    }

    /// What the charts of a Canary's checks say of their source: Flagger's page through the pod
    /// proxy (`pod`, read every `interval`) when `gauged`, else the events and why.
    public static func caption(_ source: FlaggerGaugeSource?, gauged: Bool, interval: String?) -> String {
        switch source {
        case let .scraped(pod) where gauged:
            return "source: flagger /metrics via pod proxy (\(TerminalSafe.text(pod)))" + (interval.map { ", every \(TerminalSafe.text($0))" } ?? "")
        case .scraped: return "source: events (no \(FlaggerGaugeHistory.metricName) series for this canary yet)"
        case let .unavailable(reason): return "source: events (\(TerminalSafe.text(reason)))"
        case nil: return "source: events"
        }
    }

    /// Each check of `canary`, with the points its events in `objects` give, oldest first.
    public static func histories(_ canary: Canary, objects: ObjectSet) -> [MetricHistory] {
        let checks = canary.analysis?.metrics ?? []
        let sorted = objects.events(about: "Canary", named: canary.metadata.name, namespace: canary.metadata.namespace)
        return checks.map { check in
            let name = check.name ?? ""
            var thresholds: [MetricThreshold] = []
            var range: [String] = []
            let (min, max) = bounds(check)
            if let min { thresholds.append(MetricThreshold(.atLeast, min)); range.append("min \(MetricValue.format(min))") }
            if let max { thresholds.append(MetricThreshold(.atMost, max)); range.append("max \(MetricValue.format(max))") }
            let points = sorted.compactMap { point(for: name, in: $0) }
            let failed = points.filter { $0.phase != "Successful" }.count
            // First, as `withGauge` replaces it.
            var limits = ["failed \(failed) in the events"]
            if let s = canary.status.failedChecks {
                limits.append("failedChecks \(s) of threshold \((canary.analysis?.threshold ?? 0) > 0 ? canary.analysis!.threshold! : 1)")
            }
            return MetricHistory(name: TerminalSafe.text(name), phase: points.last?.phase ?? "Pending", source: source,
                                 conditions: range.isEmpty ? [] : ["thresholdRange: " + range.joined(separator: ", ")],
                                 thresholds: thresholds, points: points, limits: limits,
                                 interval: (check.interval ?? canary.analysis?.interval).map(TerminalSafe.text))
        }
    }

    /// The bounds of a check: its `thresholdRange`, or the legacy `threshold` (a minimum for the
    /// success rate, a maximum for anything else, as Flagger reads it).
    static func bounds(_ check: Canary.MetricCheck) -> (min: Double?, max: Double?) {
        if let range = check.thresholdRange, range.min != nil || range.max != nil { return (range.min, range.max) }
        guard let threshold = check.threshold else { return (nil, nil) }
        return check.name == "request-success-rate" ? (threshold, nil) : (nil, threshold)
    }

    /// The point an event gives the check `name`, if it speaks of it.
    static func point(for name: String, in event: KubeEvent) -> MetricHistory.Point? {
        guard let message = event.message, !name.isEmpty else { return nil }
        let time = event.time
        if message.hasPrefix("Advance ") {
            return MetricHistory.Point(value: "", phase: "Successful", startedAt: time, finishedAt: time)
        }
        guard message.hasPrefix("Halt ") else { return nil }
        let safe = TerminalSafe.message(message)
        if message.contains("no values found"), message.contains("metric \(name) ") || message.hasSuffix("metric \(name)") {
            return MetricHistory.Point(value: "", phase: "Error", startedAt: time, finishedAt: time, message: safe)
        }
        // `advancement PHRASE VALUE OP BOUND`, where the phrase is the check's name or, for the
        // builtins, Flagger's words for it.
        let phrases = [name] + (name == "request-success-rate" ? ["success rate"] : name == "request-duration" ? ["request duration"] : [])
        for phrase in phrases {
            guard let range = message.range(of: "advancement \(phrase) ") else { continue }
            let words = message[range.upperBound...].split(separator: " ")
            guard words.count >= 3, ["<", ">"].contains(words[1]) else { continue }
            let value = String(words[0]).trimmingCharacters(in: CharacterSet(charactersIn: "%"))
            return MetricHistory.Point(value: TerminalSafe.text(durationMilliseconds(value) ?? value), phase: "Failed",
                                       startedAt: time, finishedAt: time, message: safe)
        }
        return nil
    }

    /// Flagger writes a request duration as a Go duration (`1.515s`); its threshold is in
    /// milliseconds, so the value is charted in milliseconds too.
    static func durationMilliseconds(_ text: String) -> String? {
        guard Double(text) == nil, let seconds = GoDuration.seconds(text) else { return nil }
        return MetricValue.format(seconds * 1000)
    }
}
