import APIServer
import Foundation
import JSONValue
import KubeModel

/// The Deployment controller, simulated as kube-controller-manager's (`pkg/controller/deployment`):
///
/// - one ReplicaSet per pod template, labelled `pod-template-hash`; a new template gets a new
///   ReplicaSet whose `deployment.kubernetes.io/revision` is one more than the old ones'; a template
///   that matches an old ReplicaSet (what `kubectl rollout undo` writes) reuses it and bumps its
///   revision, recording the old number in `deployment.kubernetes.io/revision-history`; the
///   Deployment carries its new ReplicaSet's revision;
/// - sizes by `DeploymentScaling` (rolling update within maxSurge / maxUnavailable, or Recreate);
/// - `spec.paused` honoured: no new ReplicaSet and no scaling while paused, the Progressing
///   condition `Unknown`/`DeploymentPaused`, then `DeploymentResumed` on resume;
/// - status summed from the ReplicaSets (replicas, updated, ready, available, unavailable,
///   observedGeneration) with the Available and Progressing conditions, the latter turning
///   `False`/`ProgressDeadlineExceeded` once `spec.progressDeadlineSeconds` (600 by default) pass
///   without progress, and `NewReplicaSetAvailable` once complete.
final class DeploymentController: @unchecked Sendable {
    private let writer: ObjectWriter
    private let clock: any DemoClock
    private var queue: ReconcileQueue!

    static let revisionKey = "deployment.kubernetes.io/revision"
    static let historyKey = "deployment.kubernetes.io/revision-history"
    static let hashLabel = "pod-template-hash"
    /// The Progressing condition's reason past the deadline (`TimedOutReason`).
    static let timedOutReason = "ProgressDeadlineExceeded"

    init(store: ObjectStore, clock: any DemoClock) {
        writer = ObjectWriter(store: store)
        self.clock = clock
        queue = ReconcileQueue(clock: clock) { [weak self] key in self?.reconcile(key) }
    }

    func start(_ watcher: StoreWatcher) throws {
        try watcher.watch(.deployments, clock: clock) { [weak self] _, d in self?.queue.enqueue(d.key) }
        try watcher.watch(.replicaSets, clock: clock) { [weak self] _, rs in
            guard let self else { return }
            if let owner = rs.controllerOwner, owner.kind == "Deployment" { queue.enqueue("\(rs.namespace)/\(owner.name)") }
        }
    }

    func stop() { queue.stop() }

    private static func revision(_ rs: JSON) -> Int { SpecNumbers.revision(rs.annotation(revisionKey)) ?? 0 }

    private static func counts(_ rs: JSON) -> DeploymentScaling.Set {
        DeploymentScaling.Set(spec: rs[path: ["spec", "replicas"]]?.replicaCount ?? 1, pods: rs[path: ["status", "replicas"]]?.countValue ?? 0,
                              available: rs[path: ["status", "availableReplicas"]]?.countValue ?? 0)
    }

    private func reconcile(_ key: String) {
        let (ns, name) = splitKey(key)
        guard var deployment = writer.get(.deployments, namespace: ns, name: name) else { return }
        let template = deployment[path: ["spec", "template"]] ?? [:]
        let hash = PodTemplateHash.of(template)
        let replicas = deployment[path: ["spec", "replicas"]]?.replicaCount ?? 1
        let paused = deployment[path: ["spec", "paused"]]?.boolValue == true
        let scaling = DeploymentScaling(replicas: replicas, strategy: deployment[path: ["spec", "strategy"]])
        let sets = writer.owned(.replicaSets, namespace: ns, by: deployment.uid,
                                matchLabels: deployment[path: ["spec", "selector", "matchLabels"]])
        var old = sets.filter { $0.label(Self.hashLabel) != hash }
            .sorted { ($0[path: ["metadata", "creationTimestamp"]]?.stringValue ?? "", $0.name) < ($1[path: ["metadata", "creationTimestamp"]]?.stringValue ?? "", $1.name) }
        var new = sets.first { $0.label(Self.hashLabel) == hash }
        let maxOld = old.map(Self.revision).max() ?? 0
        var created = false
        if !paused {
            if new == nil {
                let size = scaling.newReplicas(new: .init(spec: 0, pods: 0, available: 0), old: old.map(Self.counts))
                new = createReplicaSet(deployment, template: template, hash: hash, revision: maxOld + 1, replicas: size)
                created = new != nil
            } else if let current = new, Self.revision(current) <= maxOld {
                new = bumpRevision(current, to: maxOld + 1)
            }
            if let current = new {
                let sizes = scale(current, old: old, scaling)
                new = sizes.new
                old = sizes.old
            }
        }
        if let current = new, let revision = current.annotation(Self.revisionKey), deployment.annotation(Self.revisionKey) != revision {
            guard let updated = writer.patch(.deployments, namespace: ns, name: name, ["metadata": ["annotations": [Self.revisionKey: .string(revision)]]]) else {
                queue.enqueue(key)
                return
            }
            deployment = updated
        }
        writeStatus(deployment, new: new, old: old, scaling: scaling, paused: paused, created: created, key: key)
    }

