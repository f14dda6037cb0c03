import Foundation

/// The link to the API server as the header shows it.
public enum ConnectionStatus: Sendable, Hashable {
    /// Listing for the first time.
    case connecting
    /// Watches are open and current.
    case live
    /// The server was lost at `since`; the last known state stays on screen.
    case reconnecting(since: Date, reason: String)
    /// The user may not list what the console needs (a cluster-wide 403).
    case forbidden(message: String)
    /// The server refuses the context's credentials (401), or an exec plugin's token is being
    /// retried later; the lists are retried with backoff.
    case unauthorized(message: String)
    /// Not a cluster at all: a read-only snapshot read from `source` (a dump file).
    case snapshot(source: String)
}

/// Who and where the console is talking to: the header's first line.
public struct ClusterIdentity: Sendable, Hashable {
    public var context: String
    public var server: String
    public var user: String
    /// The kubeconfig says `insecure-skip-tls-verify`: the server's certificate is not checked,
    /// and the header says so for as long as the console runs.
    public var tlsUnverified: Bool
    public init(context: String, server: String, user: String, tlsUnverified: Bool = false) {
        self.context = context
        self.server = server
        self.user = user
        self.tlsUnverified = tlsUnverified
    }
}

/// Which namespaces the list covers.
public enum NamespaceScope: Sendable, Hashable {
    case all
    case one(String)

    /// The namespace, or nil for all of them (the API's convention).
    public var namespace: String? {
        if case let .one(ns) = self { return ns }
        return nil
    }

    public var title: String { namespace ?? "all namespaces" }
}
