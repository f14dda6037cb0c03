import Foundation
import Kube
import KubeModel
import Delivery

/// Objects for the read commands, from files or from a cluster.
protocol ObjectSource: Sendable {
    /// nil = every namespace.
    var namespace: String? { get }
    /// The objects as they are now.
    func snapshot() async throws -> ObjectSet
    /// A fresh snapshot after every change (coalesced), starting with the current one; files yield once.
    func changes() -> AsyncThrowingStream<ObjectSet, any Error>
}

/// Objects read from `-f` files: a fixed snapshot, filtered to the namespace.
struct FileObjectSource: ObjectSource {
    let objects: ObjectSet
    let namespace: String?

    func snapshot() async throws -> ObjectSet {
        guard let namespace else { return objects }
        func keep(_ meta: ObjectMeta) -> Bool { meta.namespace == nil || meta.namespace == namespace }
        var set = ObjectSet()
        for entry in ObjectSetKind.all where entry.resource != nil {
            entry.append(entry.objects(in: objects).filter { keep($0.metadata) }, to: &set)
        }
        return set
    }

    func changes() -> AsyncThrowingStream<ObjectSet, any Error> {
        AsyncThrowingStream { continuation in
            Task {
                do { continuation.yield(try await snapshot()); continuation.finish() } catch { continuation.finish(throwing: error) }
            }
        }
    }
}

/// Objects from the cluster: lists for one snapshot; informers (list, then watch) for changes.
/// Only what the command shows is read: `kinds`, in `namespace`, and the object a command is
/// about (`named`) by its name alone (a GET, or a list or watch narrowed to `metadata.name`), so a
/// user whose RBAC names that one object may run it. A kind the server does not serve (its
/// tool's CRDs are not installed) ends the command with kubectl's words for it, unless
/// `skippingUnserved` (`fleet`: a cluster with one of the tools), when it reads as none.
struct ClusterObjectSource: ObjectSource {
    let client: KubeClient
    let namespace: String?
    let kinds: Set<ResourceType>
    /// The one object of its kind the command reads, by name.
    var named: (kind: ResourceType, name: String)?
    var skippingUnserved = false

    /// The kinds read, in the table's order.
    private var entries: [ObjectSetKind] { ObjectSetKind.all.filter { $0.resource.map(kinds.contains) ?? false } }

    private func scope(_ kind: ResourceType) -> ListScope {
        guard let named, named.kind == kind else { return ListScope(namespace: namespace) }
        return ListScope(namespace: namespace, fieldSelector: "metadata.name=\(named.name)")
    }

    func snapshot() async throws -> ObjectSet {
        var set = ObjectSet()
        for entry in entries {
            let (items, unreadable) = try await read(entry.type, entry.resource!)
            entry.append(items, to: &set)
            set.unreadable += unreadable
        }
        return set
    }

    /// The objects of one kind, and those that did not decode: the named one by GET (in one
    /// namespace), else a list.
    private func read<T: KubeObject>(_ type: T.Type, _ kind: ResourceType) async throws -> ([any KubeObject], [UnreadableEntry]) {
        do {
            if let named, named.kind == kind, let namespace {
                do {
                    return ([try await client.get(type, kind, namespace: namespace, name: named.name)], [])
                } catch KubeError.notFound {
                    guard try await client.serves(kind) else { throw CommandFailure(kind.notServedMessage) }
                    return ([], [])
                } catch KubeError.decoding(let reason) {
                    // It exists but cannot be read: said so with the reason, never as missing.
                    return ([], [UnreadableEntry(kind: kind.kind, namespace: namespace, name: named.name, reason: reason)])
                }
            }
            let list = try await client.listAll(type, kind, scope(kind))
            return (list.items, list.unreadable.map { Self.entry($0, kind) })
        } catch KubeError.notFound {
            // A list answers 404 only when the resource type itself is not served.
            if skippingUnserved { return ([], []) }
            throw CommandFailure(kind.notServedMessage)
        }
    }

    /// An object of `resource` that did not decode, by name.
    static func entry(_ object: UnreadableObject, _ resource: ResourceType) -> UnreadableEntry {
        UnreadableEntry(kind: resource.kind, namespace: object.metadata.namespace ?? "", name: object.metadata.name, reason: object.reason)
    }

    func changes() -> AsyncThrowingStream<ObjectSet, any Error> {
        AsyncThrowingStream { continuation in
            let changed = AsyncStream<Void>.makeStream(bufferingPolicy: .bufferingNewest(1))
            var readers: [@Sendable (inout ObjectSet) -> Void] = []
            var synced: [@Sendable () -> Bool] = []
            var stops: [@Sendable () -> Void] = []
            func add<T: KubeObject>(_ entry: ObjectSetKind, _ type: T.Type) {
                let resource = entry.resource!
                // Objects that did not decode, until they are replaced by readable ones.
                let unreadable = Locked<[String: UnreadableEntry]>([:])
                let informer = Informer<T>(client: client, resource: resource, scope: scope(resource)) { event in
                    if case .state = event { return }
                    if case .unreadable(let object) = event { unreadable.withLock { $0[object.metadata.key] = Self.entry(object, resource) } }
                    changed.continuation.yield()
                }
                readers.append { set in
                    let objects = informer.objects
                    entry.append(objects.values.sorted { $0.metadata.key < $1.metadata.key }, to: &set)
                    set.unreadable += unreadable.withLock { all in
                        all = all.filter { objects[$0.key] == nil }
                        return all.values.sorted { $0.name < $1.name }
                    }
                }
                synced.append { informer.resourceVersion != nil }
                stops.append { informer.stop() }
                informer.start()
            }
            for entry in entries { add(entry, entry.type) }
            let current = readers
            let allSynced = synced
            let task = Task {
                // The first snapshot is the lists' (a missing resource or a 403 ends the command here),
                // then one per burst of events once every informer has listed: the first event of a
                // burst is shown at once, what follows within 30 ms after it comes as one snapshot
                // (the stream keeps only the newest wake-up).
                do { continuation.yield(try await snapshot()) } catch { continuation.finish(throwing: error); return }
                for await _ in changed.stream {
                    guard allSynced.allSatisfy({ $0() }) else { continue }
                    var set = ObjectSet()
                    for read in current { read(&set) }
                    continuation.yield(set)
                    try? await Task.sleep(nanoseconds: 30_000_000)
                }
            }
            let allStops = stops
            continuation.onTermination = { _ in
                task.cancel()
                for stop in allStops { stop() }
                changed.continuation.finish()
            }
        }
    }
}
