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

    /// The event with each object's kept record packed for `texts` (`DecodedWithText`): the
    /// compression done on the calling thread (the informer's, beside the decode), not the store's.
    func packingTexts(in texts: KeptTexts) -> StoreEvent {
        func packing(_ object: any KubeObject) -> any KubeObject { (object as? any DecodedWithText)?.packingText(in: texts) ?? object }
        switch self {
        case let .replaced(items): return .replaced(items.map(packing))
        case let .page(items): return .page(items.map(packing))
        case let .upserted(object): return .upserted(packing(object))
        case .deleted, .unreadable: return self
        }
    }

    /// Applies the event to one watch's objects by key, each kept as `KeptObject` (its text kept
    /// when `keepingText`); returns the objects kept anew and the keys it removed (those it held).
    func apply(to cache: inout [String: KeptObject], keepingText: Bool) -> (changed: [String: KeptObject], removed: [String]) {
        switch self {
        case let .replaced(items):
            let fresh = Dictionary(items.map { ($0.metadata.key, KeptObject($0, keepingText: keepingText)) }, uniquingKeysWith: { _, last in last })
            let removed = cache.keys.filter { fresh[$0] == nil }
            cache = fresh
            return (fresh, removed)
        case let .upserted(object):
            let kept = KeptObject(object, keepingText: keepingText)
            cache[object.metadata.key] = kept
            return ([object.metadata.key: kept], [])
        case let .page(items):
            var changed: [String: KeptObject] = [:]
            for object in items {
                let kept = KeptObject(object, keepingText: keepingText)
                cache[object.metadata.key] = kept
                changed[object.metadata.key] = kept
            }
            return (changed, [])
        case let .deleted(object):
            return ([:], cache.removeValue(forKey: object.metadata.key) == nil ? [] : [object.metadata.key])
        case let .unreadable(key):
            return ([:], cache.removeValue(forKey: key) == nil ? [] : [key])
        }
    }
}
