/// A gate or flag rollscope opened for the release waiting now, which it sets back as soon as
/// that release has moved past it: an approval is scoped to one release and never opens the
/// way for the next one. `rollscope approve|promote|abort` wait for it (unless `--keep-open`);
/// the console sends it as an automatic request labelled as such.
public struct CanaryFollowUp: Sendable, Hashable {
    /// What was done and what it waits for.
    public enum Kind: Sendable, Hashable {
        /// Approved the start (confirm-rollout): close once the canary has left Waiting.
        case approvedStart
        /// Approved a traffic step at this weight: close once the weight rose (or the analysis moved on).
        case approvedTrafficStep(weight: Int32)
        /// Approved promotion: close once the canary has left WaitingPromotion.
        case approvedPromotion
        /// Opened the rollback gate: close once the canary is no longer under analysis (Failed).
        case openedRollback
        /// Set skipAnalysis: clear once the release has finished (Succeeded or Failed).
        case skippedAnalysis
    }

    public var kind: Kind
    /// The release it was given for: the canary's `status.lastAppliedSpec` at the time. A new
    /// revision that replaces that release makes it due at once.
    public var release: String?

    public init(_ kind: Kind, release: String? = nil) {
        self.kind = kind
        self.release = release
    }

    /// The follow-up an action creates in the canary's current state, if any.
    public static func after(_ action: CanaryAction, on canary: Canary) -> CanaryFollowUp? {
        let release = canary.status.lastAppliedSpec
        switch action {
        case .approve:
            switch canary.status.phase ?? "" {
            case "Progressing": return CanaryFollowUp(.approvedTrafficStep(weight: canary.status.canaryWeight ?? 0), release: release)
            case "WaitingPromotion": return CanaryFollowUp(.approvedPromotion, release: release)
            default: return CanaryFollowUp(.approvedStart, release: release)
            }
        case .abort: return CanaryRequests.rollbackHook(canary) == nil ? nil : CanaryFollowUp(.openedRollback, release: release)
        case .promote: return CanaryFollowUp(.skippedAnalysis, release: release)
        default: return nil
        }
    }

    /// The action that sets it back: when due, when the operator stops waiting, or on quitting.
    public var undo: CanaryAction {
        switch kind {
        case .approvedStart, .approvedTrafficStep, .approvedPromotion: .halt
        case .openedRollback: .closeRollback
        case .skippedAnalysis: .clearSkipAnalysis
        }
    }

    /// What it left open, for progress lines and the quit dialog ("the gate").
    public var opened: String {
        switch kind {
        case .approvedStart, .approvedTrafficStep, .approvedPromotion: "the gate"
        case .openedRollback: "the rollback gate"
        case .skippedAnalysis: "skipAnalysis"
        }
    }

    /// What setting it back did ("the gate closed").
    public var setBack: String {
        switch kind {
        case .approvedStart, .approvedTrafficStep, .approvedPromotion: "the gate closed"
        case .openedRollback: "the rollback gate closed"
        case .skippedAnalysis: "skipAnalysis cleared"
        }
    }

    /// What it waits for the canary to do ("pass confirm-rollout").
    public var awaited: String {
        switch kind {
        case .approvedStart: "pass confirm-rollout"
        case .approvedTrafficStep(let weight): "pass confirm-traffic-increase at \(weight)%"
        case .approvedPromotion: "pass confirm-promotion"
        case .openedRollback: "roll back"
        case .skippedAnalysis: "finish its release"
        }
    }

    /// `undo` once `canary` has moved past what it was opened for, else nil.
    public func due(_ canary: Canary) -> CanaryAction? {
        let phase = canary.status.phase ?? ""
        if let release, let applied = canary.status.lastAppliedSpec, applied != release { return undo }
        let movedOn: Bool = switch kind {
        case .approvedStart: phase != "Waiting"
        case .approvedTrafficStep(let weight): (canary.status.canaryWeight ?? 0) > weight || phase != "Progressing"
        case .approvedPromotion: phase != "WaitingPromotion"
        case .openedRollback: !["Waiting", "Progressing", "WaitingPromotion"].contains(phase)
        case .skippedAnalysis: phase == "Succeeded" || phase == "Failed"
        }
        return movedOn ? undo : nil
    }
}
