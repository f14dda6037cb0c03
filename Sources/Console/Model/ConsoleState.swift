import Foundation
import KubeModel
import TerminalUI
import Delivery

/// Everything the console knows and shows. Views are pure functions of it; only the reducer
/// changes it.
public struct ConsoleState: Sendable {
    // Who we talk to and how it goes: one cluster, or several (`--context a,b`), in display order.
    public var clusters: [ClusterID: ClusterState]
    /// The clusters' order on screen (the config's, else the command line's); the first is the
    /// one a single-cluster console reads.
    public var clusterOrder: [ClusterID] { didSet { relayout() } }
    /// The config's `clusters:` by context: how a cluster that joins later (`:ctx`) is shown.
    public var clusterSettings: [String: ClusterSettings] = [:]
    /// Every context of the kubeconfig, for the `:ctx` list (empty: not known, a dump).
    public var kubeconfigContexts: [String] = []
    /// The delivery kinds shown (`--kinds`): their adapters say what to watch.
    public var deliveries: DeliveryRegistry = .standard
    public var readOnly: Bool
    public var bellOnPromotionWait: Bool
    public var keys: KeyTable

    // What we know about the cluster.
    public var rows = RowTable()
    /// The open object's detail, once the source has built it.
    public var detail: DetailModel?
    /// The open detail's object, deleted while it was on screen: its last row and when it went.
    /// The detail keeps its last state, greyed, and offers no actions.
    public var deletedDetail: DeletedObject?
    /// Status and step changes seen live, per object, newest last (bounded).
    public var stepHistory: [ObjectRef: [TimelineEntry]] = [:]

    // What the operator looks at.
    public var scope: NamespaceScope
    public var screen: Screen = .main { didSet { relayout() } }
    public var focus: Pane = .deliveries { didSet { relayout() } }
    public var overlay: Overlay?
    public var filters: [Pane: String] = [:]
    public var sort = SortOrder(.namespace)
    public var selectedDelivery: ObjectRef?
    /// The scope's rows, filtered and sorted: kept by the reducer (`refreshVisible`) so that a
    /// delta that moves nothing does not sort the whole list again.
    public internal(set) var visibleOrder = ChunkedArray<ObjectRef>()
    public var deliveryCursor = 0
    /// The first row the deliveries list shows (kept so the list does not jump as the cursor moves).
    public var deliveryOffset = 0
    public var namespaceCursor = 0
    public var namespaceOffset = 0
    public var detailScroll = 0
    /// The page of the open detail: the object, its revision diff (`d`), its analysis (`A`).
    public var detailPage: DetailPage = .overview
    /// The log page's lines and settings while it is shown (`l`).
    public var logView: LogView?
    /// The log streams last asked of the effect runner.
    public var logStreams: Set<LogStreamSpec> = []
    /// Lines the log page keeps per side (the config's `logLines:`).
    public var logLineLimit = LogView.defaultLimit
    /// The line under the cursor on the fleet screen.
    public var fleetCursor = 0
    /// The fleet screen's application as each cluster last reported it (`.lineup`): what
    /// `FleetScreenModel` lines up.
    public var lineupObjects: [ClusterID: ObjectSet] = [:]
    /// The clusters that refused the fleet screen's watch across namespaces (`.lineupNarrowed`),
    /// with the API's message: there it looks in its row's namespace only.
    public var lineupNarrowed: [ClusterID: String] = [:]
    /// The first line the `?` overlay shows.
    public var helpScroll = 0
    public var width = 80 { didSet { relayout() } }
    public var height = 24 { didSet { relayout() } }
    /// Where each part of the screen goes (nil: the terminal is too small), kept by `relayout`.
    public internal(set) var layout: ConsoleLayout?
    /// Data rows the deliveries list shows, at least one.
    public internal(set) var deliveryRows = 1
    /// Data rows the namespaces pane shows once it has focus, at least one.
    public internal(set) var namespaceRows = 1
    public var now: Date {
        get { timeStandsAt ?? clockNow }
        set { clockNow = newValue }
    }
    private var clockNow: Date
    /// Set for a dump: the time it was taken, which `now` stays at (ages read as they did then,
    /// and nothing on screen changes with time).
    public var timeStandsAt: Date?
    /// The message under the screen; every new one is also kept in `messages`.
    public var statusLine: StatusMessage? {
        didSet {
            guard let statusLine, statusLine != oldValue else { return }
            messages.append(LoggedMessage(time: now, message: statusLine))
            if messages.count > Self.messageLimit { messages.removeFirst(messages.count - Self.messageLimit) }
        }
    }
    /// The recent status-line messages, oldest first (bounded): `m` shows them in full.
    public private(set) var messages: [LoggedMessage] = []

    // Mutations.
    public var nextMutationID = 1
    public var inFlight: [Int: Mutation] = [:]
    /// What rollscope opened for a release waiting now and will close once the canary has
    /// passed it (asked about on quitting).
    public var openFollowUps: [OpenFollowUp] = []
    /// Quit once the automatic requests in flight have their answers (after "close and quit").
    public var quitWhenSent = false

