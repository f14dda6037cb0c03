import Foundation
import Kube
import KubeModel
import Delivery

/// The console's one cache of live objects: every resource's objects, kept per watch that
/// delivered them (`KindCache`), fed with informer events on the main thread. The relations the
/// adapters declare (a Rollout's ReplicaSets, a Canary's Deployments) are indexed both ways, so a
/// row costs what it relates to, and each event says which rows it touched (`Touched`). The
/// list's watches keep each object as its text (`KeptObject`): the typed objects of a batch are
/// let go at `settle`, once the rows it touched are built, and decoded again when asked for.
struct ObjectStore {
    private var caches: [ResourceType: KindCache] = [:]
    private var joins: [JoinIndex]
    /// The kinds whose rows are built from their resource's objects.
    private let kinds: [ResourceType: DeliveryKind]
    private let adapters: [any DeliveryAdapter]
    /// The objects kept and not settled yet (still holding their typed form), by resource,
    /// namespace and key: `settle` decides namespace by namespace, so it looks at each waiting
    /// namespace once, not at each waiting object (at 20,000 Rollouts waiting for their
    /// ReplicaSets' list, a look at every object per page was 7 % of the first load's CPU).
    private var unsettled: [ResourceType: [String: [String: KeptObject]]] = [:]
    /// The resources a list's watch has delivered (its first list, at least).
    private var listed: Set<ResourceType> = []
    /// The list's watches whose first list is still coming page by page, each with the namespace
    /// of the last object its pages brought: a list comes in key order (`namespace/name`, as the
    /// API server's storage keeps it), so its later pages bring nothing in a namespace before it.
    private var loading: [WatchSpec: String] = [:]
    /// The resources each kind's rows read besides its own (its relations').
    private let relatedResources: [ResourceType: [ResourceType]]
    /// The resources whose objects' pages may build again a row that reads an object of the
    /// resource: the resources of the rows that read it, and every resource those rows read.
    private let rebuiltBy: [ResourceType: Set<ResourceType>]

    init(registry: DeliveryRegistry) {
        joins = registry.adapters.flatMap { adapter in
            adapter.relations.map { JoinIndex(kind: adapter.kind, ownResource: adapter.resource, relation: $0) }
        }
        kinds = Dictionary(registry.adapters.map { ($0.resource, $0.kind) }, uniquingKeysWith: { first, _ in first })
        adapters = registry.adapters
        relatedResources = Dictionary(registry.adapters.map { ($0.resource, $0.relations.map(\.resource)) }, uniquingKeysWith: +)
        var rebuiltBy: [ResourceType: Set<ResourceType>] = [:]
        for adapter in registry.adapters {
            let read = Set(adapter.relations.map(\.resource))
            for resource in read.union([adapter.resource]) { rebuiltBy[resource, default: []].formUnion(read.union([adapter.resource])) }
        }
        self.rebuiltBy = rebuiltBy
    }

    /// The object of `resource` under `namespace/name`.
    func object(_ resource: ResourceType, key: String) -> (any KubeObject)? { caches[resource]?[key]?.object }

    /// The object of `resource` under `namespace/name`, as kept.
    func kept(_ resource: ResourceType, key: String) -> KeptObject? { caches[resource]?[key] }

    /// Every object of `resource`, in no particular order (each decoded: a test's, not a frame's).
    func objects(_ resource: ResourceType) -> [any KubeObject] { caches[resource]?.entries.values.compactMap(\.object) ?? [] }

    /// The objects of `resource` whose label `label` is `value` (only those decoded).
    func objects(_ resource: ResourceType, labelled label: String, _ value: String) -> [any KubeObject] {
        caches[resource]?.entries.values.filter { $0.labels?[label] == value }.compactMap(\.object) ?? []
    }

    /// Whether `spec` is one of the list's watches (an adapter's own resource or one of its
    /// `listWatches`), whose objects are kept as text: thousands of them, read again only to
    /// build a row or plan a mutation. The detail's and the fleet screen's watches keep theirs
    /// typed while they are open.
    func keepsText(_ spec: WatchSpec) -> Bool {
        adapters.contains { adapter in
            ([WatchSpec(resource: adapter.resource, namespace: spec.namespace)] + adapter.listWatches(namespace: spec.namespace))
                .contains { $0.in(spec.cluster) == spec }
        }
    }

