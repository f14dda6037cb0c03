import APIServer
import Foundation
import JSONValue
import KubeModel

/// The Argo Rollouts controller, simulated. On every change of a Rollout, of its ReplicaSets,
/// AnalysisRuns or Experiments, or of the Deployment it references, it reconciles as the real
/// one: resolves the pod template (`spec.template` or `spec.workloadRef`), makes one ReplicaSet
/// per template hash (`rollouts-pod-template-hash` label, `rollout.argoproj.io/revision`
/// annotation, revision bumped when `undo` brings an old template back), runs the strategy,
/// honours `status.abort`, retry, `spec.paused`, `spec.restartAt` and the progress deadline,
/// and writes the status (conditions, phase and message, counts) through `/status`.
final class RolloutController: @unchecked Sendable {
    private let writer: ObjectWriter
    private let clock: any DemoClock
    private let events: EventRecorder
    private let rolloutEvents: RolloutEvents
    private var queue: ReconcileQueue!
    private let canary: CanaryStrategy
    private let blueGreen: BlueGreenStrategy
    static let hashLabel = "rollouts-pod-template-hash"
    static let revisionAnnotation = "rollout.argoproj.io/revision"

    init(store: ObjectStore, clock: any DemoClock, events: EventRecorder) {
        writer = ObjectWriter(store: store)
        self.clock = clock
        self.events = events
        rolloutEvents = RolloutEvents(recorder: events)
        let launcher = AnalysisLauncher(writer: writer)
        canary = CanaryStrategy(launcher: launcher)
        blueGreen = BlueGreenStrategy(launcher: launcher)
        queue = ReconcileQueue(clock: clock) { [weak self] key in self?.reconcile(key) }
    }

    func start(_ watcher: StoreWatcher) throws {
        try watcher.watch(.rollouts, clock: clock) { [weak self] kind, ro in
            if kind != .deleted { self?.queue.enqueue(ro.key) }
        }
        for r in [ResourceType.replicaSets, .analysisRuns, .experiments] {
            try watcher.watch(r, clock: clock) { [weak self] _, o in
                if let owner = o.controllerOwner, owner.kind == "Rollout" { self?.queue.enqueue("\(o.namespace)/\(owner.name)") }
            }
        }
        try watcher.watch(.deployments, clock: clock) { [weak self] _, d in
            guard let self else { return }
            for ro in ((try? writer.store.list(.rollouts, namespace: d.namespace).items) ?? []).map(\.json)
            where ro[path: ["spec", "workloadRef", "name"]]?.stringValue == d.name {
                queue.enqueue(ro.key)
            }
        }
    }

    func stop() { queue.stop() }

