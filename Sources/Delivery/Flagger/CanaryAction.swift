import Foundation
import KubeModel

/// What an operator can do to a Flagger Canary, through the mechanisms Flagger honours
/// (reference `flagger.md`, "for an operator console"): loadtester gates reached through the
/// API server's service proxy, `spec.skipAnalysis`, `spec.suspend`, the status `failedChecks`,
/// and a new revision of the target's pod template.
public enum CanaryAction: Sendable, Hashable {
    /// Open the canary's gate (approves confirm-rollout, confirm-traffic-increase, confirm-promotion).
    case approve
    /// Close the canary's gate.
    case halt
    /// Read the gate's state (`/gate/check`: 200 open, 403 closed).
    case checkGate
    /// Roll back: open the rollback gate, or without one, set `failedChecks` to the threshold.
    case abort
    /// Close the rollback gate again (once Failed).
    case closeRollback
    /// Skip the rest of the analysis: `spec.skipAnalysis: true`.
    case promote
    /// Set `spec.skipAnalysis` back to false (once Succeeded).
    case clearSkipAnalysis
    /// Retry a Failed canary: a new pod template revision of the target (`kubectl rollout restart`).
    case retry
    /// Restart the target's pods in any phase (the same new revision; Flagger analyses it as a release).
    case restart
    case suspend
    case resume

    public var title: String {
        switch self {
        case .approve: "approve"
        case .halt: "halt"
        case .checkGate: "check gate"
        case .abort: "abort (roll back)"
        case .closeRollback: "close rollback gate"
        case .promote: "promote (skip analysis)"
        case .clearSkipAnalysis: "clear skipAnalysis"
        case .retry: "retry"
        case .restart: "restart"
        case .suspend: "suspend"
        case .resume: "resume"
        }
    }
}

/// Context a Canary action needs beyond the object.
public struct CanaryContext: Sendable, Hashable {
    /// Flagger's own namespace: where a webhook host without a namespace resolves.
    public var flaggerNamespace: String?
    public init(flaggerNamespace: String? = nil) { self.flaggerNamespace = flaggerNamespace }
}
