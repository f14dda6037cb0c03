import Foundation

extension EmbeddedAPIServer {
    /// The names of the contexts `kubeconfigYAML` writes, one per user and credential kind; the
    /// narrow users (`ServerCredentials.narrowUsers`) by bearer token only, named after the user.
    public static let contextNames = ["admin-token", "admin-cert", "viewer-token", "viewer-cert"]
        + ServerCredentials.narrowUsers.map(\.name)

    /// A kubeconfig for this server: the CA as certificate-authority-data and a context per user
    /// and credential kind (admin and viewer by bearer token and by client certificate, the narrow
    /// users by token), `admin-token` current.
    /// With plain HTTP there is no CA and no credentials (clients would not send them).
    public func kubeconfigYAML(clusterName: String = "rollscope-demo", namespace: String = "default") -> String {
        func b64(_ s: String) -> String { Data(s.utf8).base64EncodedString() }
        var y = "apiVersion: v1\nkind: Config\nclusters:\n- name: \(clusterName)\n  cluster:\n    server: \(url)\n"
        if options.tls { y += "    certificate-authority-data: \(b64(credentials.caPEM))\n" }
        y += "contexts:\n"
        for name in Self.contextNames {
            y += "- name: \(name)\n  context:\n    cluster: \(clusterName)\n    user: \(name)\n    namespace: \(namespace)\n"
        }
        y += "current-context: admin-token\nusers:\n"
        for (name, user) in [("admin", credentials.admin), ("viewer", credentials.viewer)] {
            if options.tls {
                y += "- name: \(name)-token\n  user:\n    token: \(user.token)\n"
                y += "- name: \(name)-cert\n  user:\n    client-certificate-data: \(b64(user.certificatePEM))\n    client-key-data: \(b64(user.keyPEM))\n"
            } else {
                y += "- name: \(name)-token\n  user: {}\n- name: \(name)-cert\n  user: {}\n"
            }
        }
        for user in credentials.narrow {
            y += "- name: \(user.name)\n" + (options.tls ? "  user:\n    token: \(user.token)\n" : "  user: {}\n")
        }
        return y
    }

    /// Writes the kubeconfig with mode 0600 (it holds credentials): a new file in the same
    /// directory is created 0600 from its first byte (`open(O_CREAT|O_EXCL, 0600)`, then `fchmod`
    /// in case a umask took bits away), written, and renamed over `path`, so the file at `path` is
    /// never readable by anyone else, not even for a moment, and is never half written.
    public func writeKubeconfig(to path: String) throws {
        let url = URL(fileURLWithPath: path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Self.writePrivately(Array(kubeconfigYAML().utf8), to: url.path)
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