    private func reconcile(_ key: String) {
        let (ns, name) = splitKey(key)
        guard let rollout = writer.get(.rollouts, namespace: ns, name: name) else { return }
        let now = clock.now
        guard let (template, workload) = resolveTemplate(rollout) else {
            writeInvalidSpec(rollout, now: now)
            return
        }
        let hash = PodTemplateHash.of(template)
        var sets = writer.owned(.replicaSets, namespace: ns, by: rollout.uid,
                                matchLabels: rollout[path: ["spec", "selector", "matchLabels"]])
        let maxRevision = sets.compactMap { SpecNumbers.revision($0.annotation(Self.revisionAnnotation)) }.max() ?? 0
        var revision = maxRevision
        let replicas = rollout[path: ["spec", "replicas"]]?.replicaCount ?? 1
        var status = rollout["status"] ?? [:]
        let previous = status
        let isNewRevision = status["currentPodHash"]?.stringValue != hash
        if let existing = sets.first(where: { $0.label(Self.hashLabel) == hash }) {
            let own = SpecNumbers.revision(existing.annotation(Self.revisionAnnotation)) ?? 0
            revision = own
            if isNewRevision, own < maxRevision {
                revision = maxRevision + 1
                writer.patch(.replicaSets, namespace: ns, name: existing.name,
                             ["metadata": ["annotations": [Self.revisionAnnotation: .string(String(revision))]]])
            }
        } else {
            revision = maxRevision + 1
            let initial = (status["stableRS"]?.stringValue ?? "").isEmpty
            guard let created = writer.create(.replicaSets, namespace: ns,
                                              newReplicaSet(rollout, template: template, hash: hash, revision: revision,
                                                            replicas: initial ? replicas : 0)) else { return }
            sets.append(created)
            events.record(rollout, reason: "NewReplicaSetCreated",
                          message: "Created ReplicaSet \(created.name) (revision \(revision))", component: "rollouts-controller")
        }
        guard let newRS = sets.first(where: { $0.label(Self.hashLabel) == hash }) else { return }
        let steps = rollout[path: ["spec", "strategy", "canary", "steps"]]?.arrayValue ?? []
        if (status["stableRS"]?.stringValue ?? "").isEmpty {
            status["stableRS"] = .string(hash)
            if !steps.isEmpty { status["currentStepIndex"] = .int(Int64(steps.count)) }
        }
        var retried = false
        if isNewRevision {
            status["currentPodHash"] = .string(hash)
            for field in ["abort", "abortedAt", "pauseConditions", "controllerPause", "promoteFull", "canary"] { status[field] = nil }
            if !steps.isEmpty { status["currentStepIndex"] = .int(status["stableRS"]?.stringValue == hash ? Int64(steps.count) : 0) }
            status[path: ["blueGreen", "prePromotionAnalysisRunStatus"]] = nil
            status[path: ["blueGreen", "postPromotionAnalysisRunStatus"]] = nil
        } else if status["abort"]?.boolValue != true, status["abortedAt"] != nil {
            retried = true
            status["abortedAt"] = nil
            status["canary"] = nil
            status[path: ["blueGreen", "prePromotionAnalysisRunStatus"]] = nil
            if !steps.isEmpty { status["currentStepIndex"] = 0 }
        }
        var sync = RolloutSync(rollout: rollout, now: now, replicas: replicas, hash: hash, revision: revision,
                               status: status, newRS: newRS, sets: sets)
        if rollout[path: ["spec", "strategy", "blueGreen"]] != nil {
            blueGreen.sync(&sync)
        } else {
            canary.sync(&sync)
        }
        for rs in sets {
            guard let want = sync.desired[rs.name], let from = rs[path: ["spec", "replicas"]]?.intValue, from != Int64(want) else { continue }
            writer.scale(.replicaSets, rs, to: want)
            let rsRevision = rs.annotation(Self.revisionAnnotation) ?? "?"
            events.record(rollout, reason: "ScalingReplicaSet",
                          message: "Scaled \(Int64(want) > from ? "up" : "down") ReplicaSet \(rs.name) (revision \(rsRevision)) from \(from) to \(want)",
                          component: "rollouts-controller")
        }
        restart(&sync)
        if sync.aborted, previous["abort"]?.boolValue != true || previous["abortedAt"] == nil {
            events.record(rollout, type: "Warning", reason: "RolloutAborted",
                          message: "Rollout aborted update to revision \(revision)", component: "rollouts-controller")
        }
        finishStatus(&sync, previous: previous, retried: retried, workload: workload)
        if writer.writeStatus(.rollouts, rollout, sync.status) {
            rolloutEvents.record(rollout, before: previous, after: sync.status, steps: steps, revision: revision, hash: hash)
        } else {
            queue.enqueue(key)
        }
        annotate(rollout, revision: revision, workload: workload)
        for wake in sync.wakeups { queue.enqueue(key, after: wake.timeIntervalSince(now)) }
    }

    /// `spec.template`, or the template of the Deployment named by `spec.workloadRef`.
    private func resolveTemplate(_ rollout: JSON) -> (JSON, JSON?)? {
        if let ref = rollout[path: ["spec", "workloadRef", "name"]]?.stringValue {
            guard let deployment = writer.get(.deployments, namespace: rollout.namespace, name: ref),
                  let template = deployment[path: ["spec", "template"]] else { return nil }
            return (template, deployment)
        }
        return rollout[path: ["spec", "template"]].map { ($0, nil) }
    }

    private func newReplicaSet(_ rollout: JSON, template: JSON, hash: String, revision: Int, replicas: Int) -> JSON {
        var podTemplate = template
        podTemplate[path: ["metadata", "labels", Self.hashLabel]] = .string(hash)
        var selector = rollout[path: ["spec", "selector"]] ?? ["matchLabels": [:]]
        selector[path: ["matchLabels", Self.hashLabel]] = .string(hash)
        return [
            "apiVersion": "apps/v1", "kind": "ReplicaSet",
            "metadata": ["name": .string("\(rollout.name)-\(hash)"), "namespace": .string(rollout.namespace),
                         "labels": podTemplate[path: ["metadata", "labels"]] ?? [:],
                         "annotations": [Self.revisionAnnotation: .string(String(revision)),
                                         "rollout.argoproj.io/desired-replicas": .string(String(Int(rollout[path: ["spec", "replicas"]]?.intValue ?? 1)))],
                         "ownerReferences": [JSON.controllerReference(to: rollout)]],
            "spec": ["replicas": .int(Int64(replicas)), "selector": selector, "template": podTemplate],
        ]
    }

