import KubeModel

/// An informer's cache: objects by `metadata.key`, updated by watch events, with the resourceVersion
/// the cache is current to. Pure, so the informer's bookkeeping and the benchmark share it.
/// A cache that does not keep objects (`keepsObjects: false`, for a consumer that keeps its own
/// from the deltas, as the console's store does) knows only their keys: enough to tell added from
/// modified, without a second copy of every object.
public struct ObjectCache<T: KubeObject>: Sendable {
    /// Empty when the cache keeps no objects.
    public private(set) var objects: [String: T] = [:]
    public private(set) var resourceVersion: String?
    private let keepsObjects: Bool
    private var keys: Set<String> = []

    public init(keepsObjects: Bool = true) {
        self.keepsObjects = keepsObjects
    }

    /// Replaces everything with a list's items (after a list or relist).
    public mutating func replace(_ items: [T], resourceVersion: String?) {
        if keepsObjects {
            objects = Dictionary(items.map { ($0.metadata.key, $0) }, uniquingKeysWith: { _, last in last })
        } else {
            keys = Set(items.map(\.metadata.key))
        }
        self.resourceVersion = resourceVersion
    }

    /// Adds a page of the first list (the cache held none of its objects); the list's
    /// resourceVersion is set once it is complete (`listed`).
    public mutating func add(_ items: [T]) {
        for object in items {
            if keepsObjects { objects[object.metadata.key] = object } else { keys.insert(object.metadata.key) }
        }
    }

    /// The first list, added page by page, is complete at `resourceVersion`.
    public mutating func listed(resourceVersion: String?) {
        self.resourceVersion = resourceVersion
    }

    /// Applies one watch event; returns the delta a consumer should see (nil for a bookmark).
    /// An ADDED for a known key is reported as modified, a MODIFIED for an unknown key as added.
    public mutating func apply(_ event: WatchEvent<T>) -> InformerEvent<T>? {
        if let rv = event.resourceVersion, !rv.isEmpty { resourceVersion = rv }
        switch event {
        case .added(let object), .modified(let object):
            let known = keepsObjects ? objects.updateValue(object, forKey: object.metadata.key) != nil
                : !keys.insert(object.metadata.key).inserted
            return known ? .modified(object) : .added(object)
        case .deleted(let object):
            forget(object.metadata.key)
            return .deleted(object)
        case .unreadable(let object):
            // The copy held is no longer the server's: drop it rather than show it as current.
            forget(object.metadata.key)
            return .unreadable(object)
        case .bookmark, .error:
            return nil
        }
    }

    private mutating func forget(_ key: String) {
        objects.removeValue(forKey: key)
        keys.remove(key)
    }
}

/// What an informer tells its consumer, in order.
public enum InformerEvent<T: KubeObject>: Sendable {
    /// A page of the informer's first list, as soon as it is decoded: add its objects to what is
    /// held (nothing yet). The last page's progress is complete.
    case page([T], ListProgress)
    /// The complete, consistent set after a relist (or a first list that had to start over):
    /// replace everything held.
    case replaced([T])
    case added(T)
    case modified(T)
    case deleted(T)
    /// An object that does not decode (in a list or a watch): no longer held; shown as such.
    case unreadable(UnreadableObject)
    /// The connection changed state.
    case state(ConnectionState)
}

/// How far an informer's first list has come: the objects handed over so far and, while pages
/// remain, how many the server says there are in all (`metadata.remainingItemCount`, which
/// kube-apiserver leaves out of a list narrowed by a selector).
public struct ListProgress: Sendable, Hashable {
    public var loaded: Int
    /// `loaded` plus the server's remaining count; nil when it gives none.
    public var total: Int?
    /// The last page is in.
    public var isComplete: Bool

    public init(loaded: Int, total: Int?, isComplete: Bool) {
        self.loaded = loaded
        self.total = total
        self.isComplete = isComplete
    }
}
