import KubeModel

/// An Argo Rollouts `AnalysisRun`: its phase, metric counts and measurements (Job rows).
public struct AnalysisRun: KubeResource, Hashable {
    /// One `spec.metrics[]` entry: what is measured, how often, and when it passes or fails.
    /// The counts and limits are ints or (unresolved) argument strings: kept as written.
    public struct Metric: Codable, Sendable, Hashable {
        public var name: String?
        public var interval: String?
        public var initialDelay: String?
        public var count: LenientString?
        public var successCondition: String?
        public var failureCondition: String?
        public var failureLimit: LenientString?
        public var inconclusiveLimit: LenientString?
        public var consecutiveErrorLimit: LenientString?
        public init(name: String? = nil, interval: String? = nil, count: LenientString? = nil, successCondition: String? = nil,
                    failureCondition: String? = nil, failureLimit: LenientString? = nil, inconclusiveLimit: LenientString? = nil,
                    consecutiveErrorLimit: LenientString? = nil) {
            self.name = name
            self.interval = interval
            self.count = count
            self.successCondition = successCondition
            self.failureCondition = failureCondition
            self.failureLimit = failureLimit
            self.inconclusiveLimit = inconclusiveLimit
            self.consecutiveErrorLimit = consecutiveErrorLimit
        }
    }
    /// One `spec.dryRun[]` entry: a metric (or `*`) whose failure does not fail the run.
    public struct DryRun: Codable, Sendable, Hashable {
        public var metricName: String?
        public init(metricName: String? = nil) { self.metricName = metricName }
    }
    /// `AnalysisRun.spec`.
    public struct Spec: Codable, Sendable, Hashable {
        public var terminate: Bool?
        public var metrics: [Metric]?
        public var dryRun: [DryRun]?
        public init(terminate: Bool? = nil, metrics: [Metric]? = nil, dryRun: [DryRun]? = nil) {
            self.terminate = terminate
            self.metrics = metrics
            self.dryRun = dryRun
        }
    }
    /// One measurement of a metric.
    public struct Measurement: Codable, Sendable, Hashable {
        public var phase: String?
        public var value: String?
        public var message: String?
        public var startedAt: KubeTime?
        public var finishedAt: KubeTime?
        public var metadata: [String: String]?
        public init(phase: String? = nil, value: String? = nil, message: String? = nil, startedAt: KubeTime? = nil,
                    finishedAt: KubeTime? = nil, metadata: [String: String]? = nil) {
            self.phase = phase
            self.value = value
            self.message = message
            self.startedAt = startedAt
            self.finishedAt = finishedAt
            self.metadata = metadata
        }
    }
    /// `status.metricResults[]`.
    public struct MetricResult: Codable, Sendable, Hashable {
        public var name: String?
        public var phase: String?
        public var message: String?
        public var count: Int32?
        public var successful: Int32?
        public var failed: Int32?
        public var inconclusive: Int32?
        public var error: Int32?
        public var consecutiveError: Int32?
        public var measurements: [Measurement]?
        /// Set by the controller on a dry-run metric's result.
        public var dryRun: Bool?
        public init(name: String? = nil, phase: String? = nil, successful: Int32? = nil, failed: Int32? = nil,
                    inconclusive: Int32? = nil, error: Int32? = nil, measurements: [Measurement]? = nil) {
            self.name = name
            self.phase = phase
            self.successful = successful
            self.failed = failed
            self.inconclusive = inconclusive
            self.error = error
            self.measurements = measurements
        }
    }
    /// `AnalysisRun.status`.
    public struct Status: Codable, Sendable, Hashable {
        public var phase: String?
        public var message: String?
        public var startedAt: KubeTime?
        public var metricResults: [MetricResult]?
        public init(phase: String? = nil, message: String? = nil, metricResults: [MetricResult]? = nil) {
            self.phase = phase
            self.message = message
            self.metricResults = metricResults
        }
    }

    public var metadata: ObjectMeta
    public var spec: Spec
    public var status: Status

    public init(metadata: ObjectMeta, spec: Spec = Spec(), status: Status = Status()) {
        self.metadata = metadata
        self.spec = spec
        self.status = status
    }

    /// Whether the metric `name` runs dry (`spec.dryRun` names it or `*`, or its result says so):
    /// its failures do not fail the run.
    public func isDryRun(_ name: String) -> Bool {
        if status.metricResults?.first(where: { $0.name == name })?.dryRun == true { return true }
        return (spec.dryRun ?? []).contains { $0.metricName == name || $0.metricName == "*" }
    }
}
