import Foundation
import KubeModel
import TerminalUI
import Delivery

/// Everything that can happen to the console: input, data and time. The reducer is a
/// function of the state and one of these.
public enum ConsoleEvent: Sendable {
    /// A key as TerminalUI's decoder delivered it.
    case key(KeyEvent)
    /// Bracketed paste: text that must never fire keys.
    case paste(String)
    case resize(width: Int, height: Int)
    /// Rows changed: upserts and removals, in one batch (coalesced deltas).
    case rows(upserted: [DeliveryRow], removed: [ObjectRef])
    /// A namespace whose objects the user may not read (403), with the API's message.
    case namespaceForbidden(String, message: String)
    /// A namespace's lists are live: it is no longer refused, if it was.
    case namespaceReadable(String)
    case detail(DetailModel)
    /// The fleet screen's application as one cluster holds it: its Rollouts and Canaries and
    /// what they relate to (`LineupObjects`), which `FleetLineup` lines up across the clusters.
    case lineup(FleetAppKey, ObjectSet)
    /// The cluster refused the fleet screen's watch across namespaces (403, the API's message):
    /// the screen looks in its row's namespace there, and says so.
    case lineupNarrowed(String)
    /// The cluster's version (`GET /version`'s gitVersion), asked once per connection.
    case serverVersion(String)
    /// What the user may do in a namespace, as the server answered its reviews; nil when it did
    /// not answer (its actions then stay enabled, the server deciding each request).
    case permissions(namespace: String, Permissions?)
    case connection(ConnectionStatus)
    /// The kinds whose first list is still coming in, page by page (none: every one is in).
    case loading([ListLoading])
    /// Discovery said (again) which tools the cluster serves.
    case served(ServedKinds)
    /// The source now talks to another context (after `:ctx`): everything known is dropped.
    case contextChanged(ClusterIdentity)
    /// A fleet now reads these clusters (after `:ctx`): the others' rows go, new ones connect.
    case fleetChanged([ClusterMember])
    /// Something the operator must read that no other event carries (a failed `:ctx`).
    case notice(StatusMessage)
    case mutationFinished(id: Int, outcome: MutationOutcome)
    /// Something an earlier confirmed mutation opened must be closed now (a Flagger gate the
    /// canary has moved past): sent without a new dialog, audited like any mutation.
    case followUpDue(FollowUp)
    /// A confirmed mutation opened something rollscope will close once the canary has moved
    /// past it (a Flagger gate, skipAnalysis): quitting before then asks what to do with it.
    case followUpOpened(OpenFollowUp)
    /// Flagger's `/metrics` page was read (or could not be), for the cluster's gauge history.
    case flaggerScraped(FlaggerScrapeResult)
    /// Lines of an open log stream (as the server sent them: stamped, terminal-safe).
    case logLines(LogStreamSpec, [String])
    /// A log stream ended: cleanly (the container stopped or restarted) or with the error shown in its pane.
    case logStreamEnded(LogStreamSpec, error: String?)
    /// The clock moved (a countdown timer fired).
    case tick(Date)
    /// An event of one cluster of several, its objects already naming the cluster (`FleetSource`).
    indirect case cluster(ClusterID, ConsoleEvent)
}

/// What the reducer asks the outside world to do.
public enum ConsoleEffect: Sendable, Hashable {
    /// Keep exactly these watches open.
    case watch(Set<WatchSpec>)
    case send(Mutation)
    /// Read Flagger's `/metrics` page as exactly these say (none: stop reading).
    case scrapeFlagger(Set<FlaggerScrape>)
    /// Keep exactly these log streams open (the log page's pods).
    case logStreams(Set<LogStreamSpec>)
    /// Ask what the user may do in these namespaces of `cluster` (each asked once; the source
    /// asks again after a reconnect).
    case askPermissions(cluster: ClusterID, namespaces: Set<String>)
    /// Ring the terminal bell.
    case bell
    /// Reconnect to another kubeconfig context.
    case switchContext(String)
    /// Show another context's cluster beside the others (`:ctx +NAME`).
    case addContext(String)
    /// Stop showing a context's cluster (`:ctx -NAME`).
    case removeContext(String)
    case quit
}

/// The closing half of a confirmed mutation, due now.
public struct FollowUp: Sendable, Hashable {
    /// The kind of the mutation that opened it.
    public var kind: MutationKind
    public var label: String
    public var target: ObjectRef
    public var requests: [APIRequest]
    /// The operator's mutation that opened it.
    public var after: AutomaticOrigin

    public init(kind: MutationKind, label: String, target: ObjectRef, requests: [APIRequest], after: AutomaticOrigin) {
        self.kind = kind
        self.label = label
        self.target = target
        self.requests = requests
        self.after = after
    }
}

/// Something rollscope opened for the release waiting now and has not closed yet.
public struct OpenFollowUp: Sendable, Hashable {
    /// What it left open ("the gate", "skipAnalysis").
    public var opened: String
    /// What the canary must do before it is closed ("pass confirm-promotion").
    public var awaited: String
    /// The automatic request that closes it.
    public var close: FollowUp

    public init(opened: String, awaited: String, close: FollowUp) {
        self.opened = opened
        self.awaited = awaited
        self.close = close
    }
}