    /// `spec.restartAt`: replaces the pods created before it one at a time, keeping the others
    /// available, then records `status.restartedAt`.
    private func restart(_ s: inout RolloutSync) {
        guard let text = s.spec["restartAt"]?.stringValue, let at = KubeTime.parse(text),
              s.status["restartedAt"]?.stringValue != text else { return }
        guard s.now >= at else {
            s.wakeups.append(at)
            return
        }
        let ns = s.rollout.namespace
        var pods: [JSON] = []
        for rs in s.sets where s.specReplicas(rs) > 0 {
            pods += writer.owned(.pods, namespace: ns, by: rs.uid, matchLabels: rs[path: ["spec", "selector", "matchLabels"]])
        }
        let old = pods.filter { (date($0[path: ["metadata", "creationTimestamp"]]) ?? .distantPast) < at }
        if old.isEmpty {
            s.status["restartedAt"] = .string(text)
            return
        }
        let ready = pods.filter { $0.condition("Ready")?["status"]?.stringValue == "True" }.count
        if ready == pods.count, let victim = old.first {
            _ = try? writer.store.delete(.pods, namespace: ns, name: victim.name)
        }
    }

    /// Counts, conditions, phase and message, observedGeneration.
    private func finishStatus(_ s: inout RolloutSync, previous: JSON, retried: Bool, workload: JSON?) {
        let rollout = s.rollout
        func total(_ field: String) -> Int64 { s.sets.reduce(0) { $0 + Int64($1[path: ["status", field]]?.countValue ?? 0) } }
        var status = s.status
        status["replicas"] = .int(total("replicas"))
        status["HPAReplicas"] = .int(total("replicas"))
        status["updatedReplicas"] = .int(s.newRS[path: ["status", "replicas"]]?.intValue ?? 0)
        status["readyReplicas"] = .int(total("readyReplicas"))
        status["availableReplicas"] = .int(total("availableReplicas"))
        status["observedGeneration"] = .string(String(rollout.generation))
        if let workload { status["workloadObservedGeneration"] = .string(String(workload.generation)) }
        let labels = (rollout[path: ["spec", "selector", "matchLabels"]]?.objectValue?.members ?? [])
            .map { "\($0.key)=\($0.value.stringValue ?? "")" }
        var selector = labels
        if rollout[path: ["spec", "strategy", "blueGreen"]] != nil,
           let active = status[path: ["blueGreen", "activeSelector"]]?.stringValue {
            selector.append("\(Self.hashLabel)=\(active)")
        }
        status["selector"] = .string(selector.joined(separator: ","))
        if rollout[path: ["spec", "strategy", "blueGreen"]] == nil, status["canary"] == nil { status["canary"] = [:] }
        if status["blueGreen"] == nil { status["blueGreen"] = [:] }

        var conditions = ConditionList(status["conditions"], now: s.now)
        conditions.remove("InvalidSpec")
        let available = total("availableReplicas")
        let paused = s.manuallyPaused || !s.pauseConditions.isEmpty
        let completed = s.stableHash == s.hash && s.available(s.newRS) >= s.replicas
        let rsName = s.newRS.name
        let deadline = s.spec["progressDeadlineSeconds"]?.secondsValue ?? 600
        let progressed = previous["currentStepIndex"] != status["currentStepIndex"]
            || previous["updatedReplicas"] != status["updatedReplicas"]
            || previous["availableReplicas"] != status["availableReplicas"]
            || previous["currentPodHash"] != status["currentPodHash"]
        if s.aborted {
            let message = s.abortMessage ?? conditions.get("Progressing").flatMap { c -> String? in
                c["reason"]?.stringValue == "RolloutAborted" ? c["message"]?.stringValue : nil
            } ?? "Rollout aborted update to revision \(s.revision)"
            conditions.set("Progressing", "False", reason: "RolloutAborted", message: message)
        } else if paused {
            conditions.set("Progressing", "Unknown", reason: "RolloutPaused", message: "Rollout is paused")
        } else if completed {
            conditions.set("Progressing", "True", reason: "NewReplicaSetAvailable",
                           message: "Rollout \"\(rollout.name)\" has successfully progressed.")
        } else if retried {
            conditions.set("Progressing", "True", reason: "RolloutRetry", message: "Retrying Rollout after abort")
            s.wakeups.append(s.now.addingTimeInterval(deadline))
        } else {
            let current = conditions.get("Progressing")
            let since = date(current?["lastUpdateTime"]) ?? s.now
            let inFlight = ["ReplicaSetUpdated", "RolloutRetry", "ProgressDeadlineExceeded"].contains(current?["reason"]?.stringValue ?? "")
            if inFlight, !progressed, s.now >= since.addingTimeInterval(deadline) || current?["reason"]?.stringValue == "ProgressDeadlineExceeded" {
                conditions.set("Progressing", "False", reason: "ProgressDeadlineExceeded",
                               message: "ReplicaSet \"\(rsName)\" has timed out progressing.")
            } else {
                conditions.set("Progressing", "True", reason: "ReplicaSetUpdated", message: "ReplicaSet \"\(rsName)\" is progressing.",
                               touch: progressed || !inFlight)
                s.wakeups.append((progressed || !inFlight ? s.now : since).addingTimeInterval(deadline))
            }
        }
        if available >= Int64(s.replicas) {
            conditions.set("Available", "True", reason: "AvailableReason", message: "Rollout has minimum availability")
        } else {
            conditions.set("Available", "False", reason: "AvailableReason", message: "Rollout does not have minimum availability")
        }
        if paused {
            conditions.set("Paused", "True", reason: "RolloutPaused", message: "Rollout is paused")
        } else {
            conditions.remove("Paused")
        }
        if completed {
            conditions.set("Completed", "True", reason: "RolloutCompleted", message: "Rollout completed update to revision \(s.revision) (\(s.hash)): Rollout is completed")
        } else {
            conditions.set("Completed", "False", reason: "RolloutCompleted", message: "Rollout not completed, started update to revision \(s.revision) (\(s.hash))")
        }
        let healthy = completed && !s.aborted && available >= Int64(s.replicas)
        conditions.set("Healthy", healthy ? "True" : "False", reason: "RolloutHealthy",
                       message: healthy ? "Rollout is healthy" : "Rollout is not healthy")
        status["conditions"] = conditions.json
        let (phase, message) = ControllerPhase.calculate(spec: s.spec, status: status)
        status["phase"] = .string(phase)
        status["message"] = .string(message)
        s.status = status
    }

