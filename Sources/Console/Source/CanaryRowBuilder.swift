import Foundation
import KubeModel
import Rollouts

/// Turns a Flagger Canary into a list row and its plans, through the mechanisms Flagger
/// honours: `p` approves the gate it waits on, `P` skips the rest of the analysis, `a` rolls
/// back, `r` retries a failed canary and `R` restarts the target (both a new pod template
/// revision), `z` suspends or resumes. Flagger keeps no revisions, so there is no undo.
enum CanaryRowBuilder {
    static func row(_ canary: Canary, objects: ObjectSet, now: Date) -> RolloutRow {
        let info = CanaryInfo(canary, objects: objects)
        let ref = ObjectRef(kind: .canary, namespace: info.namespace, name: info.name)
        let progress: DeliveryProgress = if let iterations = info.iterations {
            .iteration(Int(info.iteration ?? 0), of: Int(iterations))
        } else {
            .weight(Int(info.weight ?? 0), of: Int(info.maxWeight ?? 100))
        }
        let status = deliveryStatus(info.phase)
        let workload = info.primary
        return RolloutRow(ref: ref, strategy: info.strategy.rawValue, status: status,
                          message: info.message.isEmpty ? info.phase : info.message, progress: progress,
                          setWeight: info.weight.map(Int.init), ready: Int(workload?.ready ?? 0), desired: Int(workload?.desired ?? 0),
                          created: info.creationTimestamp?.date, awaitsPromotion: status == .paused,
                          plans: plans(canary, now: now),
                          selector: info.targetName.isEmpty ? nil : "app in (\(info.targetName),\(info.targetName)-primary)")
    }

    /// Flagger's ten phases folded into the four an operator sorts by.
    static func deliveryStatus(_ phase: String) -> DeliveryStatus {
        switch phase {
        case "Initialized", "Succeeded": .healthy
        case "Initializing", "Progressing", "Promoting", "Finalising", "Terminating": .progressing
        case "Waiting", "WaitingPromotion": .paused
        case "Failed", "Terminated": .degraded
        default: .unknown
        }
    }

    static func plans(_ canary: Canary, now: Date) -> [MutationKind: MutationPlan] {
        var plans: [MutationKind: MutationPlan] = [:]
        for kind in MutationKind.allCases {
            let action: CanaryAction
            var checked = true
            switch kind {
            case .promote: action = .approve
            case .promoteFull: action = .promote
            case .abort: action = .abort
            case .retry: action = .retry
            case .restart:
                // A restart is a retry that does not wait for a failure.
                action = .retry
                checked = false
            case .undo:
                plans[kind] = .disabled(reason: "Flagger keeps no revision history to undo to")
                continue
            case .pauseToggle: action = canary.spec.suspend == true ? .resume : .suspend
            }
            if checked, let reason = CanaryDisabledReason.of(action, canary) {
                plans[kind] = .disabled(reason: reason)
                continue
            }
            do {
                let plan = try CanaryRequests.plan(action, for: canary, now: now)
                let label = kind == .restart ? "restart the target of" : action.title
                plans[kind] = .ready(label: label, requests: plan.requests, onNotFound: plan.onNotFound)
            } catch {
                plans[kind] = .disabled(reason: error.message)
            }
        }
        return plans
    }
}