    /// The watches last asked of the effect runner.
    public var watches: Set<WatchSpec> = []
    /// The readings of Flagger's page last asked for (`.scrapeFlagger`).
    public var flaggerScrapes: Set<FlaggerScrape> = []

    /// A console on one cluster.
    public init(identity: ClusterIdentity, scope: NamespaceScope, watchAllNamespaces: Bool, readOnly: Bool = false,
                bellOnPromotionWait: Bool = false, keys: KeyTable = .defaults, now: Date) {
        self.init(clusters: [ClusterState(id: .single, identity: identity, watchAllNamespaces: watchAllNamespaces)], scope: scope,
                  readOnly: readOnly, bellOnPromotionWait: bellOnPromotionWait, keys: keys, now: now)
    }

    /// A console on `clusters` (at least one), in that order.
    public init(clusters: [ClusterState], scope: NamespaceScope, readOnly: Bool = false,
                bellOnPromotionWait: Bool = false, keys: KeyTable = .defaults, now: Date) {
        precondition(!clusters.isEmpty, "a console reads at least one cluster")
        self.clusters = Dictionary(clusters.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        clusterOrder = clusters.map(\.id)
        self.scope = scope
        self.readOnly = readOnly
        self.bellOnPromotionWait = bellOnPromotionWait
        self.keys = keys
        clockNow = now
        relayout()
    }

    /// How many steps a live history keeps per object.
    public static let historyLimit = 50
    /// How many status-line messages `m` can show.
    public static let messageLimit = 50
}

/// The two panes of the main screen.
public enum Pane: String, Sendable, Hashable { case namespaces, deliveries }

/// The screen under any overlay.
public enum Screen: Sendable, Hashable {
    case main
    case detail(ObjectRef)
    /// One application across the clusters (`F`): its rows in every cluster, one line each.
    case fleet(FleetApp)
}

/// An application as the fleet screen lines it up: what recognises it in every cluster
/// (`FleetAppKey`), and the namespace of the row it was opened on.
public struct FleetApp: Sendable, Hashable {
    public var key: FleetAppKey
    /// The namespace of the row `F` was pressed on: where a cluster that refuses to list across
    /// namespaces is looked in for a label's application.
    public var namespace: String

    /// The objects of `namespace` and `name`.
    public init(namespace: String, name: String) {
        key = .object(namespace: namespace, name: name)
        self.namespace = namespace
    }

    /// The objects whose label `label` is `value`, in any namespace under any name.
    public init(label: String, value: String, namespace: String) {
        key = .label(label, value: value)
        self.namespace = namespace
    }

    /// `shop/checkout`, or the label's value (`checkout`): `FleetLineup`'s name for it.
    public var title: String { key.lineupName }
}

/// What makes two clusters' objects the same application on the fleet screen.
public enum FleetAppKey: Sendable, Hashable {
    /// The same namespace and name.
    case object(namespace: String, name: String)
    /// The same value of a label (the config's `fleet: matchLabel:`), in any namespace under any name.
    case label(String, value: String)

    /// `FleetLineup`'s name for the application: `shop/cart`, or the label's value.
    public var lineupName: String {
        switch self {
        case let .object(namespace, name): "\(namespace)/\(name)"
        case let .label(_, value): value
        }
    }

    /// How `FleetLineup` matches it.
    public var lineupMatch: FleetLineup.Match {
        switch self {
        case .object: .namespaceAndName
        case let .label(label, _): .label(label)
        }
    }

    /// The fleet screen's word on it: `matched by app.kubernetes.io/name=cart`, `matched by namespace/name shop/cart`.
    public var matchedBy: String {
        switch self {
        case let .object(namespace, name): "matched by namespace/name \(namespace)/\(name)"
        case let .label(label, value): "matched by \(label)=\(value)"
        }
    }

    /// Whether `row` is one of the application's objects.
    public func holds(_ row: DeliveryRow) -> Bool {
        switch self {
        case let .object(namespace, name): row.ref.namespace == namespace && row.ref.name == name
        case let .label(_, value): row.fleetLabelValue == value
        }
    }
}

/// A page of the detail screen.
public enum DetailPage: String, Sendable, Hashable {
    /// The object: steps, the plugin's tree, analysis counts, the timeline.
    case overview
    /// The unified diff of the serving revision's pod template against the new one's.
    case diff
    /// Every measurement of each metric, charted.
    case analysis
    /// The new revision's pods' logs against the serving one's (`l`).
    case logs
}

/// What sits on top of the screen and takes the keys first.
public enum Overlay: Sendable, Hashable {
    case help
    /// The recent status-line messages in full, wrapped (`m`).
    case messages
    case confirm(ConfirmDialog)
    /// Quitting while rollscope still holds something open: close it, leave it, or stay.
    case quit(QuitDialog)
    case input(InputLine)
    /// The kubeconfig's contexts, each shown or not, with its state (`:ctx`).
    case contexts(ContextPicker)
}

/// The `:ctx` list: the kubeconfig's contexts and the line under the cursor.
public struct ContextPicker: Sendable, Hashable {
    public var names: [String]
    public var cursor = 0

