import Foundation
import Kube
import KubeModel

/// One resource's objects kept per watch that delivered them, read as one set. Two watches of a
/// kind overlap (the list's ReplicaSets cluster-wide and the detail's by selector): one's relist
/// or close must not take away what the other still delivers.
struct KindCache {
    private var bySpec: [WatchSpec: [String: any KubeObject]] = [:]

    /// The object under `namespace/name`, from whichever watch holds it.
    subscript(key: String) -> (any KubeObject)? {
        for cache in bySpec.values { if let object = cache[key] { return object } }
        return nil
    }

    /// Every object once, in no particular order.
    var values: [any KubeObject] {
        guard bySpec.count > 1 else { return bySpec.values.first.map { Array($0.values) } ?? [] }
        var merged: [String: any KubeObject] = [:]
        for cache in bySpec.values { merged.merge(cache) { first, _ in first } }
        return Array(merged.values)
    }

    /// Applies one event of the watch `spec`; returns the objects that changed (as they are now)
    /// and those no watch holds any more (as they were last). The watch's objects are taken out
    /// while the event changes them, so a change costs what it changes: left in place (or kept
    /// as "before"), the dictionary was copied whole at every event, 2,000 or 20,000 entries.
    mutating func apply(_ event: StoreEvent, from spec: WatchSpec) -> (changed: [any KubeObject], removed: [any KubeObject]) {
        var cache = bySpec.removeValue(forKey: spec) ?? [:]
        let (changedKeys, removed) = event.apply(to: &cache)
        let changed = changedKeys.compactMap { cache[$0] }
        bySpec[spec] = cache
        return (changed, removed.filter { self[$0.metadata.key] == nil })
    }

    /// Forgets what `spec` delivered; returns the objects no other watch holds.
    mutating func drop(_ spec: WatchSpec) -> [any KubeObject] {
        guard let cache = bySpec.removeValue(forKey: spec) else { return [] }
        return cache.filter { self[$0.key] == nil }.map(\.value)
    }
}
