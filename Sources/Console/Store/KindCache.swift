import Foundation
import Kube
import KubeModel

/// One resource's objects kept per watch that delivered them, read as one set. Two watches of a
/// kind overlap (the list's ReplicaSets cluster-wide and the detail's by selector): one's relist
/// or close must not take away what the other still delivers.
struct KindCache {
    private var bySpec: [WatchSpec: [String: KeptObject]] = [:]

    /// The object under `namespace/name`, from whichever watch holds it.
    subscript(key: String) -> KeptObject? {
        for cache in bySpec.values { if let object = cache[key] { return object } }
        return nil
    }

    /// Every object once, by `namespace/name`.
    var entries: [String: KeptObject] {
        guard bySpec.count > 1 else { return bySpec.values.first ?? [:] }
        var merged: [String: KeptObject] = [:]
        for cache in bySpec.values { merged.merge(cache) { first, _ in first } }
        return merged
    }

    /// Applies one event of the watch `spec` (its objects' texts kept when `keepingText`); returns
    /// the objects that changed (as they are now, by key) and the keys no watch holds any more.
    /// The watch's objects are taken out while the event changes them, so a change costs what it
    /// changes: left in place (or kept as "before"), the dictionary was copied whole at every
    /// event, 2,000 or 20,000 entries.
    mutating func apply(_ event: StoreEvent, from spec: WatchSpec, keepingText: Bool) -> (changed: [String: KeptObject], removed: [String]) {
        var cache = bySpec.removeValue(forKey: spec) ?? [:]
        let (changed, removedKeys) = event.apply(to: &cache, keepingText: keepingText)
        bySpec[spec] = cache
        return (changed, removedKeys.filter { self[$0] == nil })
    }

    /// Forgets what `spec` delivered; returns the keys no other watch holds.
    mutating func drop(_ spec: WatchSpec) -> [String] {
        guard let cache = bySpec.removeValue(forKey: spec) else { return [] }
        return cache.keys.filter { self[$0] == nil }
    }
}