    /// The revision annotation on the Rollout and, with a workloadRef, the workload generation it saw.
    private func annotate(_ rollout: JSON, revision: Int, workload: JSON?) {
        var annotations: JSON = [:]
        if rollout.annotation(Self.revisionAnnotation) != String(revision) {
            annotations[Self.revisionAnnotation] = .string(String(revision))
        }
        if let workload, rollout.annotation("rollout.argoproj.io/workload-generation") != String(workload.generation) {
            annotations["rollout.argoproj.io/workload-generation"] = .string(String(workload.generation))
        }
        if annotations != [:] {
            writer.patch(.rollouts, namespace: rollout.namespace, name: rollout.name, ["metadata": ["annotations": annotations]])
        }
    }

    private func writeInvalidSpec(_ rollout: JSON, now: Date) {
        let ref = rollout[path: ["spec", "workloadRef", "name"]]?.stringValue
        let message = ref.map { "The Rollout \"\(rollout.name)\" is invalid: spec.workloadRef.name: Invalid value: \"\($0)\": deployments.apps \"\($0)\" not found" }
            ?? "The Rollout \"\(rollout.name)\" is invalid: spec.template: Required value"
        var status = rollout["status"] ?? [:]
        var conditions = ConditionList(status["conditions"], now: now)
        conditions.set("InvalidSpec", "True", reason: "InvalidSpec", message: message)
        status["conditions"] = conditions.json
        status["observedGeneration"] = .string(String(rollout.generation))
        let (phase, text) = ControllerPhase.calculate(spec: rollout["spec"] ?? [:], status: status)
        status["phase"] = .string(phase)
        status["message"] = .string(text)
        writer.writeStatus(.rollouts, rollout, status)
    }
}
