import Foundation
import JSONValue
import KubeModel

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

    /// `text` as a JSON string literal (the status is the cluster's data, not ours to trust).
    static func quoted(_ text: String) -> String {
        JSON.string(text).text
    }

    /// The plan for `action` on `canary`; `now` dates a retry's restart annotation.
    public static func plan(_ action: CanaryAction, for canary: Canary, context: CanaryContext = CanaryContext(), now: Date) throws(ActionError) -> ActionPlan {
        if let reason = CanaryDisabledReason.of(action, canary) { throw ActionError(reason) }
        return try unchecked(action, for: canary, context: context, now: now)
    }

    /// The plan that sets `followUp` back on `canary`, whatever its state: closing a gate that is
    /// already closed, or clearing a flag not set yet (its patch may still be on its way), is harmless.
    public static func undo(_ followUp: CanaryFollowUp, for canary: Canary, context: CanaryContext = CanaryContext()) throws(ActionError) -> ActionPlan {
        try unchecked(followUp.undo, for: canary, context: context, now: Date())
    }

    private static func unchecked(_ action: CanaryAction, for canary: Canary, context: CanaryContext, now: Date) throws(ActionError) -> ActionPlan {
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
            // The annotation names the release it is for, so that one left set (rollscope stopped
            // before the release ended) is told apart from one set for the release in progress.
            let release = quoted(canary.status.lastAppliedSpec ?? "")
            let body = #"{"metadata":{"annotations":{"\#(CanaryInfo.skipAnalysisReleaseKey)":\#(release)}},"spec":{"skipAnalysis":true}}"#
            return ActionPlan(requests: [.patch(canaryPath(canary), .merge, body)], message: "canary '\(name)' promoted (analysis skipped)")
        case .clearSkipAnalysis:
            let body = #"{"metadata":{"annotations":{"\#(CanaryInfo.skipAnalysisReleaseKey)":null}},"spec":{"skipAnalysis":false}}"#
            return ActionPlan(requests: [.patch(canaryPath(canary), .merge, body)], message: "canary '\(name)' skipAnalysis cleared")
        case .retry, .restart:
            let target = canary.spec.targetRef
            let type: ResourceType = target?.kind == "DaemonSet"
                ? ResourceType(group: "apps", version: "v1", plural: "daemonsets", singular: "daemonset", kind: "DaemonSet")
                : .deployments
            let body = #"{"spec":{"template":{"metadata":{"annotations":{"kubectl.kubernetes.io/restartedAt":"\#(KubeTime.format(now))"}}}}}"#
            return ActionPlan(requests: [.patch(type.path(namespace: canary.metadata.namespace, name: target?.name ?? ""), .strategicMerge, body)],
                              message: "canary '\(name)' \(action == .retry ? "retried" : "restarted") (\(target?.kind ?? "Deployment") \(target?.name ?? "") restarted)")
        case .suspend:
            return ActionPlan(requests: [.patch(canaryPath(canary), .merge, #"{"spec":{"suspend":true}}"#)], message: "canary '\(name)' suspended")
        case .resume:
            return ActionPlan(requests: [.patch(canaryPath(canary), .merge, #"{"spec":{"suspend":false}}"#)], message: "canary '\(name)' resumed")
        }
    }
}