    public init(names: [String], cursor: Int = 0) {
        self.names = names
        self.cursor = cursor
    }

    /// The context under the cursor.
    public var selected: String? { names.indices.contains(cursor) ? names[cursor] : nil }
}

/// The question asked on quitting while `openFollowUps` is not empty. Cancel is focused first.
public struct QuitDialog: Sendable, Hashable {
    public enum Choice: Int, Sendable, Hashable, CaseIterable { case cancel, closeAndQuit, leaveOpenAndQuit }
    public var focused: Choice = .cancel
    public init() {}
}

/// A mutation waiting for the operator's word. Cancel is focused first.
public struct ConfirmDialog: Sendable, Hashable {
    public var kind: MutationKind
    public var label: String
    public var target: ObjectRef
    public var context: String
    public var requests: [APIRequest]
    public var onNotFound: [APIRequest]?
    /// What the operator typed for an action that asks first (`set image`'s CONTAINER=IMAGE):
    /// the confirm plans again from it.
    public var argument: String?
    public var confirmFocused = false
    /// Set when the object changed while the dialog was open and the plan with it.
    public var note: String?
    /// The cluster it goes to, named first: set when several clusters are shown or the config
    /// marks the cluster production (nil: a one-cluster console, the question names the context).
    public var cluster: DialogCluster?

    public init(kind: MutationKind, label: String, target: ObjectRef, context: String, requests: [APIRequest],
                onNotFound: [APIRequest]? = nil, argument: String? = nil) {
        self.argument = argument
        self.kind = kind
        self.label = label
        self.target = target
        self.context = context
        self.requests = requests
        self.onNotFound = onNotFound
    }

    /// The question, naming the action, the object, the namespace and the context.
    public var question: String {
        "\(label.prefix(1).uppercased() + label.dropFirst()) \(target) in namespace \(target.namespace) on context \(context)?"
    }
}

/// The cluster a confirm dialog names first, as the operator must read it.
public struct DialogCluster: Sendable, Hashable {
    public var name: String
    public var context: String
    public var server: String
    public var production: Bool

    public init(name: String, context: String, server: String, production: Bool) {
        self.name = name
        self.context = context
        self.server = server
        self.production = production
    }

    /// `prod-eu (context prod-eu, https://…)`, or the context alone when it is the name.
    public var title: String {
        name == context ? "\(name) (\(server))" : "\(name) (context \(context), \(server))"
    }
}

/// The `/` filter or `:` command being typed: its text and cursor, edited with
/// TerminalUI's `LineEditor` keys (arrows, home/end, backspace/delete, ctrl-w, ctrl-u, ...).
public struct InputLine: Sendable, Hashable {
    /// Which line is being edited: the `/` filter, the `:` command line, or the argument a
    /// mutation asks for (`set image`'s CONTAINER=IMAGE) on its object, under its prompt.
    public enum Kind: Sendable, Hashable {
        case filter(Pane), command
        /// The log page's search.
        case logSearch
        case argument(MutationKind, target: ObjectRef, prompt: String)
    }
    public var kind: Kind
    public var editor: LineEditor
    /// The filter in force before editing began, restored by esc.
    public var previous: String

    /// A line holding `text`, the cursor after it.
    public init(kind: Kind, text: String = "", previous: String = "") {
        self.kind = kind
        editor = LineEditor(text: text)
        self.previous = previous
    }

    public var text: String { editor.string }

    public var prompt: String {
        switch kind {
        case .command: ":"
        case .filter, .logSearch: "/"
        case let .argument(_, target, prompt): "\(prompt) (\(target)): "
        }
    }
}

/// An object deleted while its detail was open.
public struct DeletedObject: Sendable, Hashable {
    /// Its row as last seen.
    public var row: DeliveryRow
    public var at: Date

    /// `12s`, `3m04s`: how long ago it went.
    public func age(_ now: Date) -> String { TimeText.countdown(max(0, now.timeIntervalSince(at))) }
}

/// A status-line message and when it was shown.
public struct LoggedMessage: Sendable, Hashable {
    public var time: Date
    public var message: StatusMessage
}

/// The message under the screen: an action's result or an explanation.
public struct StatusMessage: Sendable, Hashable {
    public var text: String
    public var isError: Bool
    /// The cluster `text` is about, named by its first `prefixLength` characters (`prod-eu: `),
    /// which the status line draws in the cluster's colour; nil: none.
    public var cluster: ClusterID?
    public var prefixLength: Int

    public init(_ text: String, isError: Bool = false) {
        self.init(prefix: "", cluster: nil, text, isError: isError)
    }

    /// `prefix` (naming `cluster`) then `text`.
    public init(prefix: String, cluster: ClusterID?, _ text: String, isError: Bool = false) {
        self.text = prefix + text
        self.isError = isError
        self.cluster = cluster
        prefixLength = cluster == nil ? 0 : prefix.count
    }
}
