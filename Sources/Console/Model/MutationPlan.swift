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
    /// The action needs the operator's words first (`set image`'s CONTAINER=IMAGE): the input
    /// line asks for them, and the planner makes the plan from them.
    case needsArgument(ArgumentPlanner)

    /// The reason shown when the action does not apply, nil when it does.
    public var disabledReason: String? {
        if case let .disabled(reason) = self { return reason }
        return nil
    }
}

/// How a mutation that takes an argument is planned: the input line's prompt and starting text,
/// and the plan for any text typed, against the object as it was when the planner was made (a
/// closure over it, made by the data source: the reducer still builds no request). Two planners
/// are equal when their prompt, text and `basis` (the object's resourceVersion) are.
public struct ArgumentPlanner: Sendable, Hashable {
    public var prompt: String
    public var initial: String
    public var basis: String
    /// The method and path of every request a plan for any text sends (bodies left empty):
    /// what the user's permissions are judged on before anything is typed, on every frame
    /// that shows the action, without building a body (`set image`'s is the whole object).
    public var targets: [APIRequest]
    private let planner: @Sendable (String) -> MutationPlan

    public init(prompt: String, initial: String, basis: String, targets: [APIRequest],
                planner: @escaping @Sendable (String) -> MutationPlan) {
        self.prompt = prompt
        self.initial = initial
        self.basis = basis
        self.targets = targets
        self.planner = planner
    }

    /// The plan for `text`: ready, or disabled with the reason.
    public func plan(_ text: String) -> MutationPlan { planner(text) }

    public static func == (a: ArgumentPlanner, b: ArgumentPlanner) -> Bool {
        (a.prompt, a.initial, a.basis) == (b.prompt, b.initial, b.basis)
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(prompt)
        hasher.combine(initial)
        hasher.combine(basis)
    }
}
