import KubeModel

/// An apps/v1 `ReplicaSet`, as the revision tree reads it.
public struct ReplicaSet: KubeObject, Hashable {
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

    private enum CodingKeys: String, CodingKey { case metadata, spec, status }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        metadata = try c.decodeMetadata(forKey: .metadata)
        spec = try c.decodeIfPresent(Spec.self, forKey: .spec) ?? Spec()
        status = try c.decodeIfPresent(Status.self, forKey: .status) ?? Status()
    }

    /// The `rollouts-pod-template-hash` label.
    public var podTemplateHash: String? { metadata.labels?[Annotations.podTemplateHash] }
    /// The `rollout.argoproj.io/revision` annotation (0 when absent, nil when unparsable).
    public var revision: Int? { Annotations.revision(metadata.annotations) }
}

/// An apps/v1 `Deployment`: a `workloadRef` target, or a Flagger target and its `-primary`.
public struct Deployment: KubeObject, Hashable {
    /// `Deployment.spec`.
    public struct Spec: Codable, Sendable, Hashable {
        public var replicas: Int32?
        public var selector: LabelSelector?
        public var template: PodTemplateSpec?
        public var paused: Bool?
        public init(replicas: Int32? = nil, selector: LabelSelector? = nil, template: PodTemplateSpec? = nil) {
            self.replicas = replicas
            self.selector = selector
            self.template = template
        }
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

    private enum CodingKeys: String, CodingKey { case metadata, spec, status }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        metadata = try c.decodeMetadata(forKey: .metadata)
        spec = try c.decodeIfPresent(Spec.self, forKey: .spec) ?? Spec()
        status = try c.decodeIfPresent(Status.self, forKey: .status) ?? Status()
    }
}

/// The annotation and label keys Argo Rollouts writes.
public enum Annotations {
    public static let revision = "rollout.argoproj.io/revision"
    public static let podTemplateHash = "rollouts-pod-template-hash"
    public static let scaleDownDeadline = "scale-down-deadline"
    public static let experimentTemplateName = "experiment.argoproj.io/template-name"
    public static let workloadGeneration = "rollout.argoproj.io/workload-generation"

    /// The revision annotation as the plugin parses it: absent → 0, unparsable → nil.
    public static func revision(_ annotations: [String: String]?) -> Int? {
        guard let text = annotations?[revision] else { return 0 }
        return Int(text)
    }
}
