import Foundation
import Kube
import KubeModel
import Delivery

/// The console's one cache of live objects: every resource's objects, kept per watch that
/// delivered them (`KindCache`), fed with informer events on the main thread. The relations the
/// adapters declare (a Rollout's ReplicaSets, a Canary's Deployments) are indexed both ways, so a
/// row costs what it relates to, and each event says which rows it touched (`Touched`).
struct ObjectStore {
    private var caches: [ResourceType: KindCache] = [:]
    private var joins: [JoinIndex]
    /// The kinds whose rows are built from their resource's objects.
    private let kinds: [ResourceType: DeliveryKind]

    init(registry: DeliveryRegistry) {
        joins = registry.adapters.flatMap { adapter in
            adapter.relations.map { JoinIndex(kind: adapter.kind, ownResource: adapter.resource, relation: $0) }
        }
        kinds = Dictionary(registry.adapters.map { ($0.resource, $0.kind) }, uniquingKeysWith: { first, _ in first })
    }

    /// The object of `resource` under `namespace/name`.
    func object(_ resource: ResourceType, key: String) -> (any KubeObject)? { caches[resource]?[key] }

    /// Every object of `resource`, in no particular order.
    func objects(_ resource: ResourceType) -> [any KubeObject] { caches[resource]?.values ?? [] }

    /// Applies one event of the watch `spec`; says which rows and namespaces it touched.
    mutating func apply(_ event: StoreEvent, from spec: WatchSpec) -> Touched {
        let (changed, removed) = caches[spec.resource, default: KindCache()].apply(event, from: spec)
        var touched = touch(spec.resource, changed: changed, removed: removed)
        if let ns = spec.namespace { touched.namespaces.insert(ns) }
        return touched
    }

    /// Forgets every object the watch `spec` delivered (it was closed); says which rows lost them.
    mutating func drop(_ spec: WatchSpec) -> Touched {
        let removed = caches[spec.resource]?.drop(spec) ?? []
        return touch(spec.resource, changed: [], removed: removed)
    }

    private mutating func touch(_ resource: ResourceType, changed: [any KubeObject], removed: [any KubeObject]) -> Touched {
        var touched = Touched()
        for object in changed + removed {
            touched.namespaces.insert(object.metadata.namespace ?? "")
        }
        if let kind = kinds[resource], !(changed.isEmpty && removed.isEmpty) {
            touched.rows[kind, default: []].formUnion((changed + removed).map(\.metadata.key))
            touched.removed[kind, default: []].formUnion(removed.map(\.metadata.key))
        }
        for i in joins.indices {
            if joins[i].ownResource == resource {
                for object in changed { joins[i].own.set(object.metadata.key, joins[i].relation.ownKeys(object)) }
                for object in removed { joins[i].own.set(object.metadata.key, []) }
            }
            if joins[i].relation.resource == resource {
                var keys = Set<String>()
                for object in changed { keys.formUnion(joins[i].related.set(object.metadata.key, joins[i].relation.relatedKeys(object))) }
                for object in removed { keys.formUnion(joins[i].related.set(object.metadata.key, [])) }
                let rows = keys.flatMap { joins[i].own.members(of: $0) }
                if !rows.isEmpty { touched.rows[joins[i].kind, default: []].formUnion(rows) }
            }
        }
        return touched
    }

    /// What the row of `object` (of `kind`) relates to, by the kind's relations.
    func related(_ object: any KubeObject, of kind: DeliveryKind) -> ObjectSet {
        var set = ObjectSet()
        for index in joins where index.kind == kind {
            guard let entry = ObjectSetKind.served(by: index.relation.resource), let cache = caches[index.relation.resource] else { continue }
            let keys = Set(index.relation.ownKeys(object).flatMap { index.related.members(of: $0) })
            entry.append(keys.sorted().compactMap { cache[$0] }, to: &set)
        }
        return set
    }

    /// Everything known in one namespace, for building a detail.
    func objects(in namespace: String) -> ObjectSet {
        var set = ObjectSet()
        for entry in ObjectSetKind.all {
            guard let resource = entry.resource, let cache = caches[resource] else { continue }
            let objects = cache.values.filter { $0.metadata.namespace == namespace }.sorted { $0.metadata.name < $1.metadata.name }
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

    mutating func formUnion(_ other: Touched) {
        rows.merge(other.rows) { $0.union($1) }
        removed.merge(other.removed) { $0.union($1) }
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
