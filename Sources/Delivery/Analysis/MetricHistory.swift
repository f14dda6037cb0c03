import Foundation
import KubeModel

/// Every measurement of one metric with what it is held against: what the analysis view charts
/// and lists, and `-o json` carries. Built from an AnalysisRun (`AnalysisHistory.init`) or from
/// a Flagger Canary and its events (`CanaryChecks`).
public struct MetricHistory: Sendable, Hashable {
    /// One measurement.
    public struct Point: Sendable, Hashable {
        /// The value as the provider wrote it (may be empty: a Job has none).
        public var value: String
        /// The value as a number, when it is one (what is charted).
        public var number: Double?
        /// `Successful`, `Failed`, `Inconclusive`, `Error`, `Running`, ...
        public var phase: String
        public var startedAt: KubeTime?
        public var finishedAt: KubeTime?
        /// The measurement's message or error.
        public var message: String

        public init(value: String, phase: String, startedAt: KubeTime? = nil, finishedAt: KubeTime? = nil, message: String = "") {
            self.value = value
            number = MetricValue.number(value)
            self.phase = phase
            self.startedAt = startedAt
            self.finishedAt = finishedAt
            self.message = message
        }
    }

    public var name: String
    public var phase: String
    /// Where the values come from (`AnalysisRun status`, `Canary events`).
    public var source: String
    /// A dry-run metric: its failures do not fail the run.
    public var dryRun: Bool
    /// The conditions as written (`successCondition: result[0] >= 0.95`, `thresholdRange: min 99`).
    public var conditions: [String]
    /// The lines the chart draws (one per simple condition).
    public var thresholds: [MetricThreshold]
    public var points: [Point]
    /// How close the run is to each limit: `measured 3 of count 5`, `failed 1 of failureLimit 2`.
    public var limits: [String]
    /// `interval 10s`, when there is one.
    public var interval: String?
    /// The metric result's message (the last error, for instance).
    public var message: String

    public init(name: String, phase: String, source: String, dryRun: Bool = false, conditions: [String] = [],
                thresholds: [MetricThreshold] = [], points: [Point] = [], limits: [String] = [], interval: String? = nil,
                message: String = "") {
        self.name = name
        self.phase = phase
        self.source = source
        self.dryRun = dryRun
        self.conditions = conditions
        self.thresholds = thresholds
        self.points = points
        self.limits = limits
        self.interval = interval
        self.message = message
    }

    /// The newest value, as written.
    public var lastValue: String { points.last(where: { !$0.value.isEmpty })?.value ?? "" }
}

/// An AnalysisRun's metrics with their histories.
public struct AnalysisHistory: Sendable, Hashable {
    public var name: String
    public var phase: String
    public var message: String
    public var metrics: [MetricHistory]

    public init(name: String, phase: String, message: String = "", metrics: [MetricHistory]) {
        self.name = name
        self.phase = phase
        self.message = message
        self.metrics = metrics
    }

    /// What `status.metricResults` and `spec.metrics` say of each metric, in the spec's order
    /// (then any result the spec does not name). Argo's defaults: `failureLimit` 0,
    /// `inconclusiveLimit` 0, `consecutiveErrorLimit` 4; the run fails once a count goes above its limit.
    public init(_ run: AnalysisRun) {
        name = run.metadata.name
        phase = run.status.phase ?? "Pending"
        message = TerminalSafe.message(run.status.message ?? "")
        let specs = run.spec.metrics ?? []
        let results = run.status.metricResults ?? []
        var names = specs.compactMap(\.name)
        for result in results { if let n = result.name, !names.contains(n) { names.append(n) } }
        metrics = names.map { name in
            let spec = specs.first { $0.name == name }
            let result = results.first { $0.name == name }
            var conditions: [String] = [], thresholds: [MetricThreshold] = []
            for (label, condition) in [("successCondition", spec?.successCondition), ("failureCondition", spec?.failureCondition)] {
                guard let condition, !condition.isEmpty else { continue }
                conditions.append("\(label): \(TerminalSafe.text(condition))")
                if let t = MetricThreshold.parse(condition) { thresholds.append(t) }
            }
            let points = (result?.measurements ?? []).map {
                MetricHistory.Point(value: TerminalSafe.text($0.value ?? ""), phase: $0.phase ?? "", startedAt: $0.startedAt,
                                    finishedAt: $0.finishedAt, message: TerminalSafe.message($0.message ?? ""))
            }
            let measured = Int(result?.count ?? 0)
            var limits = [spec?.count.map { "measured \(measured) of count \($0.value)" } ?? "measured \(measured)"]
            limits.append("failed \(result?.failed ?? 0) of failureLimit \(spec?.failureLimit?.value ?? "0")")
            limits.append("inconclusive \(result?.inconclusive ?? 0) of inconclusiveLimit \(spec?.inconclusiveLimit?.value ?? "0")")
            limits.append("consecutive errors \(result?.consecutiveError ?? 0) of consecutiveErrorLimit \(spec?.consecutiveErrorLimit?.value ?? "4")")
            return MetricHistory(name: TerminalSafe.text(name), phase: result?.phase ?? "Pending", source: "AnalysisRun status",
                                 dryRun: run.isDryRun(name),
                                 conditions: conditions, thresholds: thresholds, points: points, limits: limits,
                                 interval: spec?.interval.map(TerminalSafe.text),
                                 message: TerminalSafe.message(result?.message ?? ""))
        }
    }
}
