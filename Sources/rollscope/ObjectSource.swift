import Foundation
import Kube
import KubeModel
import Delivery

/// The kinds of objects a command reads.
enum ObjectKind: Hashable, Sendable {
    case rollouts, replicaSets, pods, analysisRuns, experiments, deployments, canaries

    /// What `get rollout` needs: the rollout and everything its revision tree shows.
    static let rolloutTree: Set<ObjectKind> = [.rollouts, .replicaSets, .pods, .analysisRuns, .experiments]
    static let experimentTree: Set<ObjectKind> = [.experiments, .replicaSets, .pods, .analysisRuns]
    static let canaryTree: Set<ObjectKind> = [.canaries, .deployments, .pods]

    /// Where the API serves this kind.
    var resource: ResourceType {
        switch self {
        case .rollouts: .rollouts
        case .replicaSets: .replicaSets
        case .pods: .pods
        case .analysisRuns: .analysisRuns
        case .experiments: .experiments
        case .deployments: .deployments
        case .canaries: .canaries
        }
    }
}

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
        return ObjectSet(rollouts: objects.rollouts.filter { keep($0.metadata) }, replicaSets: objects.replicaSets.filter { keep($0.metadata) },
                         pods: objects.pods.filter { keep($0.metadata) }, analysisRuns: objects.analysisRuns.filter { keep($0.metadata) },
                         experiments: objects.experiments.filter { keep($0.metadata) }, deployments: objects.deployments.filter { keep($0.metadata) },
                         events: objects.events.filter { keep($0.metadata) }, canaries: objects.canaries.filter { keep($0.metadata) })
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
/// tool's CRDs are not installed) ends the command with kubectl's words for it.
struct ClusterObjectSource: ObjectSource {
    let client: KubeClient
    let namespace: String?
    let kinds: Set<ObjectKind>
    /// The one object of its kind the command reads, by name.
    var named: (kind: ObjectKind, name: String)?

    private func scope(_ kind: ObjectKind) -> ListScope {
        guard let named, named.kind == kind else { return ListScope(namespace: namespace) }
        return ListScope(namespace: namespace, fieldSelector: "metadata.name=\(named.name)")
    }

    func snapshot() async throws -> ObjectSet {
        var set = ObjectSet()
        func take<T: KubeObject>(_ kind: ObjectKind, _ type: T.Type) async throws -> [T] {
            guard kinds.contains(kind) else { return [] }
            let (items, unreadable) = try await read(type, kind)
            set.unreadable += unreadable
            return items
        }
        set.rollouts = try await take(.rollouts, Rollout.self)
        set.replicaSets = try await take(.replicaSets, ReplicaSet.self)
        set.pods = try await take(.pods, Pod.self)
        set.analysisRuns = try await take(.analysisRuns, AnalysisRun.self)
        set.experiments = try await take(.experiments, Experiment.self)
        set.deployments = try await take(.deployments, Deployment.self)
        set.canaries = try await take(.canaries, Canary.self)
        return set
    }

    /// The objects of one kind, and those that did not decode: the named one by GET (in one
    /// namespace), else a list.
    private func read<T: KubeObject>(_ type: T.Type, _ kind: ObjectKind) async throws -> ([T], [UnreadableEntry]) {
        do {
            if let named, named.kind == kind, let namespace {
                do {
                    return ([try await client.get(type, kind.resource, namespace: namespace, name: named.name)], [])
                } catch KubeError.notFound {
                    guard try await client.serves(kind.resource) else { throw CommandFailure(kind.resource.notServedMessage) }
                    return ([], [])
                } catch KubeError.decoding(let reason) {
                    // It exists but cannot be read: said so with the reason, never as missing.
                    return ([], [UnreadableEntry(kind: kind.resource.kind, namespace: namespace, name: named.name, reason: reason)])
                }
            }
            let list = try await client.listAll(type, kind.resource, scope(kind))
            return (list.items, list.unreadable.map { Self.entry($0, kind.resource) })
        } catch KubeError.notFound {
            // A list answers 404 only when the resource type itself is not served.
            throw CommandFailure(kind.resource.notServedMessage)
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
            func add<T: KubeObject>(_ kind: ObjectKind, _ type: T.Type, _ resource: ResourceType,
                                    _ assign: @escaping @Sendable (inout ObjectSet, [T]) -> Void) {
                guard kinds.contains(kind) else { return }
                // Objects that did not decode, until they are replaced by readable ones.
                let unreadable = Locked<[String: UnreadableEntry]>([:])
                let informer = Informer<T>(client: client, resource: resource, scope: scope(kind)) { event in
                    if case .state = event { return }
                    if case .unreadable(let object) = event { unreadable.withLock { $0[object.metadata.key] = Self.entry(object, resource) } }
                    changed.continuation.yield()
                }
                readers.append { set in
                    let objects = informer.objects
                    assign(&set, objects.values.sorted { $0.metadata.key < $1.metadata.key })
                    set.unreadable += unreadable.withLock { all in
                        all = all.filter { objects[$0.key] == nil }
                        return all.values.sorted { $0.name < $1.name }
                    }
                }
                synced.append { informer.resourceVersion != nil }
                stops.append { informer.stop() }
                informer.start()
            }
            add(.rollouts, Rollout.self, .rollouts) { $0.rollouts = $1 }
            add(.replicaSets, ReplicaSet.self, .replicaSets) { $0.replicaSets = $1 }
            add(.pods, Pod.self, .pods) { $0.pods = $1 }
            add(.analysisRuns, AnalysisRun.self, .analysisRuns) { $0.analysisRuns = $1 }
            add(.experiments, Experiment.self, .experiments) { $0.experiments = $1 }
            add(.deployments, Deployment.self, .deployments) { $0.deployments = $1 }
            add(.canaries, Canary.self, .canaries) { $0.canaries = $1 }
            let current = readers
            let allSynced = synced
            let task = Task {
                // The first snapshot is the lists' (a missing resource or a 403 ends the command here),
                // then one per burst of events once every informer has listed.
                do { continuation.yield(try await snapshot()) } catch { continuation.finish(throwing: error); return }
                for await _ in changed.stream {
                    try? await Task.sleep(nanoseconds: 30_000_000)
                    guard allSynced.allSatisfy({ $0() }) else { continue }
                    var set = ObjectSet()
                    for read in current { read(&set) }
                    continuation.yield(set)
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