    private func createReplicaSet(_ deployment: JSON, template: JSON, hash: String, revision: Int, replicas: Int) -> JSON? {
        var podTemplate = template
        podTemplate[path: ["metadata", "labels", Self.hashLabel]] = .string(hash)
        var selector = deployment[path: ["spec", "selector"]] ?? ["matchLabels": [:]]
        selector[path: ["matchLabels", Self.hashLabel]] = .string(hash)
        let desired = deployment[path: ["spec", "replicas"]]?.replicaCount ?? 1
        let rs: JSON = [
            "apiVersion": "apps/v1", "kind": "ReplicaSet",
            "metadata": ["name": .string("\(deployment.name)-\(hash)"), "namespace": .string(deployment.namespace),
                         "labels": podTemplate[path: ["metadata", "labels"]] ?? [:],
                         "annotations": [Self.revisionKey: .string(String(revision)),
                                         "deployment.kubernetes.io/desired-replicas": .string(String(desired))],
                         "ownerReferences": [JSON.controllerReference(to: deployment)]],
            "spec": ["replicas": .int(Int64(replicas)), "selector": selector, "template": podTemplate],
        ]
        return writer.create(.replicaSets, namespace: deployment.namespace, rs)
    }

    /// An old ReplicaSet made current again (a rollback): its revision becomes the newest, and
    /// the number it had joins its revision history (`SetNewReplicaSetAnnotations`).
    private func bumpRevision(_ rs: JSON, to revision: Int) -> JSON {
        var annotations: JSON = [Self.revisionKey: .string(String(revision))]
        if let previous = rs.annotation(Self.revisionKey) {
            let history = rs.annotation(Self.historyKey).map { $0.isEmpty ? previous : "\($0),\(previous)" } ?? previous
            annotations[Self.historyKey] = .string(history)
        }
        return writer.patch(.replicaSets, namespace: rs.namespace, name: rs.name, ["metadata": ["annotations": annotations]]) ?? rs
    }

    /// Scales the new ReplicaSet up, then the old ones down, as far as the strategy allows now.
    private func scale(_ new: JSON, old: [JSON], _ scaling: DeploymentScaling) -> (new: JSON, old: [JSON]) {
        var newSet = Self.counts(new)
        let size = scaling.newReplicas(new: newSet, old: old.map(Self.counts))
        var new = new
        if size != newSet.spec {
            writer.scale(.replicaSets, new, to: size)
            new[path: ["spec", "replicas"]] = .int(Int64(size))
            newSet.spec = size
        }
        let sizes = scaling.oldReplicas(new: newSet, old: old.map(Self.counts))
        var old = old
        for i in old.indices where sizes[i] != Self.counts(old[i]).spec {
            writer.scale(.replicaSets, old[i], to: sizes[i])
            old[i][path: ["spec", "replicas"]] = .int(Int64(sizes[i]))
        }
        return (new, old)
    }

