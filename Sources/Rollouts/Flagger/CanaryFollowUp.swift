/// A gate or flag rollscope opened and must set back once the canary has moved past it.
public struct CanaryFollowUp: Sendable, Hashable {
    /// What was done and what it waits for.
    public enum Kind: Sendable, Hashable {
        /// Approved the start: close once Progressing.
        case approvedStart
        /// Approved a traffic step at this weight: close once the weight rose (or the analysis moved on).
        case approvedTrafficStep(weight: Int32)
        /// Approved promotion: close once Promoting or later (blue/green checks twice in a row).
        case approvedPromotion
        /// Opened the rollback gate: close once Failed.
        case openedRollback
        /// Set skipAnalysis: clear once Succeeded (or Failed).
        case skippedAnalysis
    }

    public var kind: Kind

    public init(_ kind: Kind) { self.kind = kind }

    /// The follow-up an action creates in the canary's current state, if any.
    public static func after(_ action: CanaryAction, on canary: Canary) -> CanaryFollowUp? {
        switch action {
        case .approve:
            switch canary.status.phase ?? "" {
            case "Progressing": return CanaryFollowUp(.approvedTrafficStep(weight: canary.status.canaryWeight ?? 0))
            case "WaitingPromotion": return CanaryFollowUp(.approvedPromotion)
            default: return CanaryFollowUp(.approvedStart)
            }
        case .abort: return CanaryRequests.rollbackHook(canary) == nil ? nil : CanaryFollowUp(.openedRollback)
        case .promote: return CanaryFollowUp(.skippedAnalysis)
        default: return nil
        }
    }

    /// The action that undoes it when `canary` has moved far enough, else nil.
    public func due(_ canary: Canary) -> CanaryAction? {
        let phase = canary.status.phase ?? ""
        let past: Set<String> = ["Promoting", "Finalising", "Succeeded", "Failed"]
        switch kind {
        case .approvedStart:
            return phase == "Progressing" || phase == "WaitingPromotion" || past.contains(phase) ? .halt : nil
        case .approvedTrafficStep(let weight):
            return (canary.status.canaryWeight ?? 0) > weight || phase != "Progressing" ? .halt : nil
        case .approvedPromotion:
            return past.contains(phase) ? .halt : nil
        case .openedRollback:
            return phase == "Failed" ? .closeRollback : nil
        case .skippedAnalysis:
            return phase == "Succeeded" || phase == "Failed" ? .clearSkipAnalysis : nil
        }
    }
}
