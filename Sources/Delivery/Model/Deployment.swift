import KubeModel

/// An apps/v1 `Deployment`: a delivery of its own (`kubectl rollout`), a `workloadRef` target,
/// or a Flagger target and its `-primary`. Every field may be absent on the wire.
public struct Deployment: KubeResource, Hashable {
    /// `Deployment.spec`.
    public struct Spec: Codable, Sendable, Hashable {
        public var replicas: Int32?
        public var selector: LabelSelector?
        public var template: PodTemplateSpec?
        public var paused: Bool?
        public var strategy: Strategy?
        public init(replicas: Int32? = nil, selector: LabelSelector? = nil, template: PodTemplateSpec? = nil, paused: Bool? = nil) {
            self.replicas = replicas
            self.selector = selector
            self.template = template
            self.paused = paused
        }
    }
    /// `Deployment.spec.strategy`: only its type is read.
    public struct Strategy: Codable, Sendable, Hashable {
        /// `RollingUpdate` (the default when absent) or `Recreate`.
        public var type: String?
        public init(type: String? = nil) { self.type = type }
    }
    /// `Deployment.status`.
    public struct Status: Codable, Sendable, Hashable {
        public var replicas: Int32?
        public var updatedReplicas: Int32?
        public var readyReplicas: Int32?
        public var availableReplicas: Int32?
        public var observedGeneration: Int64?
        public var conditions: [Condition]?
        public init(replicas: Int32? = nil, updatedReplicas: Int32? = nil, readyReplicas: Int32? = nil, availableReplicas: Int32? = nil) {
            self.replicas = replicas
            self.updatedReplicas = updatedReplicas
            self.readyReplicas = readyReplicas
            self.availableReplicas = availableReplicas
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
