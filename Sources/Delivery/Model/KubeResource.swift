import KubeModel

/// A part of an object that may be absent on the wire and then reads as empty.
public protocol EmptyInitializable {
    init()
}

/// An object made of `metadata`, `spec` and `status`, any of which may be missing (partial dumps,
/// fault-injected watch events): one decoder for every such kind instead of one per type.
public protocol KubeResource: KubeObject {
    associatedtype Spec: Codable & Sendable & EmptyInitializable
    associatedtype Status: Codable & Sendable & EmptyInitializable
    var spec: Spec { get }
    var status: Status { get }
    init(metadata: ObjectMeta, spec: Spec, status: Status)
}

/// The keys of a `KubeResource`.
private enum ResourceKeys: String, CodingKey { case metadata, spec, status }

extension KubeResource {
    public init(from decoder: any Decoder) throws { try self.init(parts: decoder) }

    /// The three parts, each empty when absent: the decoding every such kind shares (a kind that
    /// keeps more, as `Rollout` its verbatim text, calls it from its own `init(from:)`).
    public init(parts decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: ResourceKeys.self)
        self.init(metadata: try c.decodeIfPresent(ObjectMeta.self, forKey: .metadata) ?? ObjectMeta(name: ""),
                  spec: try c.decodeIfPresent(Spec.self, forKey: .spec) ?? Spec(),
                  status: try c.decodeIfPresent(Status.self, forKey: .status) ?? Status())
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: ResourceKeys.self)
        try c.encode(metadata, forKey: .metadata)
        try c.encode(spec, forKey: .spec)
        try c.encode(status, forKey: .status)
    }
}

// The parts that read as empty when absent.
extension RolloutSpec: EmptyInitializable { public init() {} }
extension RolloutStatusFields: EmptyInitializable {}
extension ReplicaSet.Spec: EmptyInitializable { public init() {} }
extension ReplicaSet.Status: EmptyInitializable { public init() {} }
extension Deployment.Spec: EmptyInitializable { public init() {} }
extension Deployment.Status: EmptyInitializable { public init() {} }
extension PodSpec: EmptyInitializable { public init() {} }
extension Pod.Status: EmptyInitializable { public init() {} }
extension AnalysisRun.Spec: EmptyInitializable { public init() {} }
extension AnalysisRun.Status: EmptyInitializable { public init() {} }
extension Experiment.Spec: EmptyInitializable { public init() {} }
extension Experiment.Status: EmptyInitializable { public init() {} }
extension Canary.Spec: EmptyInitializable { public init() {} }
extension Canary.Status: EmptyInitializable { public init() {} }