    private func writeStatus(_ deployment: JSON, new: JSON?, old: [JSON], scaling: DeploymentScaling, paused: Bool, created: Bool, key: String) {
        let all = (new.map { [$0] } ?? []) + old
        func sum(_ field: String) -> Int { all.reduce(0) { $0 + ($1[path: ["status", field]]?.countValue ?? 0) } }
        let specTotal = all.reduce(0) { $0 + Self.counts($1).spec }
        let total = sum("replicas"), available = sum("availableReplicas")
        let updated = new?[path: ["status", "replicas"]]?.countValue ?? 0
        var status: JSON = ["observedGeneration": .int(deployment.generation), "replicas": .int(Int64(total)),
                            "updatedReplicas": .int(Int64(updated)), "readyReplicas": .int(Int64(sum("readyReplicas"))),
                            "availableReplicas": .int(Int64(available))]
        if specTotal > available { status["unavailableReplicas"] = .int(Int64(specTotal - available)) }
        let now = clock.now
        var conditions = ConditionList(deployment[path: ["status", "conditions"]], now: now)
        if available >= scaling.replicas - scaling.maxUnavailable {
            conditions.set("Available", "True", reason: "MinimumReplicasAvailable", message: "Deployment has minimum availability.")
        } else {
            conditions.set("Available", "False", reason: "MinimumReplicasUnavailable", message: "Deployment does not have minimum availability.")
        }
        let rsName = new?.name ?? ""
        var previous = deployment.condition("Progressing")
        let deadline = deployment[path: ["spec", "progressDeadlineSeconds"]]?.secondsValue ?? 600
        if paused {
            if previous?["reason"]?.stringValue != "DeploymentPaused" {
                conditions.set("Progressing", "Unknown", reason: "DeploymentPaused", message: "Deployment is paused")
            }
        } else {
            if previous?["reason"]?.stringValue == "DeploymentPaused" {
                conditions.set("Progressing", "Unknown", reason: "DeploymentResumed", message: "Deployment is resumed")
                previous = conditions.get("Progressing")
            }
            if created {
                conditions.set("Progressing", "True", reason: "NewReplicaSetCreated", message: "Created new replica set \"\(rsName)\"", touch: true)
                previous = conditions.get("Progressing")
            } else if previous == nil, new != nil {
                conditions.set("Progressing", "True", reason: "FoundNewReplicaSet", message: "Found new replica set \"\(rsName)\"")
                previous = conditions.get("Progressing")
            }
            let reason = previous?["reason"]?.stringValue
            let completeBefore = total == updated && reason == "NewReplicaSetAvailable"
            let complete = updated == scaling.replicas && total == scaling.replicas && available == scaling.replicas
            let oldStatus = deployment["status"] ?? [:]
            func grew(_ field: String, _ value: Int) -> Bool { value > (oldStatus[field]?.countValue ?? 0) }
            let oldPods = (oldStatus["replicas"]?.countValue ?? 0) - (oldStatus["updatedReplicas"]?.countValue ?? 0)
            let progressed = grew("updatedReplicas", updated) || total - updated < oldPods
                || grew("readyReplicas", sum("readyReplicas")) || grew("availableReplicas", available)
            if !completeBefore {
                if complete {
                    conditions.set("Progressing", "True", reason: "NewReplicaSetAvailable", message: "ReplicaSet \"\(rsName)\" has successfully progressed.")
                } else if progressed {
                    conditions.set("Progressing", "True", reason: "ReplicaSetUpdated", message: "ReplicaSet \"\(rsName)\" is progressing.",
                                       touch: true)
                } else if reason != Self.timedOutReason, let since = date(previous?["lastUpdateTime"]) {
                    let due = since.addingTimeInterval(deadline)
                    if now > due {
                        conditions.set("Progressing", "False", reason: Self.timedOutReason,
                                           message: "ReplicaSet \"\(rsName)\" has timed out progressing.")
                    } else {
                        // `requeueStuckDeployment`: look again just after the deadline.
                        queue.enqueue(key, after: due.timeIntervalSince(now) + 1)
                    }
                }
            }
        }
        status["conditions"] = conditions.json
        if !writer.writeStatus(.deployments, deployment, status) { queue.enqueue(key) }
    }
}
