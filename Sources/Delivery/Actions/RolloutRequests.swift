import Foundation
import JSONValue
import KubeModel

/// The exact requests of each Argo Rollouts action, as `kubectl argo rollouts` sends them
/// (bodies byte for byte, including the space after the comma in multi-field status patches).
public enum RolloutRequests {
    static func rolloutPath(_ r: Rollout, status: Bool = false) -> String {
        ResourceType.rollouts.path(namespace: r.metadata.namespace, name: r.metadata.name, subresource: status ? "status" : nil)
    }

    /// The plan for `action` on `rollout`. `now` dates a restart; `objects` supplies the
    /// ReplicaSets of `undo`. `setImage` needs the whole object as read from the server (a PUT
    /// must not drop the fields the model ignores), so it has its own function, `setImage`.
    /// Throws the plugin's precondition errors.
    public static func plan(_ action: RolloutAction, for rollout: Rollout, objects: ObjectSet = ObjectSet(), now: Date) throws(ActionError) -> ActionPlan {
        let name = rollout.metadata.name
        let ns = rollout.metadata.namespace
        switch action {
        case .promote, .promoteFull:
            return promote(rollout, full: action == .promoteFull)
        case .resume:
            return ActionPlan(requests: [.patch(rolloutPath(rollout), .merge, #"{"spec":{"paused":false}}"#)],
                              message: "rollout '\(name)' resumed")
        case .abort:
            let body = #"{"status":{"abort":true}}"#
            return ActionPlan(requests: [.patch(rolloutPath(rollout, status: true), .merge, body)],
                              onNotFound: [.patch(rolloutPath(rollout), .merge, body)], message: "rollout '\(name)' aborted")
        case .retry:
            let body = #"{"status":{"abort":false}}"#
            return ActionPlan(requests: [.patch(rolloutPath(rollout, status: true), .merge, body)],
                              onNotFound: [.patch(rolloutPath(rollout), .merge, body)], message: "rollout '\(name)' retried")
        case .restart(let delay):
            let at = KubeTime.format(now.addingTimeInterval(delay))
            let body = "{\n\t\"spec\": {\n\t\t\"restartAt\": \"\(at)\"\n\t}\n}"
            return ActionPlan(requests: [.patch(rolloutPath(rollout), .merge, body)],
                              message: "rollout '\(name)' restarts in \(goDuration(delay))")
        case .pause:
            return ActionPlan(requests: [.patch(rolloutPath(rollout), .merge, #"{"spec":{"paused":true}}"#)],
                              message: "rollout '\(name)' paused")
        case .undo(let revision):
            return try undo(rollout, toRevision: revision, replicaSets: objects.replicaSets)
        case .setImage:
            throw ActionError("set image needs the object as read from the server: use RolloutRequests.setImage")
        case .terminateAnalysisRun(let run):
            return terminateAnalysisRun(run, namespace: ns)
        case .terminateExperiment(let exp):
            return terminateExperiment(exp, namespace: ns)
        case .retryExperiment(let exp):
            return retryExperiment(exp, namespace: ns)
        }
    }

    // The actions on an AnalysisRun or an Experiment named by the operator: one merge patch to
    // that object (no status subresource), nothing read first, as the plugin.

    /// `terminate analysisrun NAME`.
    public static func terminateAnalysisRun(_ run: String, namespace: String?) -> ActionPlan {
        ActionPlan(requests: [.patch(ResourceType.analysisRuns.path(namespace: namespace, name: run), .merge, #"{"spec":{"terminate":true}}"#)],
                   message: "analysisRun '\(run)' terminated")
    }

    /// `terminate experiment NAME`.
    public static func terminateExperiment(_ exp: String, namespace: String?) -> ActionPlan {
        // Upstream prints "retried" here (a typo kept for byte-identical output).
        ActionPlan(requests: [.patch(ResourceType.experiments.path(namespace: namespace, name: exp), .merge, #"{"spec":{"terminate":true}}"#)],
                   message: "experiment '\(exp)' retried")
    }

    /// `retry experiment NAME`: the whole status cleared.
    public static func retryExperiment(_ exp: String, namespace: String?) -> ActionPlan {
        ActionPlan(requests: [.patch(ResourceType.experiments.path(namespace: namespace, name: exp), .merge, #"{"status":null}"#)],
                   message: "experiment '\(exp)' retried")
    }

    /// `promote` (`getPatches`): a status patch to `/status` first, then a spec patch to the main
    /// resource; on 404 the unified patch goes to the main resource instead.
    static func promote(_ rollout: Rollout, full: Bool) -> ActionPlan {
        let s = rollout.status
        let name = rollout.metadata.name
        let specPatch = rollout.spec.paused == true ? #"{"spec":{"paused":false}}"# : nil
        var statusPatch: String?
        var unified: String?
        if full {
            if s.currentPodHash != s.stableRS {
                statusPatch = #"{"status":{"promoteFull":true}}"#
                unified = specPatch == nil ? statusPatch : #"{"spec":{"paused":false},"status":{"promoteFull":true}}"#
            }
        } else {
            let steps = rollout.steps
            let next = min(Int(s.currentStepIndex ?? 0) + 1, steps.count)
            let paused = !(s.pauseConditions ?? []).isEmpty
            let unpausedUnified = specPatch == nil ? #"{"status":{"pauseConditions":null}}"# : #"{"spec":{"paused":false},"status":{"pauseConditions":null}}"#
            if rollout.isCanary, s.canary?.currentStepAnalysisRunStatus?.status == "Inconclusive", paused, s.controllerPause == true {
                statusPatch = "{\"status\":{\"pauseConditions\":null, \"controllerPause\":false, \"currentStepIndex\":\(next)}}"
                unified = unpausedUnified
            } else if paused {
                statusPatch = #"{"status":{"pauseConditions":null}}"#
                unified = unpausedUnified
            } else if rollout.isCanary, !steps.isEmpty {
                statusPatch = "{\"status\":{\"pauseConditions\":null, \"currentStepIndex\":\(next)}}"
                unified = specPatch == nil ? statusPatch
                    : "{\"spec\":{\"paused\":false},\"status\":{\"pauseConditions\":null, \"currentStepIndex\":\(next)}}"
            }
        }
        var requests: [APIRequest] = []
        if let statusPatch { requests.append(.patch(rolloutPath(rollout, status: true), .merge, statusPatch)) }
        if let specPatch { requests.append(.patch(rolloutPath(rollout), .merge, specPatch)) }
        let fallback = statusPatch == nil ? nil : unified.map { [APIRequest.patch(rolloutPath(rollout), .merge, $0)] }
        return ActionPlan(requests: requests, onNotFound: fallback, message: "rollout '\(name)' \(full ? "fully promoted" : "promoted")")
    }

    /// The deprecated `promote --skip-current-step` (`-c`) / `--skip-all-steps` (`-a`), with the plugin's refusals.
    public static func promoteSkipping(_ rollout: Rollout, currentStep: Bool, allSteps: Bool) throws(ActionError) -> ActionPlan {
        if currentStep, allSteps { throw ActionError("Cannot use skip-current-step and skip-all-steps flags at the same time") }
        if rollout.isBlueGreen { throw ActionError("Cannot skip steps of a bluegreen rollout. Run without a flags") }
        let steps = rollout.steps
        if steps.isEmpty { throw ActionError("Cannot skip steps of a rollout without steps") }
        let index = allSteps ? steps.count : min(Int(rollout.status.currentStepIndex ?? 0) + 1, steps.count)
        let body = "{\"status\":{\"currentStepIndex\":\(index)}}"
        return ActionPlan(requests: [.patch(rolloutPath(rollout, status: true), .merge, body)],
                          onNotFound: [.patch(rolloutPath(rollout), .merge, body)], message: "rollout '\(rollout.metadata.name)' promoted")
    }

    /// The LIST `undo` reads first: the rollout's ReplicaSets by its selector.
    public static func undoListRequest(_ rollout: Rollout) -> APIRequest {
        let selector = rollout.spec.selector?.queryString ?? ""
        return APIRequest(method: .get, path: ResourceType.replicaSets.path(namespace: rollout.metadata.namespace),
                          query: selector.isEmpty ? [] : [("labelSelector", selector)])
    }

    /// What `set image` reads and replaces: the Rollout, or the Deployment its `workloadRef` names.
    public static func setImageTarget(_ rollout: Rollout) -> APIRequest {
        if let ref = rollout.spec.workloadRef, let name = ref.name {
            return APIRequest(method: .get, path: ResourceType.deployments.path(namespace: rollout.metadata.namespace, name: name))
        }
        return APIRequest(method: .get, path: rolloutPath(rollout))
    }

    /// `undo [--to-revision=N]` against the rollout's ReplicaSets (controller owner = the rollout).
    static func undo(_ rollout: Rollout, toRevision: Int?, replicaSets: [ReplicaSet]) throws(ActionError) -> ActionPlan {
        let name = rollout.metadata.name
        let owned = replicaSets.filter { rs in
            rs.metadata.namespace == rollout.metadata.namespace
                && (rs.metadata.ownerReferences ?? []).contains { $0.controller == true && $0.uid == rollout.metadata.uid }
                && (rollout.spec.selector.map { $0.matches(rs.metadata.labels ?? [:]) } ?? true)
        }
        let revisions = owned.compactMap { rs in rs.revision.map { ($0, rs) } }
        let target: ReplicaSet
        if let toRevision, toRevision != 0 {
            guard let found = revisions.first(where: { $0.0 == toRevision })?.1 else {
                throw ActionError("unable to find specified revision \(toRevision) in history")
            }
            target = found
        } else {
            let sorted = revisions.sorted { $0.0 > $1.0 }
            guard sorted.count >= 2 else { throw ActionError("no revision found for rollout \"\(name)\"") }
            target = sorted[1].1
        }
        let template = withoutHashLabel(target.spec.template?.raw ?? .object(JSONObject()))
        let current = withoutHashLabel(rollout.templateRaw ?? .object(JSONObject()))
        if rollout.spec.workloadRef == nil, derives(current, from: template) {
            return ActionPlan(requests: [], message: "skipped rollback (current template already matches revision \(toRevision ?? 0))")
        }
        let body: JSON = [["op": "replace", "path": "/spec/template", "value": template]]
        var path = rolloutPath(rollout)
        if let ref = rollout.spec.workloadRef {
            let ns = rollout.metadata.namespace, refName = ref.name ?? ""
            switch ref.kind {
            case "Deployment": path = ResourceType.deployments.path(namespace: ns, name: refName)
            case "ReplicaSet": path = ResourceType.replicaSets.path(namespace: ns, name: refName)
            case "PodTemplate": path = "/api/v1/namespaces/\(ns ?? "default")/podtemplates/\(refName)"
            default: throw ActionError("workload of type \(ref.kind ?? "") is not supported")
            }
        }
        return ActionPlan(requests: [APIRequest(method: .patch, path: path, contentType: APIRequest.PatchType.json.rawValue, body: body.data)],
                          message: "rollout '\(name)' undo")
    }

    /// The pod template without its hash label (Argo's `rollouts-pod-template-hash`, or a
    /// Deployment's `pod-template-hash`).
    static func withoutHashLabel(_ template: JSON, label: String = Annotations.podTemplateHash) -> JSON {
        guard template[path: ["metadata", "labels"]]?.objectValue != nil else { return template }
        var t = template
        t[path: ["metadata", "labels", label]] = nil
        return t
    }

    /// apimachinery's `Semantic.DeepDerivative(a, b)`: every field set in `a` equals in `b`
    /// (null, empty strings, empty maps and lists in `a` are not compared). `a` is the rollout's
    /// template, `b` the ReplicaSet's, which the API server has filled with defaults.
    static func derives(_ a: JSON, from b: JSON) -> Bool {
        switch (a, b) {
        case (.null, _), (.string(""), _): return true
        case (.object(let x), .object(let y)):
            return x.allSatisfy { derives($0.value, from: y[$0.key] ?? .null) }
        case (.object(let x), .null): return x.allSatisfy { derives($0.value, from: .null) }
        case (.array(let x), .array(let y)):
            return x.isEmpty || (x.count == y.count && zip(x, y).allSatisfy { derives($0, from: $1) })
        case (.array(let x), .null): return x.isEmpty
        default: return a == b
        }
    }

    /// `set image CONTAINER=IMAGE`: `object` is the Rollout (or, with `workloadRef`, the Deployment)
    /// as last read, in JSON; the answer is a PUT of the whole object with the images replaced and
    /// everything else as read (member order, exact integers, fields rollscope does not know).
    public static func setImage(container: String, image: String, object: Data, rolloutName: String) throws(ActionError) -> ActionPlan {
        try setImage(container: container, image: image, object: (try? JSON(parsing: object)) ?? .null, rolloutName: rolloutName)
    }

    /// `set image` on the object as a tree (the console's Rollout as last watched, `Rollout.verbatim`).
    public static func setImage(container: String, image: String, object root: JSON, rolloutName: String) throws(ActionError) -> ActionPlan {
        var root = root
        guard root[path: ["spec", "template", "spec"]]?.objectValue != nil else {
            throw ActionError("unable to find container named \"\(container)\"")
        }
        var found = false
        for key in ["initContainers", "containers", "ephemeralContainers"] {
            let path = ["spec", "template", "spec", key]
            guard var list = root[path: path]?.arrayValue else { continue }
            for i in list.indices where list[i].objectValue != nil && (container == "*" || list[i]["name"]?.stringValue == container) {
                list[i]["image"] = .string(image)
                found = true
            }
            root[path: path] = .array(list)
        }
        guard found else { throw ActionError("unable to find container named \"\(container)\"") }
        let kind = root["kind"]?.stringValue ?? "Rollout"
        let name = root[path: ["metadata", "name"]]?.stringValue ?? rolloutName
        let ns = root[path: ["metadata", "namespace"]]?.stringValue
        let type: ResourceType = kind == "Deployment" ? .deployments : .rollouts
        return ActionPlan(requests: [APIRequest(method: .put, path: type.path(namespace: ns, name: name), contentType: "application/json", body: root.data)],
                          message: "\(kind.lowercased()) \"\(name)\" image updated")
    }

    /// Go's `time.Duration.String()` for whole-second delays (`0s`, `10s`, `1m30s`, `2h0m0s`).
    static func goDuration(_ interval: TimeInterval) -> String {
        let total = WireNumber.int(interval, rounding: .toNearestOrAwayFromZero)
        if total == 0 { return "0s" }
        let h = total / 3600, m = (total % 3600) / 60, s = total % 60
        if h > 0 { return "\(h)h\(m)m\(s)s" }
        if m > 0 { return "\(m)m\(s)s" }
        return "\(s)s"
    }
}
