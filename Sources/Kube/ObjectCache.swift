import KubeModel

/// An informer's cache: objects by `metadata.key`, updated by watch events, with the resourceVersion
/// the cache is current to. Pure, so the informer's bookkeeping and the benchmark share it.
public struct ObjectCache<T: KubeObject>: Sendable {
    public private(set) var objects: [String: T] = [:]
    public private(set) var resourceVersion: String?

    public init() {}

    /// Replaces everything with a list's items (after a list or relist).
    public mutating func replace(_ items: [T], resourceVersion: String?) {
        objects = Dictionary(items.map { ($0.metadata.key, $0) }, uniquingKeysWith: { _, last in last })
        self.resourceVersion = resourceVersion
    }

    /// Applies one watch event; returns the delta a consumer should see (nil for a bookmark).
    /// An ADDED for a known key is reported as modified, a MODIFIED for an unknown key as added.
    public mutating func apply(_ event: WatchEvent<T>) -> InformerEvent<T>? {
        if let rv = event.resourceVersion, !rv.isEmpty { resourceVersion = rv }
        switch event {
        case .added(let object), .modified(let object):
            let known = objects.updateValue(object, forKey: object.metadata.key) != nil
            return known ? .modified(object) : .added(object)
        case .deleted(let object):
            objects.removeValue(forKey: object.metadata.key)
            return .deleted(object)
        case .unreadable(let object):
            // The copy held is no longer the server's: drop it rather than show it as current.
            objects.removeValue(forKey: object.metadata.key)
            return .unreadable(object)
        case .bookmark, .error:
            return nil
        }
    }
}

/// What an informer tells its consumer, in order.
public enum InformerEvent<T: KubeObject>: Sendable {
    /// The complete, consistent set after a list or a relist: replace everything held.
    case replaced([T])
    case added(T)
    case modified(T)
    case deleted(T)
    /// An object that does not decode (in a list or a watch): no longer held; shown as such.
    case unreadable(UnreadableObject)
    /// The connection changed state.
    case state(ConnectionState)
}
