import Foundation

/// A cluster's `server` URL taken apart, so requests can be addressed to the `tls-server-name` while
/// the connection goes to the real host (libcurl has no separate SNI option; `CONNECT_TO` does it).
struct ServerAddress: Sendable, Equatable {
    var scheme: String
    /// Without brackets for IPv6.
    var host: String
    var port: Int
    /// A path prefix (`/k8s/clusters/c-1`), without a trailing slash; empty for none.
    var pathPrefix: String

    init?(_ server: String) {
        guard let components = URLComponents(string: server), let scheme = components.scheme?.lowercased(),
              scheme == "https" || scheme == "http", var host = components.host, !host.isEmpty else { return nil }
        if host.hasPrefix("["), host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        self.scheme = scheme
        self.host = host
        self.port = components.port ?? (scheme == "https" ? 443 : 80)
        var prefix = components.percentEncodedPath
        while prefix.hasSuffix("/") { prefix.removeLast() }
        self.pathPrefix = prefix
    }

    private static func bracketed(_ host: String) -> String { host.contains(":") ? "[\(host)]" : host }

    /// The URL of `pathAndQuery`, addressed to `serverName` when one is given.
    func url(_ pathAndQuery: String, serverName: String?) -> String {
        "\(scheme)://\(Self.bracketed(serverName ?? host)):\(port)\(pathPrefix)\(pathAndQuery)"
    }

    /// The `CURLOPT_CONNECT_TO` entry sending `serverName` traffic to the real host.
    func connectTo(serverName: String?) -> String? {
        guard let serverName, serverName != host else { return nil }
        return "\(Self.bracketed(serverName)):\(port):\(Self.bracketed(host)):\(port)"
    }
}
