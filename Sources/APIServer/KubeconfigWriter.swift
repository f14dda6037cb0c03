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

    /// Writes the kubeconfig with mode 0600 (it holds credentials).
    public func writeKubeconfig(to path: String) throws {
        let url = URL(fileURLWithPath: path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(kubeconfigYAML().utf8).write(to: url, options: .atomic)
        chmod(path, 0o600)
    }
}