    /// Applies one event of the watch `spec` (`progress`: how far its first list has come, when
    /// the event is one of its pages); says which rows and namespaces it touched.
    mutating func apply(_ event: StoreEvent, from spec: WatchSpec, progress: ListProgress? = nil) -> Touched {
        let keepingText = keepsText(spec)
        if keepingText {
            listed.insert(spec.resource)
            if case let .page(items) = event, let progress, !progress.isComplete {
                loading[spec] = items.lazy.map { $0.metadata.namespace ?? "" }.max(by: Self.keyOrder) ?? loading[spec]
            } else {
                loading[spec] = nil
            }
        }
        let (changed, removed) = caches[spec.resource, default: KindCache()].apply(event, from: spec, keepingText: keepingText)
        for (key, object) in changed { unsettled[spec.resource, default: [:]][Self.namespace(of: key), default: [:]][key] = object }
        for key in removed { unsettled[spec.resource]?[Self.namespace(of: key)]?[key] = nil }
        var touched = touch(spec.resource, changed: changed.values.compactMap(\.object), removed: removed)
        if let ns = spec.namespace { touched.namespaces.insert(ns) }
        return touched
    }

    /// Lets go of the typed objects of the events applied since the last call, keeping their
    /// texts: called once the rows (and the detail) they touched are built and handed over. An
    /// object waits while a page still to come may build again a row that reads it, so that a
    /// first load decodes each object once: until every resource its kind's rows read has been
    /// listed (a Canary's Deployments are watched only once there are Canaries, and their first
    /// list builds the Canaries' rows again; the Rollouts' ReplicaSets are listed beside them),
    /// and while a first list of a resource that builds those rows again is still coming with
    /// pages in its namespace or before it (a row's relations are in its own namespace: a
    /// Rollout's ReplicaSets, a Canary's Deployment).
    /// Letting go of a page's worth or more asks for a trim of malloc's free pages (`HeapTrim`:
    /// what a first load's pages and typed objects freed stays resident otherwise), which runs
    /// once the pages have stopped coming.
    mutating func settle() {
        var settled = 0
        for resource in Array(unsettled.keys) where relatedResources[resource, default: []].allSatisfy(listed.contains) {
            let readers = rebuiltBy[resource, default: []]
            let coming = loading.filter { readers.contains($0.key.resource) }
            // Taken out while it changes, so that the dictionary is not copied.
            guard var waiting = unsettled.removeValue(forKey: resource) else { continue }
            for namespace in Array(waiting.keys)
            where coming.allSatisfy({ spec, last in spec.namespace.map { $0 != namespace } ?? Self.keyOrder(namespace, last) }) {
                let objects = waiting.removeValue(forKey: namespace) ?? [:]
                for object in objects.values { object.settle() }
                settled += objects.count
            }
            if !waiting.isEmpty { unsettled[resource] = waiting }
        }
        if settled >= Self.trimmedAfter { HeapTrim.soon() }
    }

    /// Whether the objects of namespace `a` come before those of `b` in a list (the storage's key
    /// order: `namespace/`, byte by byte, so `a-b/` before `a/`).
    private static func keyOrder(_ a: String, _ b: String) -> Bool {
        "\(a)/".utf8.lexicographicallyPrecedes("\(b)/".utf8)
    }

    /// How many typed objects let go at once are followed by a trim: a list's page.
    static let trimmedAfter = 500

    /// Forgets every object the watch `spec` delivered (it was closed); says which rows lost them.
    mutating func drop(_ spec: WatchSpec) -> Touched {
        loading[spec] = nil
        let removed = caches[spec.resource]?.drop(spec) ?? []
        return touch(spec.resource, changed: [], removed: removed)
    }

    /// The namespace of a `namespace/name` key ("" for a cluster-scoped name).
    private static func namespace(of key: String) -> String {
        key.firstIndex(of: "/").map { String(key[..<$0]) } ?? ""
    }

    private mutating func touch(_ resource: ResourceType, changed: [any KubeObject], removed: [String]) -> Touched {
        var touched = Touched()
        for object in changed { touched.namespaces.insert(object.metadata.namespace ?? "") }
        for key in removed { touched.namespaces.insert(Self.namespace(of: key)) }
        if let kind = kinds[resource], !(changed.isEmpty && removed.isEmpty) {
            touched.rows[kind, default: []].formUnion(changed.map(\.metadata.key) + removed)
            touched.removed[kind, default: []].formUnion(removed)
        }
        for i in joins.indices {
            if joins[i].ownResource == resource {
                for object in changed { joins[i].own.set(object.metadata.key, joins[i].relation.ownKeys(object)) }
                for key in removed { joins[i].own.set(key, []) }
            }
            if joins[i].relation.resource == resource {
                var keys = Set<String>()
                for object in changed { keys.formUnion(joins[i].related.set(object.metadata.key, joins[i].relation.relatedKeys(object))) }
                for key in removed { keys.formUnion(joins[i].related.set(key, [])) }
                let rows = keys.flatMap { joins[i].own.members(of: $0) }
                if !rows.isEmpty { touched.rows[joins[i].kind, default: []].formUnion(rows) }
            }
        }
        return touched
    }

