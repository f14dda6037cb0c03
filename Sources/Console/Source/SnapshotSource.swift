import Foundation
import KubeModel
import Delivery

/// A dump read from a file (`rollscope -f PATH`): every Rollout and Canary in it, their
/// details from the objects beside them, nothing live and nothing sent (the console is
/// read-only; `send` answers with a refusal should a mutation ever get this far).
public final class SnapshotSource: ConsoleSource, @unchecked Sendable {
    public let identity: ClusterIdentity
    private let objects: ObjectSet
    private let name: String
    private let now: Date
    private let lock = NSLock()
    private var queued: [ConsoleEvent] = []
    private var wake: @Sendable () -> Void = {}

    /// `name` is what the header says the snapshot is of (the file's path).
    public init(objects: ObjectSet, name: String, now: Date) {
        self.objects = objects
        self.name = name
        self.now = now
        identity = ClusterIdentity(context: "snapshot", server: name, user: "-")
    }

    /// Reads a dump (YAML or JSON documents, kubectl Lists).
    public static func load(path: String, now: Date) throws -> SnapshotSource {
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        return SnapshotSource(objects: try ManifestReader.read(data, file: path), name: path, now: now)
    }

    public func start(wake: @escaping @Sendable () -> Void) {
        self.wake = wake
        let rows = objects.rollouts.map { RolloutRowBuilder.row($0, objects: objects, now: now) }
            + objects.canaries.map { CanaryRowBuilder.row($0, objects: objects, now: now) }
        queue([.connection(.snapshot(source: name)), .rows(upserted: rows, removed: [])])
    }

    private func queue(_ events: [ConsoleEvent]) {
        lock.withLock { queued += events }
        wake()
    }

    public func drain() -> [ConsoleEvent] { lock.withLock { defer { queued = [] }; return queued } }

    /// Nothing is watched; the detail's watches only say which object's detail to build.
    public func setWatches(_ watches: Set<WatchSpec>) {
        guard let ref = watches.lazy.compactMap(\.detailObject).first else { return }
        // A manifest without a namespace shows (and is looked up) under the empty one.
        func matches(_ meta: ObjectMeta) -> Bool { meta.name == ref.name && (meta.namespace ?? "") == ref.namespace }
        switch ref.kind {
        case .rollout:
            if let rollout = objects.rollouts.first(where: { matches($0.metadata) }) {
                queue([.detail(DetailBuilder.detail(rollout, objects: objects, now: now))])
            }
        case .canary:
            if let canary = objects.canaries.first(where: { matches($0.metadata) }) {
                queue([.detail(DetailBuilder.detail(canary, objects: objects, now: now))])
            }
        }
    }

    public func send(_ mutation: Mutation) { queue([.mutationFinished(id: mutation.id, outcome: .refusedReadOnly)]) }
    public func switchContext(_ name: String) { queue([.notice(StatusMessage("a snapshot has no contexts", isError: true))]) }
    public func stop() {}
}
