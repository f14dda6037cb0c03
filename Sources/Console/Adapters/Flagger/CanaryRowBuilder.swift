import Foundation
import KubeModel
import Delivery

/// Turns a Flagger Canary into a list row and its plans, through the mechanisms Flagger
/// honours: `p` approves the gate it waits on, `P` skips the rest of the analysis, `a` rolls
/// back, `r` retries a failed canary and `R` restarts the target in any phase but suspended
/// (both a new pod template revision, each refused for its own reason), `z` suspends or resumes. Flagger keeps no revisions, so there is no undo.
enum CanaryRowBuilder {
    /// `object` is the canary as the caller holds it, boxed: the plans close over that one copy
    /// (nil: over a copy of `canary`). A row of the live store plans from the store's objects
    /// instead (`StoredPlans`).
    static func row(_ canary: Canary, objects: ObjectSet, now: Date, as object: (any KubeObject)? = nil) -> DeliveryRow {
        let info = CanaryInfo(canary, objects: objects)
        let ref = ObjectRef(kind: .canary, namespace: info.namespace, name: info.name)
        let done = info.phase == "Succeeded"
        // A Succeeded canary's status reads 0 again (weight and iterations reset): its release is complete.
        let progress: DeliveryProgress = if let iterations = info.iterations {
            .iteration(done ? Int(iterations) : Int(info.iteration ?? 0), of: Int(iterations))
        } else {
            .weight(done ? Int(info.maxWeight ?? 100) : Int(info.weight ?? 0), of: Int(info.maxWeight ?? 100))
        }
        let status = deliveryStatus(info.phase, suspended: info.suspended)
        // Flagger records the weight it has routed: set and actual are that one number, except in
        // WaitingPromotion, where it reads 0 while traffic still sits at the last weight (unknown).
        let weight = info.phase == "WaitingPromotion" ? nil : info.weight.map(Int.init)
        let workload = info.primary
        return DeliveryRow(ref: ref, strategy: info.strategy.rawValue, status: status,
                          phase: info.suspended ? "Suspended" : info.phase,
                          message: info.message.isEmpty ? info.phase : info.message, progress: progress,
                          setWeight: weight, actualWeight: weight,
                          ready: workload.map { Int($0.ready) }, replicas: workload.map { Int($0.desired) },
                          created: info.creationTimestamp?.date, awaitsPromotion: status == .paused && !info.suspended,
                          plans: plans(object ?? canary, now: now),
                          selector: info.targetName.isEmpty ? nil : "app in (\(info.targetName),\(info.targetName)-primary)")
    }

    /// Flagger's ten phases folded into the four an operator sorts by; a suspended canary
    /// (`spec.suspend`) waits on a human, as a paused Rollout does.
    static func deliveryStatus(_ phase: String, suspended: Bool = false) -> DeliveryStatus {
        if suspended { return .paused }
        switch phase {
        case "Initialized", "Succeeded": return .healthy
        case "Initializing", "Progressing", "Promoting", "Finalising", "Terminating": return .progressing
        case "Waiting", "WaitingPromotion": return .paused
        case "Failed", "Terminated": return .degraded
        default: return .unknown
        }
    }

    /// The plans of `object` (a Canary), each made when asked.
    static func plans(_ object: any KubeObject, now: Date) -> RowPlans {
        RowPlans { kind in (object as? Canary).map { plan(kind, $0, now: now) } }
    }

    static func plan(_ kind: MutationKind, _ canary: Canary, now: Date) -> MutationPlan {
        let action: CanaryAction
        switch kind {
        case .promote: action = .approve
        case .promoteFull: action = .promote
        case .abort: action = .abort
        case .retry: action = .retry
        case .restart: action = .restart
        case .undo:
            return .disabled(reason: "Flagger keeps no revision history to undo to")
        case .pauseToggle: action = canary.spec.suspend == true ? .resume : .suspend
        case .setImage:
            return .disabled(reason: "a Canary's image is its target Deployment's: Flagger releases it when that changes")
        case .terminate:
            return .disabled(reason: "Flagger runs its analysis itself: a Canary has no AnalysisRun to terminate")
        }
        if let reason = CanaryDisabledReason.of(action, canary) {
            return .disabled(reason: reason)
        }
        do {
            let plan = try CanaryRequests.plan(action, for: canary, now: now)
            // Read with the object after it, as the dialog's title and question do.
            let label = kind == .restart ? "restart the target of" : action.title
            return .ready(label: label, requests: plan.requests, onNotFound: plan.onNotFound)
        } catch {
            return .disabled(reason: error.message)
        }
    }
}
