import KubeModel

/// An apps/v1 `DaemonSet`: a Flagger target (and its `-primary`) as the canary tree reads it.
public struct DaemonSet: KubeResource, Hashable {
    /// `DaemonSet.spec`.
    public struct Spec: Codable, Sendable, Hashable, EmptyInitializable {
        public var selector: LabelSelector?
        public var template: PodTemplateSpec?
        public init() {}
    }
    /// `DaemonSet.status`.
    public struct Status: Codable, Sendable, Hashable, EmptyInitializable {
        public var desiredNumberScheduled: Int32?
        public var numberReady: Int32?
        public var numberAvailable: Int32?
        public var updatedNumberScheduled: Int32?
        public init() {}
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
