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

/// The exact requests of each Canary action, and why one does not apply.
public enum CanaryRequests {
    static func canaryPath(_ c: Canary, status: Bool = false) -> String {
        ResourceType.canaries.path(namespace: c.metadata.namespace, name: c.metadata.name, subresource: status ? "status" : nil)
    }

    /// The confirm hook backed by `/gate/check` (all three share one gate per Canary).
    static func gateHook(_ c: Canary) -> CanaryGate? {
        c.webhooks.map(CanaryGate.init).first { $0.isConfirm && $0.mechanism == .gate }
    }

    static func rollbackHook(_ c: Canary) -> CanaryGate? {
        c.webhooks.map(CanaryGate.init).first { $0.type == "rollback" && $0.mechanism == .rollbackGate }
    }

    /// A POST to the loadtester through the service proxy, with the gate's key in the body.
    static func loadtester(_ gate: CanaryGate, _ path: String, _ c: Canary, context: CanaryContext) throws(ActionError) -> APIRequest {
        guard let service = gate.service else { throw ActionError("the webhook URL \(gate.url) does not name a service") }
        guard let ns = gate.serviceNamespace ?? context.flaggerNamespace else {
            throw ActionError("the webhook URL \(gate.url) has no namespace and Flagger's namespace is unknown")
        }
        let body = #"{"name":"\#(c.metadata.name)","namespace":"\#(c.metadata.namespace ?? "default")"}"#
        return APIRequest(method: .post, path: "/api/v1/namespaces/\(ns)/services/\(service)/proxy\(path)",
                          contentType: "application/json", body: Data(body.utf8))
    }

    /// The plan for `action` on `canary`; `now` dates a retry's restart annotation.
    public static func plan(_ action: CanaryAction, for canary: Canary, context: CanaryContext = CanaryContext(), now: Date) throws(ActionError) -> ActionPlan {
        if let reason = CanaryDisabledReason.of(action, canary) { throw ActionError(reason) }
        let name = canary.metadata.name
        switch action {
        case .approve, .halt, .checkGate:
            guard let gate = gateHook(canary) else { throw ActionError("no confirm webhook uses /gate/check") }
            let path = action == .approve ? "/gate/open" : action == .halt ? "/gate/close" : "/gate/check"
            let verb = action == .approve ? "approved (gate opened)" : action == .halt ? "halted (gate closed)" : "gate checked"
            return ActionPlan(requests: [try loadtester(gate, path, canary, context: context)], message: "canary '\(name)' \(verb)")
        case .abort:
            if let gate = rollbackHook(canary) {
                return ActionPlan(requests: [try loadtester(gate, "/rollback/open", canary, context: context)],
                                  message: "canary '\(name)' rolling back (rollback gate opened)")
            }
            let threshold = CanaryInfo(canary, objects: ObjectSet()).threshold
            return ActionPlan(requests: [.patch(canaryPath(canary, status: true), .merge, #"{"status":{"failedChecks":\#(threshold)}}"#)],
                              message: "canary '\(name)' rolling back (failedChecks set to \(threshold))")
        case .closeRollback:
            guard let gate = rollbackHook(canary) else { throw ActionError("no rollback webhook uses /rollback/check") }
            return ActionPlan(requests: [try loadtester(gate, "/rollback/close", canary, context: context)],
                              message: "canary '\(name)' rollback gate closed")
        case .promote:
            return ActionPlan(requests: [.patch(canaryPath(canary), .merge, #"{"spec":{"skipAnalysis":true}}"#)],
                              message: "canary '\(name)' promoted (analysis skipped)")
        case .clearSkipAnalysis:
            return ActionPlan(requests: [.patch(canaryPath(canary), .merge, #"{"spec":{"skipAnalysis":false}}"#)],
                              message: "canary '\(name)' skipAnalysis cleared")
        case .retry:
            let target = canary.spec.targetRef
            let type: ResourceType = target?.kind == "DaemonSet"
                ? ResourceType(group: "apps", version: "v1", plural: "daemonsets", singular: "daemonset", kind: "DaemonSet")
                : .deployments
            let body = #"{"spec":{"template":{"metadata":{"annotations":{"kubectl.kubernetes.io/restartedAt":"\#(KubeTime.format(now))"}}}}}"#
            return ActionPlan(requests: [.patch(type.path(namespace: canary.metadata.namespace, name: target?.name ?? ""), .strategicMerge, body)],
                              message: "canary '\(name)' retried (\(target?.kind ?? "Deployment") \(target?.name ?? "") restarted)")
        case .suspend:
            return ActionPlan(requests: [.patch(canaryPath(canary), .merge, #"{"spec":{"suspend":true}}"#)], message: "canary '\(name)' suspended")
        case .resume:
            return ActionPlan(requests: [.patch(canaryPath(canary), .merge, #"{"spec":{"suspend":false}}"#)], message: "canary '\(name)' resumed")
        }
    }
}

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
            case "Waiting", "Initialized", "Succeeded", "Failed": "confirm-rollout"
            case "Progressing": "confirm-traffic-increase"
            case "WaitingPromotion": "confirm-promotion"
            default: nil
            }
            guard let stage else { return "nothing waits for approval while the canary is \(phase.isEmpty ? "initializing" : phase)" }
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
        case .suspend:
            return canary.spec.suspend == true ? "the canary is already suspended" : nil
        case .resume:
            return canary.spec.suspend == true ? nil : "the canary is not suspended"
        }
    }
}

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
