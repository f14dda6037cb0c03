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
    /// and those no watch holds any more (as they were last).
    mutating func apply(_ event: StoreEvent, from spec: WatchSpec) -> (changed: [any KubeObject], removed: [any KubeObject]) {
        var cache = bySpec[spec] ?? [:]
        let (changedKeys, removedKeys) = event.apply(to: &cache)
        let before = bySpec[spec] ?? [:]
        bySpec[spec] = cache
        let removed = removedKeys.compactMap { key in self[key] == nil ? before[key] : nil }
        return (changedKeys.compactMap { cache[$0] }, removed)
    }

    /// Forgets what `spec` delivered; returns the objects no other watch holds.
    mutating func drop(_ spec: WatchSpec) -> [any KubeObject] {
        guard let cache = bySpec.removeValue(forKey: spec) else { return [] }
        return cache.filter { self[$0.key] == nil }.map(\.value)
    }
}
