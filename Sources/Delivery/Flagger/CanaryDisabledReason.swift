/// Why a Canary action does not apply now (nil = it does).
public enum CanaryDisabledReason {
    public static func of(_ action: CanaryAction, _ canary: Canary) -> String? {
        let phase = canary.status.phase ?? ""
        let gates = canary.webhooks.map(CanaryGate.init)
        switch action {
        case .approve, .halt, .checkGate:
            guard CanaryRequests.gateHook(canary) != nil else {
                if gates.contains(where: { $0.isConfirm && $0.mechanism == .halt }) {
                    return "the confirm hook uses /gate/halt, which never opens: promote (skip analysis) instead"
                }
                return "no confirm-rollout, confirm-traffic-increase or confirm-promotion webhook uses the loadtester's /gate/check"
            }
            guard action == .approve else { return nil }
            let stage: String? = switch phase {
            // Only a release waiting now can be approved: an approval given before one arrives
            // would let the next release through with nobody watching.
            case "Waiting": "confirm-rollout"
            case "Progressing": "confirm-traffic-increase"
            case "WaitingPromotion": "confirm-promotion"
            default: nil
            }
            guard let stage else {
                return "nothing waits for approval while the canary is \(phase.isEmpty ? "initializing" : phase) (an approval is for the release waiting now)"
            }
            if let hook = gates.first(where: { $0.type == stage }) {
                if hook.mechanism == .halt { return "the \(stage) hook uses /gate/halt, which never opens: promote (skip analysis) instead" }
                if hook.mechanism != .gate { return "the \(stage) hook is not a loadtester gate (\(hook.url))" }
                return nil
            }
            return "there is no \(stage) webhook to approve"
        case .abort:
            guard phase == "Progressing" || phase == "WaitingPromotion" else {
                return "only a Progressing or WaitingPromotion canary can be rolled back (it is \(phase.isEmpty ? "initializing" : phase))"
            }
            return nil
        case .closeRollback:
            return CanaryRequests.rollbackHook(canary) == nil ? "no rollback webhook uses /rollback/check" : nil
        case .promote:
            if canary.spec.skipAnalysis == true { return "skipAnalysis is already set" }
            guard phase == "Progressing" || phase == "WaitingPromotion" else {
                return "skipAnalysis takes effect only while Progressing or WaitingPromotion (the canary is \(phase.isEmpty ? "initializing" : phase))"
            }
            return nil
        case .clearSkipAnalysis:
            return canary.spec.skipAnalysis == true ? nil : "skipAnalysis is not set"
        case .retry:
            return phase == "Failed" ? nil : "only a Failed canary can be retried (it is \(phase.isEmpty ? "initializing" : phase))"
        case .restart:
            return canary.spec.suspend == true ? "the canary is suspended: resume it first" : nil
        case .suspend:
            return canary.spec.suspend == true ? "the canary is already suspended" : nil
        case .resume:
            return canary.spec.suspend == true ? nil : "the canary is not suspended"
        }
    }
}
