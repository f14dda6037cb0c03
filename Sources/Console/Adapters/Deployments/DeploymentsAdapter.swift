import Foundation
import KubeModel
import Delivery

extension DeliveryKind {
    /// A plain Kubernetes `Deployment` (apps/v1), shown as `kubectl rollout status` sees it.
    public static let deployment = DeliveryKind(rawValue: "Deployment")
}

/// Plain Kubernetes Deployments as a delivery kind, off by default (a cluster's thousands of
/// Deployments would flood the list): `--kinds rollouts,canaries,deployments` or the config's
/// `kinds:`. A row reads the ReplicaSets the Deployment controls (its revisions, undo); a
/// Deployment that a Canary already shows (its target or `<target>-primary`) or that a Rollout
/// adopted (`workloadRef`) is not listed again. `z` pauses or resumes, `R` restarts, `u` undoes,
/// with kubectl's requests (`DeploymentRequests`); promote, abort and retry have no kubectl verb.
public struct DeploymentsAdapter: DeliveryAdapter {
    public init() {}

    public var kind: DeliveryKind { .deployment }
    public var resource: ResourceType { .deployments }
    public var commandLine: CommandLineKind { .deployments }
    public var enabledByDefault: Bool { false }

    public var relations: [Relation] {
        [
            // The ReplicaSets it controls.
            Relation(resource: .replicaSets, ownKeys: { [$0.metadata.key] }, relatedKeys: { replicaSet in
                replicaSet.metadata.ownerReferences?.filter { $0.kind == "Deployment" }
                    .map { "\(replicaSet.metadata.namespace ?? "")/\($0.name)" } ?? []
            }),
            // A Canary naming it as its target, or its primary.
            Relation(resource: .canaries, ownKeys: { deployment in
                let key = deployment.metadata.key
                return key.hasSuffix("-primary") ? [key, String(key.dropLast("-primary".count))] : [key]
            }, relatedKeys: { canary in
                guard let canary = canary as? Canary, let target = canary.spec.targetRef?.name else { return [] }
                return ["\(canary.metadata.namespace ?? "")/\(target)"]
            }),
            // A Rollout that adopted it (`workloadRef`).
            Relation(resource: .rollouts, ownKeys: { [$0.metadata.key] }, relatedKeys: { rollout in
                guard let ref = (rollout as? Rollout)?.spec.workloadRef, ref.kind == "Deployment", let name = ref.name else { return [] }
                return ["\(rollout.metadata.namespace ?? "")/\(name)"]
            }),
        ]
    }

    /// The list reads the Deployments' ReplicaSets (each carries `pod-template-hash`), and the
    /// Canaries and Rollouts that may already show a Deployment (the same watches as their lists).
    public func listWatches(namespace: String?) -> [WatchSpec] {
        [WatchSpec(resource: .replicaSets, namespace: namespace, labelSelector: "pod-template-hash"),
         WatchSpec(resource: .canaries, namespace: namespace), WatchSpec(resource: .rollouts, namespace: namespace)]
    }

    /// Its ReplicaSets and Pods match its selector.
    public func detailWatches(of ref: ObjectRef, row: DeliveryRow?) -> [WatchSpec] {
        [WatchSpec(resource: .replicaSets, namespace: ref.namespace, labelSelector: row?.selector),
         WatchSpec(resource: .pods, namespace: ref.namespace, labelSelector: row?.selector)]
    }

    public func row(_ object: any KubeObject, related: ObjectSet, now: Date) -> DeliveryRow? {
        guard let deployment = object as? Deployment, !Self.shownElsewhere(deployment, related: related) else { return nil }
        let info = DeploymentInfo(deployment, objects: related)
        let status = DeliveryStatus(rawValue: info.status) ?? .unknown
        return DeliveryRow(ref: ref(deployment), strategy: info.strategy, status: status, phase: info.status, message: info.message,
                           progress: .none, ready: Int(info.ready), replicas: Int(info.desired),
                           created: deployment.metadata.creationTimestamp?.date,
                           plans: Self.plans(object, objects: related, now: now),
                           selector: RolloutRowBuilder.selector(deployment.spec.selector))
    }

    /// Whether a Canary (its target or primary, or by owner) or a Rollout (`workloadRef`) shows it.
    static func shownElsewhere(_ deployment: Deployment, related: ObjectSet) -> Bool {
        let meta = deployment.metadata
        if meta.ownerReferences?.contains(where: { $0.kind == "Canary" || $0.kind == "Rollout" }) == true { return true }
        let byCanary = related.canaries.contains { canary in
            guard canary.metadata.namespace == meta.namespace, let target = canary.spec.targetRef?.name else { return false }
            return meta.name == target || meta.name == target + "-primary"
        }
        let byRollout = related.rollouts.contains { rollout in
            guard rollout.metadata.namespace == meta.namespace, let ref = rollout.spec.workloadRef else { return false }
            return ref.kind == "Deployment" && ref.name == meta.name
        }
        return byCanary || byRollout
    }

    public func plans(_ object: any KubeObject, related: ObjectSet, now: Date) -> RowPlans {
        Self.plans(object, objects: related, now: now)
    }

    public func detail(_ object: any KubeObject, objects: ObjectSet, now: Date) -> DetailModel? {
        guard let deployment = object as? Deployment else { return nil }
        let info = DeploymentInfo(deployment, objects: objects)
        let text = DeploymentText.deployment(info, now: now).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        return DetailModel(ref: ref(deployment), text: text.last == "" ? Array(text.dropLast()) : text,
                           events: DetailBuilder.events(kind: "Deployment", name: info.name, namespace: info.namespace, objects: objects))
    }

    /// `kubectl rollout pause|resume` on `z`, `restart` on `R`, `undo` on `u`, each refused as
    /// kubectl refuses it; planned when asked, from `object` (a Deployment) as the store keeps it.
    static func plans(_ object: any KubeObject, objects: ObjectSet, now: Date) -> RowPlans {
        RowPlans { kind in (object as? Deployment).map { plan(kind, $0, objects: objects, now: now) } }
    }

    static func plan(_ kind: MutationKind, _ deployment: Deployment, objects: ObjectSet, now: Date) -> MutationPlan {
        let action: DeploymentAction
        switch kind {
        case .pauseToggle: action = deployment.spec.paused == true ? .resume : .pause
        case .restart: action = .restart
        case .undo:
            guard !DeploymentInfo.replicaSets(of: deployment, in: objects).isEmpty else {
                return .disabled(reason: "its revision history (its ReplicaSets) has not loaded yet")
            }
            action = .undo(toRevision: nil)
        case .promote, .promoteFull, .abort, .retry, .setImage, .terminate:
            return .disabled(reason: "a Deployment has no \(kind.verb): kubectl rollout pauses, resumes, restarts and undoes")
        }
        if let reason = DeploymentDisabledReason.of(action, deployment, objects: objects, now: now) {
            return .disabled(reason: reason)
        }
        do {
            let plan = try DeploymentRequests.plan(action, for: deployment, objects: objects, now: now)
            return .ready(label: action.title, requests: plan.requests, onNotFound: plan.onNotFound)
        } catch {
            return .disabled(reason: error.message)
        }
    }
}
