import KubeModel

/// An Argo Rollouts `Experiment`.
public struct Experiment: KubeResource, Hashable {
    /// One `spec.templates[]` entry.
    public struct Template: Codable, Sendable, Hashable {
        public var name: String?
        public var replicas: Int32?
        public var specRef: String?
    }
    /// `Experiment.spec`.
    public struct Spec: Codable, Sendable, Hashable {
        /// A Go duration string (`3h`) or seconds.
        public var duration: LenientString?
        public var terminate: Bool?
        public var templates: [Template]?
        public init(duration: LenientString? = nil, terminate: Bool? = nil) {
            self.duration = duration
            self.terminate = terminate
        }
    }
    /// `Experiment.status`.
    public struct Status: Codable, Sendable, Hashable {
        public var phase: String?
        public var message: String?
        public var availableAt: KubeTime?
        public var conditions: [Condition]?
        public init(phase: String? = nil, message: String? = nil, availableAt: KubeTime? = nil) {
            self.phase = phase
            self.message = message
            self.availableAt = availableAt
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
