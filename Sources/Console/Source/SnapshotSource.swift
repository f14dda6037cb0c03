import Foundation
import KubeModel
import Delivery

/// A dump read from a file (`rollscope -f PATH`): every object of the enabled delivery kinds in it, their
/// details from the objects beside them, nothing live and nothing sent (the console is
/// read-only; `send` answers with a refusal should a mutation ever get this far).
public final class SnapshotSource: ConsoleSource, @unchecked Sendable {
    public let identity: ClusterIdentity
    private let objects: ObjectSet
    private let name: String
    private let now: Date
    private var registry: DeliveryRegistry
    private let lock = NSLock()
    private var queued: [ConsoleEvent] = []
    private var wake: @Sendable () -> Void = {}

    /// `name` is what the header says the snapshot is of (the file's path).
    public init(objects: ObjectSet, name: String, now: Date, registry: DeliveryRegistry = .standard) {
        self.objects = objects
        self.registry = registry
        self.name = name
        self.now = now
        identity = ClusterIdentity(context: "snapshot", server: name, user: "-")
    }

    /// Reads a dump (YAML or JSON documents, kubectl Lists).
    public static func load(path: String, now: Date, registry: DeliveryRegistry = .standard) throws -> SnapshotSource {
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        return SnapshotSource(objects: try ManifestReader.read(data, file: path), name: path, now: now, registry: registry)
    }

    public func start(wake: @escaping @Sendable () -> Void) {
        self.wake = wake
        let rows = registry.adapters.flatMap { $0.rows(in: objects, now: now, fleetLabel: registry.fleetLabel) }
        queue([.connection(.snapshot(source: name)), .rows(upserted: rows, removed: [])])
    }

    private func queue(_ events: [ConsoleEvent]) {
        lock.withLock { queued += events }
        wake()
    }

    public func drain() -> [ConsoleEvent] { lock.withLock { defer { queued = [] }; return queued } }

    /// Nothing is watched; the detail's watches only say which object's detail to build.
    public func setWatches(_ watches: Set<WatchSpec>) {
        // The fleet screen lines its application up from the whole dump (shared, not copied).
        if let key = watches.lazy.compactMap(\.lineupKey).first { queue([.lineup(key, objects)]) }
        guard let ref = watches.lazy.compactMap(\.detailObject).first else { return }
        // A manifest without a namespace shows (and is looked up) under the empty one.
        func matches(_ meta: ObjectMeta) -> Bool { meta.name == ref.name && (meta.namespace ?? "") == ref.namespace }
        guard let adapter = registry.adapter(for: ref.kind),
              let object = ObjectSetKind.served(by: adapter.resource)?.objects(in: objects).first(where: { matches($0.metadata) }),
              let detail = adapter.detail(object, objects: objects, now: now) else { return }
        queue([.detail(detail)])
    }

    public func enable(_ deliveries: DeliveryRegistry) { registry = deliveries }

    public func send(_ mutation: Mutation) { queue([.mutationFinished(id: mutation.id, outcome: .refusedReadOnly)]) }
    public func switchContext(_ name: String) { queue([.notice(StatusMessage("a snapshot has no contexts", isError: true))]) }
    public func stop() {}
}
