import Foundation
import KubeModel
import Delivery

/// Rows and the open detail from the store, for what a batch of events touched: each touched
/// key's row built again by its kind's adapter from the object and what its relations find, a
/// key whose object went (or that its adapter no longer lists) removed, and the detail built
/// again when anything in its namespace changed. Pure: no informer, no network.
struct LiveRows {
    var rows: [DeliveryRow] = []
    var removed: [ObjectRef] = []
    var detail: DetailModel?
    /// The objects whose rows were built again or removed.
    var touched: Set<ObjectRef> = []

    init(_ touched: Touched, store: ObjectStore, registry: DeliveryRegistry, detail detailRef: ObjectRef?, now: Date) {
        var keys = touched.rows
        let detailAdapter = detailRef.flatMap { registry.adapter(for: $0.kind) }
        let detailTouched = detailRef.map { touched.namespaces.contains($0.namespace) || keys[$0.kind]?.contains(Self.key($0)) == true } ?? false
        // The detail's row is shown beside it: built again with it.
        if detailTouched, let ref = detailRef { keys[ref.kind, default: []].insert(Self.key(ref)) }
        for (kind, kindKeys) in keys {
            guard let adapter = registry.adapter(for: kind) else { continue }
            let went = touched.removed[kind] ?? []
            for key in kindKeys {
                let parts = key.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
                guard parts.count == 2 else { continue }
                let ref = ObjectRef(kind: kind, namespace: parts[0], name: parts[1])
                // What counts is where each key ends the batch: a delete then a re-create (or an
                // unreadable version then a readable one) is a row; a change then a delete is a removal.
                if let kept = store.kept(adapter.resource, key: key), let object = kept.object {
                    let related = store.relatedKept(key, of: kind)
                    if var row = adapter.row(object, related: ObjectStore.decoded(related), now: now, fleetLabel: registry.fleetLabel) {
                        // Planned from the store's kept objects when asked: the row holds no typed object.
                        row.plans = StoredPlans.plans(adapter, object: kept, related: related, now: now)
                        rows.append(row)
                    } else {
                        removed.append(ref)
                    }
                    self.touched.insert(ref)
                } else if went.contains(key) {
                    removed.append(ref)
                    self.touched.insert(ref)
                }
            }
        }
        if detailTouched, let ref = detailRef, let adapter = detailAdapter,
           let object = store.object(adapter.resource, key: Self.key(ref)) {
            detail = adapter.detail(object, objects: store.objects(in: ref.namespace), now: now)
        }
    }

    static func key(_ ref: ObjectRef) -> String { "\(ref.namespace)/\(ref.name)" }

    /// The events for the reducer: the rows (when any changed), then the detail.
    var events: [ConsoleEvent] {
        (rows.isEmpty && removed.isEmpty ? [] : [.rows(upserted: rows, removed: removed)]) + (detail.map { [.detail($0)] } ?? [])
    }
}
