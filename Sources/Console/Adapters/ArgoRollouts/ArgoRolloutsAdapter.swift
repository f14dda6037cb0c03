import Foundation
import KubeModel
import Delivery

extension DeliveryKind {
    /// Argo Rollouts `Rollout` (argoproj.io/v1alpha1).
    public static let rollout = DeliveryKind(rawValue: "Rollout")
}

/// Argo Rollouts: a Rollout's row reads the ReplicaSets it owns (its actual weight, its undo);
/// its detail the namespace's ReplicaSets, Pods, AnalysisRuns and Experiments.
public struct ArgoRolloutsAdapter: DeliveryAdapter {
    public init() {}

    public var kind: DeliveryKind { .rollout }
    public var resource: ResourceType { .rollouts }
    public var commandLine: CommandLineKind { .rollouts }
    public var toolName: String? { "Argo Rollouts" }

    public var relations: [Relation] {
        [Relation(resource: .replicaSets, ownKeys: { [$0.metadata.key] }, relatedKeys: { replicaSet in
            replicaSet.metadata.ownerReferences?.first(where: { $0.kind == "Rollout" })
                .map { ["\(replicaSet.metadata.namespace ?? "")/\($0.name)"] } ?? []
        })]
    }

    /// The list's watch of the ReplicaSets Argo Rollouts made (each carries `rollouts-pod-template-hash`).
    public static func replicaSets(_ namespace: String?) -> WatchSpec {
        WatchSpec(resource: .replicaSets, namespace: namespace, labelSelector: "rollouts-pod-template-hash")
    }

    public func listWatches(namespace: String?) -> [WatchSpec] { [Self.replicaSets(namespace)] }

    /// Only Argo Rollouts labels a ReplicaSet `rollouts-pod-template-hash`: a cluster without
    /// Rollouts answers the list with next to nothing, and one with thousands has their
    /// ReplicaSets listed while the Rollouts' own pages come (the first complete frame of 2,000
    /// Rollouts waited for their ReplicaSets' last page otherwise).
    public var listWatchesAwaitRows: Bool { false }

    /// A Rollout's tree also holds its Experiments' ReplicaSets, which carry none of its labels
    /// (only the experiment annotations), and their Pods (labelled by the experiment's templates):
    /// so, as `rollscope get`, the namespace's ReplicaSets and Pods, kept by owner in the tree.
    /// AnalysisRuns and Experiments carry no label naming their rollout either.
    public func detailWatches(of ref: ObjectRef, row: DeliveryRow?) -> [WatchSpec] {
        [.replicaSets, .pods, .analysisRuns, .experiments].map { WatchSpec(resource: $0, namespace: ref.namespace) }
    }

    public func row(_ object: any KubeObject, related: ObjectSet, now: Date) -> DeliveryRow? {
        (object as? Rollout).map { RolloutRowBuilder.row($0, objects: related, now: now, as: object) }
    }

    public func plans(_ object: any KubeObject, related: ObjectSet, now: Date) -> RowPlans {
        RolloutRowBuilder.plans(object, objects: related, now: now)
    }

    public func detail(_ object: any KubeObject, objects: ObjectSet, now: Date) -> DetailModel? {
        (object as? Rollout).map { DetailBuilder.detail($0, objects: objects, now: now) }
    }
}
