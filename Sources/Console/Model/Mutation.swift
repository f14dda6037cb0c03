import KubeModel

/// One confirmed mutation, as handed to the effect runner: sent once, audited, answered with
/// a `MutationOutcome` carrying the same `id`.
public struct Mutation: Sendable, Hashable {
    public var id: Int
    public var kind: MutationKind
    /// What the dialog called it ("promote", "approve the promotion gate").
    public var label: String
    public var target: ObjectRef
    public var context: String
    public var requests: [APIRequest]
    /// Sent instead of `requests` when the first of them answers 404.
    public var onNotFound: [APIRequest]?
    /// The closing half of an earlier mutation (it opens nothing to close in turn).
    public var isFollowUp: Bool

    public init(id: Int, kind: MutationKind, label: String, target: ObjectRef, context: String, requests: [APIRequest],
                onNotFound: [APIRequest]? = nil, isFollowUp: Bool = false) {
        self.id = id
        self.kind = kind
        self.label = label
        self.target = target
        self.context = context
        self.requests = requests
        self.onNotFound = onNotFound
        self.isFollowUp = isFollowUp
    }
}

/// How a mutation ended.
public enum MutationOutcome: Sendable, Equatable {
    case succeeded
    /// The API refused; `status` is its own Status object (message, reason, code).
    case failed(APIStatus)
    /// The request never got an answer (connection lost); it is not resent.
    case unreachable(String)
    /// `--readonly` stopped it in the effect runner.
    case refusedReadOnly
}
