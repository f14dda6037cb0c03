import Foundation

/// Where a Canary's check values come from: Flagger's `/metrics` page read through the API
/// server's pod proxy, or (when that cannot be read) the Canary's events, with the reason.
public enum FlaggerGaugeSource: Sendable, Hashable {
    /// The page of Flagger's pod `namespace/name` was read.
    case scraped(pod: String)
    /// It could not be: no access to `pods/proxy`, no Flagger pod, an error (the reason, as shown).
    case unavailable(String)
}

/// Flagger's gauge `flagger_canary_metric_analysis{name,namespace,metric}` (the last value of
/// each metric check, set once per analysis iteration; `name` is the Canary's target, not the
/// Canary), kept as a bounded history per check while rollscope runs: Flagger keeps none.
/// Each scrape of the page is recorded with `record`; a value is a new iteration's when it
/// differs from the check's previous one (Flagger sets the gauge once per iteration and a
/// measured float repeats only when the page is read again before the next iteration, or once
/// the canary is no longer analysed). Pure.
public struct FlaggerGaugeHistory: Sendable, Hashable {
    public static let metricName = "flagger_canary_metric_analysis"
    /// Values kept per check, the oldest dropped first.
    public static let limit = 120

    /// One check of one Canary target.
    public struct Key: Sendable, Hashable {
        public var namespace: String
        /// The Canary's `spec.targetRef.name`.
        public var target: String
        public var metric: String
        public init(namespace: String, target: String, metric: String) {
            self.namespace = namespace
            self.target = target
            self.metric = metric
        }
    }

    /// One value and when it was read.
    public struct Reading: Sendable, Hashable {
        public var time: Date
        public var value: Double
        public init(time: Date, value: Double) {
            self.time = time
            self.value = value
        }
    }

    public private(set) var series: [Key: [Reading]] = [:]
    /// Where the latest scrape came from, or why it failed; nil before the first.
    public private(set) var source: FlaggerGaugeSource?

    public init() {}

    /// A scrape of Flagger's page (its samples, read from `pod`) at `time`.
    public mutating func record(_ samples: [PrometheusSample], from pod: String, at time: Date) {
        source = .scraped(pod: pod)
        for sample in samples where sample.name == Self.metricName {
            guard let namespace = sample.labels["namespace"], let target = sample.labels["name"],
                  let metric = sample.labels["metric"] else { continue }
            let key = Key(namespace: namespace, target: target, metric: metric)
            var readings = series[key] ?? []
            if let last = readings.last, last.value == sample.value || (last.value.isNaN && sample.value.isNaN) { continue }
            readings.append(Reading(time: time, value: sample.value))
            if readings.count > Self.limit { readings.removeFirst(readings.count - Self.limit) }
            series[key] = readings
        }
    }

    /// A scrape that failed: the history stays, the source says why.
    public mutating func failed(_ reason: String) {
        source = .unavailable(reason)
    }

    /// The readings of each check of the Canary whose target is `namespace/target`, by metric name.
    public func checks(namespace: String, target: String) -> [String: [Reading]] {
        var out: [String: [Reading]] = [:]
        for (key, readings) in series where key.namespace == namespace && key.target == target { out[key.metric] = readings }
        return out
    }
}
