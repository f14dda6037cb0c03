import Foundation

/// The verbs `rollscope promote | abort | retry | restart | approve | rollback NAME` share across
/// both kinds, mapped to each tool's own mechanism.
public enum ReleaseAction: String, Sendable, Hashable, CaseIterable {
    case promote, abort, retry, restart, approve, rollback

    /// The Argo Rollouts action: approve resumes (plain promote), rollback is `undo` to the previous revision.
    public var rolloutAction: RolloutAction {
        switch self {
        case .promote, .approve: .promote
        case .abort: .abort
        case .retry: .retry
        case .restart: .restart(delay: 0)
        case .rollback: .undo(toRevision: nil)
        }
    }

    /// The Flagger action: promote and approve both approve the gate the canary waits at (as
    /// `p` in the console; skipping the analysis is `promote --full`, `P`), abort and rollback
    /// both roll back (rollback gate, or failedChecks), retry and restart make a new revision.
    public var canaryAction: CanaryAction {
        switch self {
        case .promote, .approve: .approve
        case .abort, .rollback: .abort
        case .retry: .retry
        case .restart: .restart
        }
    }

    /// The plan for whichever object `name` is in the snapshot: a Rollout first, then a Canary.
    /// Throws the refusal (a precondition or disabled reason) or a not-found error in the plugin's words.
    public func plan(name: String, namespace: String?, objects: ObjectSet, context: CanaryContext = CanaryContext(),
                     now: Date) throws(ActionError) -> ActionPlan {
        if let rollout = objects.rollout(named: name, namespace: namespace) {
            return try RolloutRequests.plan(rolloutAction, for: rollout, objects: objects, now: now)
        }
        if let canary = objects.canary(named: name, namespace: namespace) {
            return try CanaryRequests.plan(canaryAction, for: canary, context: context, now: now)
        }
        throw ActionError("no rollout or canary named \"\(name)\"\(namespace.map { " in namespace \($0)" } ?? "")")
    }
}
