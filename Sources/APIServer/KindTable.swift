/// The stored objects of one kind, grouped by namespace (a cluster-scoped kind's under ""), each
/// group keyed by `namespace/name` as etcd keys them. One namespace's list, which the demo's
/// controllers make at every reconcile (a ReplicaSet's pods), then costs that namespace's
/// objects, not the kind's: with 20,000 pods in one table, the scale scenario's ReplicaSet
/// controller spent over a minute at half a core after the scenario had settled.
struct KindTable {
    private var groups: [String: [String: StoredObject]] = [:]
    /// How many objects the table holds.
    private(set) var count = 0

    /// The object under `key` (`ObjectStore.key`) in `namespace`; setting nil removes it.
    subscript(namespace: String?, key: String) -> StoredObject? {
        get { groups[namespace ?? ""]?[key] }
        set {
            let group = namespace ?? ""
            if let newValue {
                if groups[group, default: [:]].updateValue(newValue, forKey: key) == nil { count += 1 }
            } else if groups[group]?.removeValue(forKey: key) != nil {
                count -= 1
                if groups[group]?.isEmpty == true { groups[group] = nil }
            }
        }
    }

    /// The objects in `namespace` (every namespace when nil) that `include` accepts, in key order
    /// (etcd's). Sorted by the keys the table holds: `StoredObject.key` builds a new string at each
    /// call, and a sort calling it at every comparison was most of a first list page's time.
    func inKeyOrder(namespace: String?, where include: (StoredObject) -> Bool) -> [StoredObject] {
        var matching: [(key: String, value: StoredObject)] = []
        func collect(_ group: [String: StoredObject]) {
            for entry in group where include(entry.value) { matching.append(entry) }
        }
        if let namespace {
            groups[namespace].map(collect)
        } else {
            for group in groups.values { collect(group) }
        }
        matching.sort { $0.key < $1.key }
        return matching.map(\.value)
    }

    /// Every object in `namespace`, by key, in no order.
    func objects(in namespace: String) -> [String: StoredObject] { groups[namespace] ?? [:] }
}
