import APIServer
import JSONValue
import KubeModel

/// Subscribes a controller to one kind through `ObjectStore.watch`, the way an informer would.
///
/// The store calls sinks under its lock, so the sink only hands the raw bytes to the clock;
/// decoding and the handler run later on the clock's serial context.
final class StoreWatcher: @unchecked Sendable {
    private let store: ObjectStore
    private var ids: [Int] = []

    init(store: ObjectStore) { self.store = store }

    /// Calls `handler(kind, object)` for every current object (as ADDED) and every later change.
    func watch(_ resource: ResourceType, clock: any DemoClock,
               handler: @escaping @Sendable (WatchEvent.Kind, JSON) -> Void) throws {
        let id = try store.watch(ObjectStore.WatchOptions(resource: resource)) { frame in
            guard case .event(let kind, let bytes) = frame else { return }
            clock.schedule(after: 0) {
                guard let object = try? JSON(parsing: bytes) else { return }
                handler(kind, object)
            }
        }
        if let id { ids.append(id) }
    }

    func stop() {
        for id in ids { store.stopWatch(id) }
        ids.removeAll()
    }
}
