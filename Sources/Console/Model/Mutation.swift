import Foundation
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
    /// Set when rollscope sent it by itself, as the closing half of an earlier mutation (it
    /// opens nothing to close in turn): never presented as the operator's own action.
    public var automatic: AutomaticOrigin?

    /// Sent by rollscope, not by the operator.
    public var isFollowUp: Bool { automatic != nil }

    public init(id: Int, kind: MutationKind, label: String, target: ObjectRef, context: String, requests: [APIRequest],
                onNotFound: [APIRequest]? = nil, automatic: AutomaticOrigin? = nil) {
        self.id = id
        self.kind = kind
        self.label = label
        self.target = target
        self.context = context
        self.requests = requests
        self.onNotFound = onNotFound
        self.automatic = automatic
    }
}

/// The operator's action an automatic request follows: what it was and when it was sent.
public struct AutomaticOrigin: Sendable, Hashable {
    /// The operator's action ("approve", "promote full").
    public var label: String
    public var time: Date

    public init(label: String, time: Date) {
        self.label = label
        self.time = time
    }

    /// Who sent the automatic request, for the audit log: `rollscope, after approve at 2026-…Z`.
    public var by: String { "rollscope, after \(label) at \(KubeTime.format(time))" }
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
