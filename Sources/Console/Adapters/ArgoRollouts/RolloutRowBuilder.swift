import Foundation
import KubeModel
import Delivery

/// Turns an Argo Rollout, with whatever related objects are known, into a list row and its
/// mutation plans (Rollouts' requests and disabled reasons), planned when asked.
enum RolloutRowBuilder {
    /// `object` is the rollout as the caller holds it, boxed: the plans close over that one copy
    /// (nil: over a copy of `rollout`). A row of the live store plans from the store's text
    /// instead (`StoredPlans`).
    static func row(_ rollout: Rollout, objects: ObjectSet, now: Date, as object: (any KubeObject)? = nil) -> DeliveryRow {
        let meta = rollout.metadata
        let ref = ObjectRef(kind: .rollout, namespace: meta.namespace ?? "", name: meta.name)
        let status = RolloutStatus.of(rollout)
        // Not the whole `RolloutInfo`: its images would read every ReplicaSet's pod template.
        let info = RolloutInfo.strategyAndWeights(rollout, objects: objects)
        let steps = rollout.steps
        let progress: DeliveryProgress = rollout.isCanary && !steps.isEmpty
            ? .step(completed: min(max(0, Int(rollout.status.currentStepIndex ?? 0)), steps.count), total: steps.count) : .none
        let phase = status.phase.map(DeliveryStatus.init) ?? .unknown
        // The actual weight of a basic canary mid-step is read from its canary ReplicaSet: until
        // that is known the list says `-` rather than a wrong 0.
        let weightKnown = !CanaryWeights.actualWeightNeedsReplicaSet(rollout) || ownsReplicaSets(rollout, objects)
        let counts = rollout.readyOfCurrent
        return DeliveryRow(ref: ref, strategy: info.strategy, status: phase, phase: status.status,
                          pauseEnds: phase == .paused ? DetailBuilder.pauseDeadline(rollout) : nil, message: status.message,
                          progress: progress, setWeight: info.setWeight.map(Int.init),
                          actualWeight: weightKnown ? info.actualWeight.map(Int.init) : nil,
                          ready: Int(counts.ready), replicas: Int(counts.current), created: meta.creationTimestamp?.date,
                          awaitsPromotion: phase == .paused && !(rollout.status.pauseConditions ?? []).isEmpty,
                          plans: plans(object ?? rollout, objects: objects, now: now), selector: selector(rollout.spec.selector))
    }

    /// `k=v,k2=v2` for matchLabels; matchExpressions as `key in (a,b)` / `key notin (...)` / `key` / `!key`.
    static func selector(_ selector: LabelSelector?) -> String? {
        guard let selector else { return nil }
        var parts = (selector.matchLabels ?? [:]).sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
        for requirement in selector.matchExpressions ?? [] {
            let values = (requirement.values ?? []).joined(separator: ",")
            switch requirement.operator {
            case "In": parts.append("\(requirement.key) in (\(values))")
            case "NotIn": parts.append("\(requirement.key) notin (\(values))")
            case "Exists": parts.append(requirement.key)
            case "DoesNotExist": parts.append("!\(requirement.key)")
            default: continue
            }
        }
        return parts.isEmpty ? nil : parts.joined(separator: ",")
    }

    /// The plans of `object` (a Rollout), each made when asked.
    static func plans(_ object: any KubeObject, objects: ObjectSet, now: Date) -> RowPlans {
        RowPlans { kind in (object as? Rollout).map { plan(kind, $0, objects: objects, now: now) } }
    }

