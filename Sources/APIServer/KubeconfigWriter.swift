import Foundation

extension EmbeddedAPIServer {
    /// The names of the contexts `kubeconfigYAML` writes, one per user and credential kind; the
    /// narrow users (`ServerCredentials.narrowUsers`) by bearer token only, named after the user.
    public static let contextNames = ["admin-token", "admin-cert", "viewer-token", "viewer-cert"]
        + ServerCredentials.narrowUsers.map(\.name)

    /// The names of the contexts `kubeconfigYAML(fleet:)` writes for the server named `cluster`,
    /// in the order of `contextNames`: the admin by token is the cluster's own name (`prod-eu`),
    /// the viewer by token `prod-eu-viewer`, every other context its single-server name after the
    /// cluster's (`prod-eu-admin-cert`, `prod-eu-viewer-cert`, `prod-eu-cart-promoter`...).
    public static func contextNames(cluster: String) -> [String] {
        contextNames.map { context in
            switch context {
            case "admin-token": cluster
            case "viewer-token": "\(cluster)-viewer"
            default: "\(cluster)-\(context)"
            }
        }
    }

    /// A kubeconfig for this server: the CA as certificate-authority-data and a context per user
    /// and credential kind (admin and viewer by bearer token and by client certificate, the narrow
    /// users by token), `admin-token` current.
    /// With plain HTTP there is no CA and no credentials (clients would not send them).
    public func kubeconfigYAML(clusterName: String = "rollscope-demo", namespace: String = "default") -> String {
        Self.kubeconfigYAML([(clusterName, self, Self.contextNames)], namespace: namespace)
    }

    /// One kubeconfig for several servers (the demo fleet): a cluster entry per server, named
    /// `name`, with its own CA, and its own users and contexts named by `contextNames(cluster:)`,
    /// each context reaching its own server with its own credentials; the first server's admin
    /// context is current. A fleet of one is written as `kubeconfigYAML(clusterName:)` writes it.
    public static func kubeconfigYAML(fleet: [(name: String, server: EmbeddedAPIServer)], namespace: String = "default") -> String {
        guard fleet.count != 1 else { return fleet[0].server.kubeconfigYAML(clusterName: fleet[0].name, namespace: namespace) }
        return kubeconfigYAML(fleet.map { ($0.name, $0.server, contextNames(cluster: $0.name)) }, namespace: namespace)
    }

    /// Clusters, then contexts (each named as its user), the first context current, then users;
    /// `contexts` of each entry are its server's names for `contextNames`, in that order.
    private static func kubeconfigYAML(_ entries: [(cluster: String, server: EmbeddedAPIServer, contexts: [String])],
                                       namespace: String) -> String {
        var y = "apiVersion: v1\nkind: Config\nclusters:\n"
        for entry in entries {
            y += "- name: \(entry.cluster)\n  cluster:\n    server: \(entry.server.url)\n"
            if entry.server.options.tls { y += "    certificate-authority-data: \(base64(entry.server.credentials.caPEM))\n" }
        }
        y += "contexts:\n"
        for entry in entries {
            for name in entry.contexts {
                y += "- name: \(name)\n  context:\n    cluster: \(entry.cluster)\n    user: \(name)\n    namespace: \(namespace)\n"
            }
        }
        y += "current-context: \(entries.first?.contexts.first ?? "")\nusers:\n"
        for entry in entries {
            for (name, user) in zip(entry.contexts, entry.server.userEntries()) { y += "- name: \(name)\n" + user }
        }
        return y
    }

    /// The `user:` block of each context of `contextNames`, in its order: admin and viewer by
    /// token and by certificate, the narrow users by token; `{}` over plain HTTP.
    private func userEntries() -> [String] {
        guard options.tls else { return Self.contextNames.map { _ in "  user: {}\n" } }
        func token(_ user: ServerCredentials.User) -> String { "  user:\n    token: \(user.token)\n" }
        func certificate(_ user: ServerCredentials.User) -> String {
            "  user:\n    client-certificate-data: \(Self.base64(user.certificatePEM))\n    client-key-data: \(Self.base64(user.keyPEM))\n"
        }
        return [token(credentials.admin), certificate(credentials.admin), token(credentials.viewer), certificate(credentials.viewer)]
            + credentials.narrow.map(token)
    }

    private static func base64(_ s: String) -> String { Data(s.utf8).base64EncodedString() }

    /// Writes the kubeconfig with mode 0600 (it holds credentials): a new file in the same
    /// directory is created 0600 from its first byte (`open(O_CREAT|O_EXCL, 0600)`, then `fchmod`
    /// in case a umask took bits away), written, and renamed over `path`, so the file at `path` is
    /// never readable by anyone else, not even for a moment, and is never half written.
    public func writeKubeconfig(to path: String) throws {
        try Self.writeKubeconfig(kubeconfigYAML(), to: path)
    }

    /// Writes the fleet's kubeconfig (`kubeconfigYAML(fleet:)`) as `writeKubeconfig(to:)` does.
    public static func writeKubeconfig(fleet: [(name: String, server: EmbeddedAPIServer)], to path: String) throws {
        try writeKubeconfig(kubeconfigYAML(fleet: fleet), to: path)
    }

    private static func writeKubeconfig(_ text: String, to path: String) throws {
        let url = URL(fileURLWithPath: path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try writePrivately(Array(text.utf8), to: url.path)
    }

    /// Writes `bytes` to `path` as described above.
    static func writePrivately(_ bytes: [UInt8], to path: String) throws {
        let temporary = "\(path).tmp-\(UUID().uuidString)"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
        var failure: Int32 = 0
        if fchmod(fd, 0o600) != 0 { failure = errno }
        var offset = 0
        while failure == 0, offset < bytes.count {
            let n = bytes[offset...].withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
            if n < 0 {
                if errno != EINTR { failure = errno }
            } else {
                offset += n
            }
        }
        if failure == 0, fsync(fd) != 0 { failure = errno }
        close(fd)
        if failure == 0, rename(temporary, path) != 0 { failure = errno }
        if failure != 0 {
            unlink(temporary)
            throw POSIXError(POSIXErrorCode(rawValue: failure) ?? .EIO)
        }
    }
}
