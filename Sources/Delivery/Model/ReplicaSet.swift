import KubeModel

/// An apps/v1 `ReplicaSet`, as the revision tree reads it.
public struct ReplicaSet: KubeResource, Hashable {
    /// `ReplicaSet.spec`.
    public struct Spec: Codable, Sendable, Hashable {
        public var replicas: Int32?
        public var selector: LabelSelector?
        public var template: PodTemplateSpec?
        public init(replicas: Int32? = nil, template: PodTemplateSpec? = nil) {
            self.replicas = replicas
            self.template = template
        }
    }
    /// `ReplicaSet.status`.
    public struct Status: Codable, Sendable, Hashable {
        public var replicas: Int32?
        public var readyReplicas: Int32?
        public var availableReplicas: Int32?
        public var observedGeneration: Int64?
        public var conditions: [Condition]?
        public init(replicas: Int32? = nil, availableReplicas: Int32? = nil, observedGeneration: Int64? = nil) {
            self.replicas = replicas
            self.availableReplicas = availableReplicas
            self.observedGeneration = observedGeneration
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

    /// The `rollouts-pod-template-hash` label.
    public var podTemplateHash: String? { metadata.labels?[Annotations.podTemplateHash] }
    /// The `rollout.argoproj.io/revision` annotation (0 when absent, nil when unparsable).
    public var revision: Int? { Annotations.revision(metadata.annotations) }
}
