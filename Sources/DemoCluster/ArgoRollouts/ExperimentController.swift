import APIServer
import Foundation
import JSONValue
import KubeModel

/// Runs Experiments: one ReplicaSet per template (from the Rollout's canary or stable pod
/// template, as `specRef` says, annotated `experiment.argoproj.io/name` and `/template-name`
/// and carrying no label of the Rollout's, as the real controller's in the upstream fixtures,
/// so a client that looks for them by the Rollout's `app` label misses them), phase Running
/// once they are available, Successful after `spec.duration` (taken as written: it is an
/// operator's figure), then the ReplicaSets scaled to zero. `spec.terminate` ends it early.
final class ExperimentController: @unchecked Sendable {
    private let writer: ObjectWriter
    private let clock: any DemoClock
    private var queue: ReconcileQueue!

    init(store: ObjectStore, clock: any DemoClock) {
        writer = ObjectWriter(store: store)
        self.clock = clock
        queue = ReconcileQueue(clock: clock) { [weak self] key in self?.reconcile(key) }
    }

    func start(_ watcher: StoreWatcher) throws {
        try watcher.watch(.experiments, clock: clock) { [weak self] kind, e in
            if kind != .deleted { self?.queue.enqueue(e.key) }
        }
        try watcher.watch(.replicaSets, clock: clock) { [weak self] _, rs in
            if let owner = rs.controllerOwner, owner.kind == "Experiment" { self?.queue.enqueue("\(rs.namespace)/\(owner.name)") }
        }
    }

    func stop() { queue.stop() }

    private func reconcile(_ key: String) {
        let (ns, name) = splitKey(key)
        guard let experiment = writer.get(.experiments, namespace: ns, name: name) else { return }
        var status = experiment["status"] ?? [:]
        let phase = status["phase"]?.stringValue ?? ""
        let sets = writer.owned(.replicaSets, namespace: ns, by: experiment.uid)
        let templates = experiment[path: ["spec", "templates"]]?.arrayValue ?? []
        let now = clock.now
        if ["Successful", "Failed", "Error"].contains(phase) {
            for rs in sets { writer.scale(.replicaSets, rs, to: 0) }
            return
        }
        for t in templates {
            let templateName = t["name"]?.stringValue ?? "template"
            guard !sets.contains(where: { $0.annotation("experiment.argoproj.io/template-name") == templateName }) else { continue }
            var podTemplate = t["template"] ?? [:]
            let hash = PodTemplateHash.of(podTemplate)
            podTemplate[path: ["metadata", "labels", "rollouts-pod-template-hash"]] = .string(hash)
            let rs: JSON = [
                "apiVersion": "apps/v1", "kind": "ReplicaSet",
                "metadata": ["name": .string("\(name)-\(templateName)"), "namespace": .string(ns),
                             "annotations": ["experiment.argoproj.io/name": .string(name),
                                             "experiment.argoproj.io/template-name": .string(templateName),
                                             "rollout.argoproj.io/revision": experiment[path: ["metadata", "annotations", "rollout.argoproj.io/revision"]] ?? "1"],
                             "ownerReferences": [JSON.controllerReference(to: experiment)]],
                "spec": ["replicas": .int(Int64(t["replicas"]?.replicaCount ?? 1)),
                         "selector": ["matchLabels": podTemplate[path: ["metadata", "labels"]] ?? [:]],
                         "template": podTemplate],
            ]
            _ = writer.create(.replicaSets, namespace: ns, rs)
        }
        let templateStatuses: [JSON] = templates.map { t in
            let templateName = t["name"]?.stringValue ?? "template"
            let rs = sets.first { $0.annotation("experiment.argoproj.io/template-name") == templateName }
            let ready = rs?[path: ["status", "availableReplicas"]]?.intValue ?? 0
            let want = Int64(t["replicas"]?.replicaCount ?? 1)
            return ["name": .string(templateName), "replicas": .int(rs?[path: ["status", "replicas"]]?.intValue ?? 0),
                    "updatedReplicas": .int(rs?[path: ["status", "replicas"]]?.intValue ?? 0),
                    "readyReplicas": .int(ready), "availableReplicas": .int(ready),
                    "status": ready >= want ? "Running" : "Progressing", "lastTransitionTime": timestamp(now)]
        }
        let allAvailable = templateStatuses.allSatisfy { $0["status"]?.stringValue == "Running" }
        if experiment[path: ["spec", "terminate"]]?.boolValue == true {
            status["phase"] = "Successful"
            status["message"] = "Experiment was terminated"
        } else if allAvailable, let availableAt = date(status["availableAt"]) {
            let duration = StepDuration.seconds(experiment[path: ["spec", "duration"]]) ?? 0
            if now >= availableAt.addingTimeInterval(duration) {
                status["phase"] = "Successful"
            } else {
                status["phase"] = "Running"
                queue.enqueue(key, after: availableAt.addingTimeInterval(duration).timeIntervalSince(now))
            }
        } else if allAvailable {
            status["phase"] = "Running"
            status["availableAt"] = timestamp(now)
            queue.enqueue(key, after: StepDuration.seconds(experiment[path: ["spec", "duration"]]) ?? 0)
        } else {
            status["phase"] = "Pending"
        }
        // Keep each template's transition time while its state is unchanged.
        let previous = status["templateStatuses"]?.arrayValue ?? []
        status["templateStatuses"] = .array(templateStatuses.map { s in
            var s = s
            if let old = previous.first(where: { $0["name"] == s["name"] }), old["status"] == s["status"] {
                s["lastTransitionTime"] = old["lastTransitionTime"] ?? s["lastTransitionTime"] ?? nil
            }
            return s
        })
        if !writer.writeStatus(.experiments, experiment, status) { queue.enqueue(key) }
    }
}