    /// What the row of the object `key` (of `kind`) relates to, by the kind's relations, as kept:
    /// each related kind's objects in key order.
    func relatedKept(_ key: String, of kind: DeliveryKind) -> [(kind: ObjectSetKind, objects: [KeptObject])] {
        joins.compactMap { index -> (kind: ObjectSetKind, objects: [KeptObject])? in
            guard index.kind == kind, let entry = ObjectSetKind.served(by: index.relation.resource),
                  let cache = caches[index.relation.resource] else { return nil }
            let keys = Set(index.own.keys(of: key).flatMap { index.related.members(of: $0) })
            return (entry, keys.sorted().compactMap { cache[$0] })
        }
    }

    /// What the row of `object` (of `kind`, kept here) relates to, by the kind's relations.
    func related(_ object: any KubeObject, of kind: DeliveryKind) -> ObjectSet {
        Self.decoded(relatedKept(object.metadata.key, of: kind))
    }

    /// Kept objects of some kinds as a set of typed objects.
    static func decoded(_ related: [(kind: ObjectSetKind, objects: [KeptObject])]) -> ObjectSet {
        var set = ObjectSet()
        for (kind, objects) in related { kind.append(objects.compactMap(\.object), to: &set) }
        return set
    }

    /// Everything known in one namespace, for building a detail.
    func objects(in namespace: String) -> ObjectSet {
        var set = ObjectSet()
        for entry in ObjectSetKind.all {
            guard let resource = entry.resource, let cache = caches[resource] else { continue }
            let objects = cache.entries.filter { Self.namespace(of: $0.key) == namespace }.values.compactMap(\.object)
                .sorted { $0.metadata.name < $1.metadata.name }
            entry.append(objects, to: &set)
        }
        return set
    }
}

/// What a batch of events touched: the rows to build again (by kind, `namespace/name`), the
/// kind's own objects that went, and the namespaces whose objects changed (a detail there is
/// built again).
struct Touched: Equatable {
    var rows: [DeliveryKind: Set<String>] = [:]
    var removed: [DeliveryKind: Set<String>] = [:]
    var namespaces: Set<String> = []

    /// Adds `other` in place: a batch's sets grow by what each event adds (merged with `union`,
    /// each event copied the batch's whole set, 20,000 keys at the end of a first list).
    mutating func formUnion(_ other: Touched) {
        for (kind, keys) in other.rows { rows[kind, default: []].formUnion(keys) }
        for (kind, keys) in other.removed { removed[kind, default: []].formUnion(keys) }
        namespaces.formUnion(other.namespaces)
    }

    var isEmpty: Bool { rows.values.allSatisfy(\.isEmpty) && namespaces.isEmpty }
}

/// One adapter's relation, indexed on both sides by join key.
private struct JoinIndex {
    let kind: DeliveryKind
    let ownResource: ResourceType
    let relation: Relation
    var own = JoinSide()
    var related = JoinSide()
}

/// Objects by join key, and each object's keys (so a change of keys leaves the old ones).
struct JoinSide {
    private var members: [String: Set<String>] = [:]
    private var keysOf: [String: [String]] = [:]

    /// The objects (by key) under `join`.
    func members(of join: String) -> Set<String> { members[join] ?? [] }

    /// The join keys of the object `key`.
    func keys(of key: String) -> [String] { keysOf[key] ?? [] }

    /// Sets the join keys of the object `key` (none: it went); returns its old and new ones.
    @discardableResult
    mutating func set(_ key: String, _ joins: [String]) -> Set<String> {
        let old = keysOf[key] ?? []
        for join in old {
            members[join]?.remove(key)
            if members[join]?.isEmpty == true { members[join] = nil }
        }
        for join in joins { members[join, default: []].insert(key) }
        keysOf[key] = joins.isEmpty ? nil : joins
        return Set(old + joins)
    }
}
