import Foundation
import Delivery

/// What the config says of one cluster (`clusters:`): how it is named and coloured on screen,
/// whether it is production (its dialogs say so loudly) and whether it is read-only.
public struct ClusterSettings: Sendable, Hashable {
    /// The kubeconfig context the entry is about.
    public var context: String
    /// The name shown (the CLUSTER column, the clusters pane, dialogs); nil: the context's name.
    public var name: String?
    public var color: ClusterColor?
    public var production: Bool
    public var readOnly: Bool

    public init(context: String, name: String? = nil, color: ClusterColor? = nil, production: Bool = false, readOnly: Bool = false) {
        self.context = context
        self.name = name
        self.color = color
        self.production = production
        self.readOnly = readOnly
    }
}

/// A cluster's colour, as the config names it (the views draw it with the theme's role of
/// that hue, `ClusterLook`).
public enum ClusterColor: String, Sendable, Hashable, CaseIterable {
    case red, green, yellow, blue, cyan, orange
}

/// A cluster a source reads, and who it talks to there.
public struct ClusterMember: Sendable, Hashable {
    public var id: ClusterID
    public var identity: ClusterIdentity

    public init(id: ClusterID, identity: ClusterIdentity) {
        self.id = id
        self.identity = identity
    }
}

/// One cluster as the console knows it: who it talks to there, how that goes, what it serves,
/// which namespaces refuse the user, and the config's word on it.
public struct ClusterState: Sendable, Hashable {
    public var id: ClusterID
    public var identity: ClusterIdentity
    public var connection: ConnectionStatus = .connecting
    /// The kinds whose first list is still coming in, with the server's totals.
    public var loading: [ListLoading] = []
    /// Which tools the cluster serves: its list watches only their kinds.
    public var served: ServedKinds = .assumed
    /// Namespaces the user may not read here, with the API's message.
    public var forbiddenNamespaces: [String: String] = [:]
    /// False when this cluster's list must be watched one namespace at a time (its cluster-wide
    /// list forbidden, or `-n` given).
    public var watchAllNamespaces: Bool
    public var settings: ClusterSettings
    /// The server's version (`v1.32.0`), once asked on this connection.
    public var serverVersion: String?
    /// What the user may do in each namespace reviewed so far (`LiveSource` asks the server):
    /// a plan whose requests it refuses is disabled with the reason.
    public var permissions = ClusterPermissions()
    /// The namespaces whose permissions were asked for on this connection: each once, when the
    /// screen first needs it (`ConsoleState.permissionNamespacesNeeded`).
    public var permissionsAsked: Set<String> = []
    /// Flagger's check values read from its `/metrics` page while a Canary's detail was shown;
    /// kept across reconnects, dropped with the context.
    public var flaggerGauge = FlaggerGaugeHistory()

    public init(id: ClusterID, identity: ClusterIdentity, watchAllNamespaces: Bool, settings: ClusterSettings? = nil) {
        self.id = id
        self.identity = identity
        self.watchAllNamespaces = watchAllNamespaces
        self.settings = settings ?? ClusterSettings(context: identity.context)
    }

    /// The name on screen: the config's, else the context's.
    public var displayName: String { settings.name ?? identity.context }

    /// Its rows are the last known state, not live: the cluster is away or refuses the user.
    public var isStale: Bool {
        switch connection {
        case .reconnecting, .forbidden, .unauthorized: true
        case .connecting, .live, .snapshot: false
        }
    }

    /// Since when its rows are stale, when the connection says (a reconnect's start).
    public var staleSince: Date? {
        if case let .reconnecting(since, _) = connection { return since }
        return nil
    }
}
