import KubeModel

/// What one mutation would do to one object right now: the exact requests to send, or why it
/// cannot be done (lazygit's disabled reasons, judged on the whole object: an aborted rollout
/// cannot be promoted). Plans are computed by the data source from the objects it watches, so
/// the reducer never builds a request itself.
public enum MutationPlan: Sendable, Hashable {
    /// `label` names the action for this object ("promote", "approve the promotion gate").
    /// `requests` go in order; when the first answers 404 and `onNotFound` is set, those are
    /// sent instead (the plugin's fallback from `/status` to the main resource).
    case ready(label: String, requests: [APIRequest], onNotFound: [APIRequest]? = nil)
    case disabled(reason: String)

    /// The reason shown when the action does not apply, nil when it does.
    public var disabledReason: String? {
        if case let .disabled(reason) = self { return reason }
        return nil
    }
}