    static func plan(_ kind: MutationKind, _ rollout: Rollout, objects: ObjectSet, now: Date) -> MutationPlan {
        let action: RolloutAction
        switch kind {
        case .promote: action = .promote
        case .promoteFull: action = .promoteFull
        case .abort: action = .abort
        case .retry: action = .retry
        case .restart: action = .restart(delay: 0)
        case .undo: action = .undo(toRevision: nil)
        case .pauseToggle: action = rollout.spec.paused == true ? .resume : .pause
        case .setImage:
            return setImage(rollout)
        case .terminate:
            // The detail, which watches the AnalysisRuns, plans it (`DetailBuilder.terminatePlan`).
            return .disabled(reason: "its AnalysisRuns have not loaded yet (they are read in its detail)")
        }
        if kind == .undo, !ownsReplicaSets(rollout, objects) {
            return .disabled(reason: "its revision history (its ReplicaSets) has not loaded yet")
        }
        if let reason = RolloutDisabledReason.of(action, rollout, objects: objects) {
            return .disabled(reason: reason)
        }
        do {
            let plan = try RolloutRequests.plan(action, for: rollout, objects: objects, now: now)
            return .ready(label: label(action, rollout), requests: plan.requests, onNotFound: plan.onNotFound)
        } catch {
            return .disabled(reason: error.message)
        }
    }

    /// `set image`: the input line starts with the first container's `CONTAINER=IMAGE`; the text
    /// typed becomes the plugin's PUT of the whole Rollout as last watched (`Rollout.verbatim`).
    static func setImage(_ rollout: Rollout) -> MutationPlan {
        if let ref = rollout.spec.workloadRef {
            return .disabled(reason: "its pod template is \(ref.kind ?? "the workload") \(ref.name ?? "")'s (workloadRef): "
                             + "`rollscope set image \(rollout.metadata.name) CONTAINER=IMAGE` sets it there")
        }
        guard let object = rollout.verbatim else { return .disabled(reason: "the rollout as the server sent it is not known") }
        guard let first = rollout.spec.template?.spec?.containers?.first, let name = first.name else {
            return .disabled(reason: "the rollout has no containers")
        }
        let initial = "\(name)=\(first.image ?? "")"
        let target = APIRequest(method: .put, path: ResourceType.rollouts.path(namespace: rollout.metadata.namespace, name: rollout.metadata.name))
        return .needsArgument(ArgumentPlanner(prompt: "set image CONTAINER=IMAGE", initial: initial,
                                              basis: rollout.metadata.resourceVersion ?? "", targets: [target]) { text in
            guard let action = RolloutAction.setImage(parsing: text), case let .setImage(container, image) = action else {
                return .disabled(reason: "expected CONTAINER=IMAGE, not \(text)")
            }
            if let reason = RolloutDisabledReason.of(action, rollout) { return .disabled(reason: reason) }
            do throws(ActionError) {
                let plan = try RolloutRequests.setImage(container: container, image: image, object: object.value, rolloutName: rollout.metadata.name)
                return .ready(label: action.title, requests: plan.requests)
            } catch {
                return .disabled(reason: error.message)
            }
        })
    }

    /// Whether `objects` holds any of the rollout's ReplicaSets (the list watches them; until they are seen, its history and actual weight are unknown).
    static func ownsReplicaSets(_ rollout: Rollout, _ objects: ObjectSet) -> Bool {
        guard let uid = rollout.metadata.uid else { return false }
        return objects.replicaSets.contains { $0.metadata.ownerReferences?.contains { $0.uid == uid } == true }
    }

    /// The dialog's name for the action; a step promotion names the step it moves to, in the
    /// plugin's numbering (`Step` is `currentStepIndex/steps`, the detail numbers its steps the
    /// same way) and by its text, so a dialog left open while the rollout moved on is noticed.
    static func label(_ action: RolloutAction, _ rollout: Rollout) -> String {
        let steps = rollout.steps
        if action == .promote, rollout.isCanary, !steps.isEmpty {
            // A negative index (written by anyone who may patch the status) reads as the first step.
            let next = min(max(0, Int(rollout.status.currentStepIndex ?? 0)) + 1, steps.count)
            let text = next < steps.count ? steps[next].summary : "all steps done"
            return "promote to step \(next)/\(steps.count) (\(text))"
        }
        return action.title
    }
}

extension DeliveryStatus {
    /// Argo's four phases map one to one.
    init(_ phase: RolloutPhase) {
        self = DeliveryStatus(rawValue: phase.rawValue) ?? .unknown
    }
}
