import Foundation
import KubeModel
import Delivery

/// One delivery tool as the console sees it (k9s's registrar, one entry per kind): what it lists
/// and watches, how the store's objects become its rows and details, its plans and follow-ups.
/// Registered once, in `DeliveryRegistry.registered`; nothing outside an adapter asks which kind
/// a row is. The pure domain logic (`RolloutInfo`, `CanaryRequests`, the texts) stays in
/// `Delivery`; adapters call it.
public protocol DeliveryAdapter: Sendable {
    /// The kind's identity on rows, refs and dialogs.
    var kind: DeliveryKind { get }
    /// Where the kind's own objects are served (its list watch).
    var resource: ResourceType { get }
    /// The kind on the command line: its names, `get` and `list` (`DeliveryRegistry.commandLineKinds`).
    var commandLine: CommandLineKind { get }
    /// The tool's name when its API group is a CRD a cluster may lack ("Argo Rollouts"); nil for a
    /// built-in kind, which every cluster serves.
    var toolName: String? { get }
    /// Listed without `--kinds` (a cluster's thousands of Deployments are not).
    var enabledByDefault: Bool { get }
    /// What a row reads besides its own object; the store indexes these relations.
    var relations: [Relation] { get }
    /// The actions whose plans may send a request outside the row's namespace (a Flagger gate
    /// through a loadtester elsewhere): the only plans read to find which namespaces to ask what
    /// the user may do, once the row's own namespace is asked about (`PermissionBook`).
    var crossNamespacePlans: Set<MutationKind> { get }
    /// The list's watches besides the kind's own, while rows of the kind are shown (or from the
    /// start, when `listWatchesAwaitRows` is false).
    func listWatches(namespace: String?) -> [WatchSpec]
    /// Whether `listWatches` wait for the kind's first row: a cluster's thousands of Deployments
    /// are not listed for a kind it has no object of. False when what they match exists only
    /// beside the kind's objects (the ReplicaSets Argo Rollouts made): then they are listed
    /// beside the kind's own list from the start, on the core that would wait for its first page.
    var listWatchesAwaitRows: Bool { get }
    /// The detail's watches besides its Events (narrowed by the row's selector when it has one).
    func detailWatches(of ref: ObjectRef, row: DeliveryRow?) -> [WatchSpec]
    /// The row of one of the kind's objects, `related` holding what `relations` found; nil when
    /// the object is not listed (a Deployment a Canary or a Rollout already shows).
    func row(_ object: any KubeObject, related: ObjectSet, now: Date) -> DeliveryRow?
    /// The mutation plans of one of the kind's objects, `related` holding what `relations` found:
    /// its row's (a row of the store's objects plans through this when asked, from them decoded again).
    func plans(_ object: any KubeObject, related: ObjectSet, now: Date) -> RowPlans
    /// The detail of one of the kind's objects from everything known in its namespace.
    func detail(_ object: any KubeObject, objects: ObjectSet, now: Date) -> DetailModel?
    /// What rollscope must set back once `mutation` (sent to `object`) has succeeded; nil for
    /// most mutations and most tools.
    func awaitedFollowUp(after mutation: Mutation, on object: any KubeObject, now: Date) -> (any AwaitedFollowUp)?
}

extension DeliveryAdapter {
    public var toolName: String? { nil }
    public var enabledByDefault: Bool { true }
    public var relations: [Relation] { [] }
    public var crossNamespacePlans: Set<MutationKind> { [] }
    public func listWatches(namespace: String?) -> [WatchSpec] { [] }
    public var listWatchesAwaitRows: Bool { true }
    /// Its row's plans, the row built again.
    public func plans(_ object: any KubeObject, related: ObjectSet, now: Date) -> RowPlans {
        row(object, related: related, now: now)?.plans ?? [:]
    }
    public func awaitedFollowUp(after mutation: Mutation, on object: any KubeObject, now: Date) -> (any AwaitedFollowUp)? { nil }

    /// The row of `object` carrying its value of `fleetLabel` (`DeliveryRow.fleetLabelValue`).
    func row(_ object: any KubeObject, related: ObjectSet, now: Date, fleetLabel: String?) -> DeliveryRow? {
        guard var row = row(object, related: related, now: now) else { return nil }
        row.fleetLabelValue = fleetLabel.flatMap { object.metadata.labels?[$0] }
        return row
    }

    /// The rows of every listed object of the kind in a snapshot (a dump).
    func rows(in objects: ObjectSet, now: Date, fleetLabel: String? = nil) -> [DeliveryRow] {
        ObjectSetKind.served(by: resource)?.objects(in: objects).compactMap { row($0, related: objects, now: now, fleetLabel: fleetLabel) } ?? []
    }

    /// The ref of one of the kind's objects.
    func ref(_ object: any KubeObject) -> ObjectRef {
        ObjectRef(kind: kind, namespace: object.metadata.namespace ?? "", name: object.metadata.name)
    }
}

/// A relation a row reads, as join keys (`namespace/name` by convention): a related object of
/// `resource` belongs to the row of each of the kind's objects sharing a key with it. A Rollout
/// joins the ReplicaSets it owns by its key; a Canary joins its target and `-primary`
/// Deployments by its target's key. The store keeps both sides indexed, so a row costs what it
/// relates to, and a related object's change rebuilds just the rows it joins.
public struct Relation: Sendable {
    public var resource: ResourceType
    /// The join keys of one of the kind's own objects.
    public var ownKeys: @Sendable (any KubeObject) -> [String]
    /// The join keys of a related object.
    public var relatedKeys: @Sendable (any KubeObject) -> [String]

    public init(resource: ResourceType, ownKeys: @escaping @Sendable (any KubeObject) -> [String],
                relatedKeys: @escaping @Sendable (any KubeObject) -> [String]) {
        self.resource = resource
        self.ownKeys = ownKeys
        self.relatedKeys = relatedKeys
    }
}

/// A follow-up waiting for its object to move: once the mutation that opened it succeeded, each
/// change of the object asks whether it is due, and the request that closes it is planned from
/// the object as it is then.
public protocol AwaitedFollowUp: Sendable {
    var ref: ObjectRef { get }
    /// What it left open ("the gate").
    var opened: String { get }
    /// What the object must do before it is closed.
    var awaited: String { get }
    /// Whether `object` (its object as cached now) has moved far enough.
    func isDue(_ object: any KubeObject) -> Bool
    /// The automatic request that sets it back, planned from `object`.
    func closing(_ object: any KubeObject) -> FollowUp?
}
