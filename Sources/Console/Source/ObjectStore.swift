import Foundation
import Kube
import KubeModel
import Delivery

/// The live source's caches, one dictionary per kind keyed by `namespace/name`, fed with
/// informer events on the main thread. Knows which rows and which detail an event touches.
/// ReplicaSets and Deployments are watched both for the list and for a detail, so they are
/// kept per watch; a Rollout's ReplicaSets are indexed by their owner, so building its row
/// costs what it owns, not what the cluster holds.
struct ObjectStore {
    var rollouts: [String: Rollout] = [:]
    var canaries: [String: Canary] = [:]
    private(set) var replicaSets = KindCache<ReplicaSet>()
    /// The keys of the ReplicaSets each Rollout (by `namespace/name`) owns.
    private var replicaSetsByRollout: [String: Set<String>] = [:]
    var pods: [String: Pod] = [:]
    var analysisRuns: [String: AnalysisRun] = [:]
    var experiments: [String: Experiment] = [:]
    var events: [String: KubeEvent] = [:]
    private(set) var deployments = KindCache<Deployment>()

    /// Applies one informer event to `cache`; returns the keys that changed and were removed.
    static func apply<T: KubeObject>(_ event: InformerEvent<T>, to cache: inout [String: T]) -> (changed: [String], removed: [String]) {
        switch event {
        case let .replaced(items):
            let fresh = Dictionary(items.map { ($0.metadata.key, $0) }, uniquingKeysWith: { _, last in last })
            let removed = cache.keys.filter { fresh[$0] == nil }
            cache = fresh
            return (Array(fresh.keys), removed)
        case let .added(object), let .modified(object):
            cache[object.metadata.key] = object
            return ([object.metadata.key], [])
        case let .deleted(object):
            cache[object.metadata.key] = nil
            return ([], [object.metadata.key])
        case let .unreadable(object):
            cache[object.metadata.key] = nil
            return ([], [object.metadata.key])
        case .state:
            return ([], [])
        }
    }

    /// `namespace/name` of the Rollout that owns `replicaSet`, if one does.
    static func owningRollout(_ replicaSet: ReplicaSet) -> String? {
        guard let owner = replicaSet.metadata.ownerReferences?.first(where: { $0.kind == "Rollout" }) else { return nil }
        return "\(replicaSet.metadata.namespace ?? "")/\(owner.name)"
    }

    /// Applies a ReplicaSet event of the watch `spec`; returns the Rollouts (by key) whose
    /// ReplicaSets changed.
    mutating func applyReplicaSets(_ event: InformerEvent<ReplicaSet>, from spec: WatchSpec) -> Set<String> {
        let (changed, removed) = replicaSets.apply(event, from: spec)
        return index(changed: changed, removed: removed)
    }

    /// Applies a Deployment event of the watch `spec`; returns the Deployments (by key) that changed or went.
    mutating func applyDeployments(_ event: InformerEvent<Deployment>, from spec: WatchSpec) -> Set<String> {
        let (changed, removed) = deployments.apply(event, from: spec)
        return Set((changed + removed).map(\.metadata.key))
    }

    private mutating func index(changed: [ReplicaSet], removed: [ReplicaSet]) -> Set<String> {
        var owners = Set<String>()
        for replicaSet in changed {
            guard let owner = Self.owningRollout(replicaSet) else { continue }
            replicaSetsByRollout[owner, default: []].insert(replicaSet.metadata.key)
            owners.insert(owner)
        }
        for replicaSet in removed {
            guard let owner = Self.owningRollout(replicaSet) else { continue }
            replicaSetsByRollout[owner]?.remove(replicaSet.metadata.key)
            if replicaSetsByRollout[owner]?.isEmpty == true { replicaSetsByRollout[owner] = nil }
            owners.insert(owner)
        }
        return owners
    }

    /// What a Rollout's list row needs besides the Rollout: the ReplicaSets it owns.
    func rowObjects(forRollout key: String) -> ObjectSet {
        ObjectSet(replicaSets: (replicaSetsByRollout[key] ?? []).sorted().compactMap { replicaSets[$0] })
    }

    /// What a Canary's list row needs besides the Canary: its target and primary workloads.
    func rowObjects(for canary: Canary) -> ObjectSet {
        let prefix = "\(canary.metadata.namespace ?? "")/\(canary.spec.targetRef?.name ?? "")"
        return ObjectSet(deployments: [deployments[prefix + "-primary"], deployments[prefix]].compactMap { $0 })
    }

    /// Everything known in one namespace, for building a detail and its row.
    func objects(in namespace: String) -> ObjectSet {
        func inNamespace<T: KubeObject>(_ cache: [String: T]) -> [T] {
            cache.values.filter { $0.metadata.namespace == namespace }.sorted { $0.metadata.name < $1.metadata.name }
        }
        func inNamespace<T: KubeObject>(_ cache: KindCache<T>) -> [T] {
            cache.values.filter { $0.metadata.namespace == namespace }.sorted { $0.metadata.name < $1.metadata.name }
        }
        return ObjectSet(rollouts: inNamespace(rollouts), replicaSets: inNamespace(replicaSets), pods: inNamespace(pods),
                         analysisRuns: inNamespace(analysisRuns), experiments: inNamespace(experiments),
                         deployments: inNamespace(deployments), events: inNamespace(events), canaries: inNamespace(canaries))
    }

    /// Forgets every object the watch `spec` delivered (it was closed); returns the Rollouts
    /// (by key) whose ReplicaSets went and the Deployments (by key) that went.
    mutating func drop(_ spec: WatchSpec) -> (rollouts: Set<String>, deployments: Set<String>) {
        switch spec.resource.plural {
        case ResourceType.replicaSets.plural: return (index(changed: [], removed: replicaSets.drop(spec)), [])
        case ResourceType.deployments.plural: return ([], Set(deployments.drop(spec).map(\.metadata.key)))
        default: drop(spec.resource); return ([], [])
        }
    }

    /// Forgets every object of `resource`.
    private mutating func drop(_ resource: ResourceType) {
        switch resource.plural {
        case ResourceType.pods.plural: pods = [:]
        case ResourceType.analysisRuns.plural: analysisRuns = [:]
        case ResourceType.experiments.plural: experiments = [:]
        case ResourceType.events.plural: events = [:]
        case ResourceType.canaries.plural: canaries = [:]
        case ResourceType.rollouts.plural: rollouts = [:]
        default: break
        }
    }
}
