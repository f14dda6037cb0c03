import APIServer
import Foundation
import JSONValue
import KubeModel

/// The Deployment controller, simulated: one ReplicaSet per pod template (labelled
/// `pod-template-hash`, annotated with `deployment.kubernetes.io/revision`), the current one
/// scaled to `spec.replicas` and older ones to zero, and the Deployment's status summed from
/// its ReplicaSets (replica counts, Available and Progressing conditions, observedGeneration).
final class DeploymentController: @unchecked Sendable {
    private let writer: ObjectWriter
    private let clock: any DemoClock
    private var queue: ReconcileQueue!

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

    private func reconcile(_ key: String) {
        let (ns, name) = splitKey(key)
        guard let deployment = writer.get(.deployments, namespace: ns, name: name) else { return }
        let template = deployment[path: ["spec", "template"]] ?? [:]
        let hash = PodTemplateHash.of(template)
        let replicas = deployment[path: ["spec", "replicas"]]?.replicaCount ?? 1
        var sets = writer.owned(.replicaSets, namespace: ns, by: deployment.uid,
                                matchLabels: deployment[path: ["spec", "selector", "matchLabels"]])
        let revision = sets.compactMap { SpecNumbers.revision($0.annotation("deployment.kubernetes.io/revision")) }.max() ?? 0
        if !sets.contains(where: { $0.label("pod-template-hash") == hash }) {
            var podTemplate = template
            podTemplate[path: ["metadata", "labels", "pod-template-hash"]] = .string(hash)
            var selector = deployment[path: ["spec", "selector"]] ?? ["matchLabels": [:]]
            selector[path: ["matchLabels", "pod-template-hash"]] = .string(hash)
            let rs: JSON = [
                "apiVersion": "apps/v1", "kind": "ReplicaSet",
                "metadata": ["name": .string("\(name)-\(hash)"), "namespace": .string(ns),
                             "labels": podTemplate[path: ["metadata", "labels"]] ?? [:],
                             "annotations": ["deployment.kubernetes.io/revision": .string(String(revision + 1)),
                                             "deployment.kubernetes.io/desired-replicas": .string(String(replicas))],
                             "ownerReferences": [JSON.controllerReference(to: deployment)]],
                "spec": ["replicas": .int(Int64(replicas)), "selector": selector, "template": podTemplate],
            ]
            if let created = writer.create(.replicaSets, namespace: ns, rs) { sets.append(created) }
        }
        for rs in sets { writer.scale(.replicaSets, rs, to: rs.label("pod-template-hash") == hash ? replicas : 0) }
        let current = sets.first { $0.label("pod-template-hash") == hash }
        func sum(_ field: String) -> Int64 { sets.reduce(0) { $0 + Int64($1[path: ["status", field]]?.countValue ?? 0) } }
        let available = sum("availableReplicas")
        let updated = Int64(current?[path: ["status", "replicas"]]?.countValue ?? 0)
        let now = timestamp(clock.now)
        let old = deployment["status"] ?? [:]
        func condition(_ type: String, _ ok: Bool, _ reason: String, _ message: String) -> JSON {
            let previous = deployment.condition(type)
            let same = previous?["status"]?.stringValue == (ok ? "True" : "False")
            let unchanged = same && previous?["reason"]?.stringValue == reason && previous?["message"]?.stringValue == message
            return ["type": .string(type), "status": ok ? "True" : "False",
                    "lastUpdateTime": unchanged ? previous?["lastUpdateTime"] ?? now : now,
                    "lastTransitionTime": same ? previous?["lastTransitionTime"] ?? now : now,
                    "reason": .string(reason), "message": .string(message)]
        }
        let complete = (current?[path: ["status", "availableReplicas"]]?.countValue ?? 0) >= replicas
        var status: JSON = ["observedGeneration": .int(deployment.generation), "replicas": .int(sum("replicas")),
                            "updatedReplicas": .int(updated), "readyReplicas": .int(sum("readyReplicas")),
                            "availableReplicas": .int(available)]
        if sum("replicas") > available { status["unavailableReplicas"] = .int(sum("replicas") - available) }
        status["conditions"] = [
            available >= Int64(replicas)
                ? condition("Available", true, "MinimumReplicasAvailable", "Deployment has minimum availability.")
                : condition("Available", false, "MinimumReplicasUnavailable", "Deployment does not have minimum availability."),
            complete
                ? condition("Progressing", true, "NewReplicaSetAvailable", "ReplicaSet \"\(name)-\(hash)\" has successfully progressed.")
                : condition("Progressing", true, "ReplicaSetUpdated", "ReplicaSet \"\(name)-\(hash)\" is progressing."),
        ]
        if old != status, !writer.writeStatus(.deployments, deployment, status) { queue.enqueue(key) }
    }
}
