import KubeModel

/// One kind of object an `ObjectSet` holds: its `kind` name, the resource that serves it (nil for
/// a kind read only from files), its Swift type, and how its objects go in and out of a set. The
/// one table (`all`) that says what lists, watches, reads and decodes a kind: the manifest reader,
/// the CLI's cluster reads, the console's informers and store all go through it.
public struct ObjectSetKind: Sendable {
    /// `Rollout`, `Pod`, ... as in an object's `kind` field.
    public let kind: String
    /// Where the API serves it; nil for a kind only read from files (DaemonSet).
    public let resource: ResourceType?
    /// The decoded type.
    public let type: any KubeObject.Type
    private let read: @Sendable (ObjectSet) -> [any KubeObject]
    private let write: @Sendable (inout ObjectSet, [any KubeObject]) -> Void

    private static func of<T: KubeObject>(_ type: T.Type, _ kind: String, _ resource: ResourceType?,
                                          _ read: @escaping @Sendable (ObjectSet) -> [T],
                                          _ write: @escaping @Sendable (inout ObjectSet, [T]) -> Void) -> ObjectSetKind {
        ObjectSetKind(kind: kind, resource: resource, type: type, read: read,
                      write: { set, objects in write(&set, objects.compactMap { $0 as? T }) })
    }

    /// Every kind an `ObjectSet` holds.
    public static let all: [ObjectSetKind] = [
        of(Rollout.self, "Rollout", .rollouts, { $0.rollouts }, { $0.rollouts += $1 }),
        of(ReplicaSet.self, "ReplicaSet", .replicaSets, { $0.replicaSets }, { $0.replicaSets += $1 }),
        of(Pod.self, "Pod", .pods, { $0.pods }, { $0.pods += $1 }),
        of(AnalysisRun.self, "AnalysisRun", .analysisRuns, { $0.analysisRuns }, { $0.analysisRuns += $1 }),
        of(Experiment.self, "Experiment", .experiments, { $0.experiments }, { $0.experiments += $1 }),
        of(Deployment.self, "Deployment", .deployments, { $0.deployments }, { $0.deployments += $1 }),
        of(DaemonSet.self, "DaemonSet", nil, { $0.daemonSets }, { $0.daemonSets += $1 }),
        of(KubeEvent.self, "Event", .events, { $0.events }, { $0.events += $1 }),
        of(Canary.self, "Canary", .canaries, { $0.canaries }, { $0.canaries += $1 }),
    ]

    private static let byKind = Dictionary(uniqueKeysWithValues: all.map { ($0.kind, $0) })
    private static let byResource = Dictionary(uniqueKeysWithValues: all.compactMap { k in k.resource.map { ($0, k) } })

    /// The entry for an object's `kind` field.
    public static func named(_ kind: String) -> ObjectSetKind? { byKind[kind] }

    /// The entry for the resource that serves it.
    public static func served(by resource: ResourceType) -> ObjectSetKind? { byResource[resource] }

    /// This kind's objects in `set`.
    public func objects(in set: ObjectSet) -> [any KubeObject] { read(set) }

    /// Appends `objects` (those of this kind) to `set`.
    public func append(_ objects: [any KubeObject], to set: inout ObjectSet) { write(&set, objects) }
}
