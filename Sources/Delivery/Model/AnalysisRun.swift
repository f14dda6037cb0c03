import KubeModel

/// An Argo Rollouts `AnalysisRun`: its phase, metric counts and measurements (Job rows).
public struct AnalysisRun: KubeResource, Hashable {
    /// `AnalysisRun.spec`.
    public struct Spec: Codable, Sendable, Hashable {
        public var terminate: Bool?
        public init(terminate: Bool? = nil) { self.terminate = terminate }
    }
    /// One measurement of a metric.
    public struct Measurement: Codable, Sendable, Hashable {
        public var phase: String?
        public var value: String?
        public var message: String?
        public var startedAt: KubeTime?
        public var finishedAt: KubeTime?
        public var metadata: [String: String]?
        public init(phase: String? = nil, startedAt: KubeTime? = nil, finishedAt: KubeTime? = nil, metadata: [String: String]? = nil) {
            self.phase = phase
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

}
