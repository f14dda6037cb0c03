import Kube
import KubeModel

/// One informer event with its object's type erased, as the store takes it: one cache holds
/// every kind, each object under its resource.
enum StoreEvent: Sendable {
    /// A list or relist: everything the watch holds.
    case replaced([any KubeObject])
    /// A page of a first list: objects added to what the watch holds.
    case page([any KubeObject])
    case upserted(any KubeObject)
    case deleted(any KubeObject)
    /// An object that no longer decodes: its copy is dropped.
    case unreadable(key: String)

    /// The store's form of an informer's delta; nil for a state change.
    init?<T: KubeObject>(_ event: InformerEvent<T>) {
        switch event {
        case let .replaced(items): self = .replaced(items)
        case let .page(items, _): self = .page(items)
        case let .added(object), let .modified(object): self = .upserted(object)
        case let .deleted(object): self = .deleted(object)
        case let .unreadable(object): self = .unreadable(key: object.metadata.key)
        case .state: return nil
        }
    }

    /// Applies the event to one watch's objects by key; returns the keys that changed, and the
    /// objects it removed as they were.
    func apply(to cache: inout [String: any KubeObject]) -> (changed: [String], removed: [any KubeObject]) {
        switch self {
        case let .replaced(items):
            let fresh = Dictionary(items.map { ($0.metadata.key, $0) }, uniquingKeysWith: { _, last in last })
            let removed = cache.compactMap { fresh[$0.key] == nil ? $0.value : nil }
            cache = fresh
            return (Array(fresh.keys), removed)
        case let .upserted(object):
            cache[object.metadata.key] = object
            return ([object.metadata.key], [])
        case let .page(items):
            for object in items { cache[object.metadata.key] = object }
            return (items.map(\.metadata.key), [])
        case let .deleted(object):
            return ([], cache.removeValue(forKey: object.metadata.key).map { [$0] } ?? [])
        case let .unreadable(key):
            return ([], cache.removeValue(forKey: key).map { [$0] } ?? [])
        }
    }
}
