import KubeModel

/// Which of the two progressive-delivery kinds a row or a detail is about.
public enum DeliveryKind: String, Sendable, Hashable, CaseIterable {
    /// Argo Rollouts `Rollout` (argoproj.io/v1alpha1).
    case rollout = "Rollout"
    /// Flagger `Canary` (flagger.app/v1beta1).
    case canary = "Canary"

    /// The API resource that serves this kind.
    public var resource: ResourceType { self == .rollout ? .rollouts : .canaries }
}

/// Names one Rollout or Canary: the identity rows, selections, dialogs and mutations share.
public struct ObjectRef: Sendable, Hashable, Comparable, CustomStringConvertible {
    public var kind: DeliveryKind
    public var namespace: String
    public var name: String

    public init(kind: DeliveryKind, namespace: String, name: String) {
        self.kind = kind
        self.namespace = namespace
        self.name = name
    }

    /// `rollout/name` or `canary/name`, the way kubectl names objects.
    public var description: String { "\(kind.rawValue.lowercased())/\(name)" }

    public static func < (a: ObjectRef, b: ObjectRef) -> Bool {
        (a.namespace, a.name, a.kind.rawValue) < (b.namespace, b.name, b.kind.rawValue)
    }
}
