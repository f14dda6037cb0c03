import Foundation
import Kube
import KubeModel
import Rollouts

/// The live source's caches, one dictionary per kind keyed by `namespace/name`, fed with
/// informer events on the main thread. Knows which rows and which detail an event touches.
struct ObjectStore {
    var rollouts: [String: Rollout] = [:]
    var canaries: [String: Canary] = [:]
    var replicaSets: [String: ReplicaSet] = [:]
    var pods: [String: Pod] = [:]
    var analysisRuns: [String: AnalysisRun] = [:]
    var experiments: [String: Experiment] = [:]
    var events: [String: KubeEvent] = [:]
    var deployments: [String: Deployment] = [:]

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

    /// Everything known in one namespace, for building a detail and its row.
    func objects(in namespace: String) -> ObjectSet {
        func inNamespace<T: KubeObject>(_ cache: [String: T]) -> [T] {
            cache.values.filter { $0.metadata.namespace == namespace }.sorted { $0.metadata.name < $1.metadata.name }
        }
        return ObjectSet(rollouts: inNamespace(rollouts), replicaSets: inNamespace(replicaSets), pods: inNamespace(pods),
                         analysisRuns: inNamespace(analysisRuns), experiments: inNamespace(experiments),
                         deployments: inNamespace(deployments), events: inNamespace(events), canaries: inNamespace(canaries))
    }

    /// Forgets every object of `resource` (its watch was closed).
    mutating func drop(_ resource: ResourceType) {
        switch resource.plural {
        case ResourceType.replicaSets.plural: replicaSets = [:]
        case ResourceType.pods.plural: pods = [:]
        case ResourceType.analysisRuns.plural: analysisRuns = [:]
        case ResourceType.experiments.plural: experiments = [:]
        case ResourceType.events.plural: events = [:]
        case ResourceType.deployments.plural: deployments = [:]
        case ResourceType.canaries.plural: canaries = [:]
        case ResourceType.rollouts.plural: rollouts = [:]
        default: break
        }
    }
}
