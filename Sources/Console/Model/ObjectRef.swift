import KubeModel

/// Which delivery kind a row or a detail is about (`Rollout`, `Canary`, ...): an open identity,
/// the `kind` name of the objects, each one registered once by its adapter (`DeliveryAdapters`).
/// Nothing outside an adapter asks which kind it is; it asks the kind's adapter.
public struct DeliveryKind: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The objects' `kind` field (`Rollout`).
    public let rawValue: String

    public init(rawValue: String) { self.rawValue = rawValue }

    public var description: String { rawValue }

    public static func < (a: DeliveryKind, b: DeliveryKind) -> Bool { a.rawValue < b.rawValue }
}

/// Names one delivery object (a Rollout, a Canary, ...): the identity rows, selections, dialogs and mutations share.
public struct ObjectRef: Sendable, Hashable, Comparable, CustomStringConvertible {
    public var kind: DeliveryKind
    public var namespace: String
    public var name: String
    /// The cluster it lives in (`single` on a one-cluster console).
    public var cluster: ClusterID

    public init(kind: DeliveryKind, namespace: String, name: String, cluster: ClusterID = .single) {
        self.kind = kind
        self.namespace = namespace
        self.name = name
        self.cluster = cluster
    }

    /// The same object named in another cluster (how a fleet source tags its members' objects).
    public func `in`(_ cluster: ClusterID) -> ObjectRef {
        var ref = self
        ref.cluster = cluster
        return ref
    }

    /// `rollout/name` or `canary/name`, the way kubectl names objects.
    public var description: String { "\(kind.rawValue.lowercased())/\(name)" }

    public static func < (a: ObjectRef, b: ObjectRef) -> Bool {
        // The cluster last: the same application in several clusters sorts together.
        (a.namespace, a.name, a.kind.rawValue, a.cluster.rawValue) < (b.namespace, b.name, b.kind.rawValue, b.cluster.rawValue)
    }
}
