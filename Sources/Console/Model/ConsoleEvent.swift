import Foundation
import KubeModel

/// Everything that can happen to the console: input, data and time. The reducer is a
/// function of the state and one of these.
public enum ConsoleEvent: Sendable {
    case key(String)
    /// Bracketed paste: text that must never fire keys.
    case paste(String)
    case resize(width: Int, height: Int)
    /// Rows changed: upserts and removals, in one batch (coalesced deltas).
    case rows(upserted: [RolloutRow], removed: [ObjectRef])
    /// A namespace whose objects the user may not read (403), with the API's message.
    case namespaceForbidden(String, message: String)
    /// A namespace's lists are live: it is no longer refused, if it was.
    case namespaceReadable(String)
    case detail(DetailModel)
    case connection(ConnectionStatus)
    /// Discovery said (again) which tools the cluster serves.
    case served(ServedKinds)
    /// The source now talks to another context (after `:ctx`): everything known is dropped.
    case contextChanged(ClusterIdentity)
    /// Something the operator must read that no other event carries (a failed `:ctx`).
    case notice(StatusMessage)
    case mutationFinished(id: Int, outcome: MutationOutcome)
    /// Something an earlier confirmed mutation opened must be closed now (a Flagger gate the
    /// canary has moved past): sent without a new dialog, audited like any mutation.
    case followUpDue(FollowUp)
    /// The clock moved (a countdown timer fired).
    case tick(Date)
}

/// What the reducer asks the outside world to do.
public enum ConsoleEffect: Sendable, Hashable {
    /// Keep exactly these watches open.
    case watch(Set<WatchSpec>)
    case send(Mutation)
    /// Ring the terminal bell.
    case bell
    /// Reconnect to another kubeconfig context.
    case switchContext(String)
    case quit
}

/// The closing half of a confirmed mutation, due now.
public struct FollowUp: Sendable, Hashable {
    /// The kind of the mutation that opened it.
    public var kind: MutationKind
    public var label: String
    public var target: ObjectRef
    public var requests: [APIRequest]

    public init(kind: MutationKind, label: String, target: ObjectRef, requests: [APIRequest]) {
        self.kind = kind
        self.label = label
        self.target = target
        self.requests = requests
    }
}
