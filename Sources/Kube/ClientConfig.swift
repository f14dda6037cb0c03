import Foundation
import KubeModel

/// Everything the client needs to reach one cluster as one user, resolved from a kubeconfig (or the
/// in-cluster service account): files already read, paths already resolved, base64 already decoded.
public struct ClientConfig: Sendable, Equatable {
    /// `https://host:port`, possibly with a path prefix, without a trailing slash.
    public var server: String

    /// `server` as shown to people (header, `info`): a password written into the URL
    /// (`https://user:pw@host`) is masked, and nothing in it is left raw for the terminal.
    public var displayServer: String {
        guard var components = URLComponents(string: server), components.password != nil else { return TerminalSafe.text(server) }
        components.percentEncodedPassword = "xxxxx"
        return TerminalSafe.text(components.string ?? "(server URL with a password)")
    }

    public var contextName: String
    public var clusterName: String
    public var userName: String
    /// The namespace to show: `--namespace`, else the context's, else `default`.
    public var namespace: String
    /// `-A/--all-namespaces` was given.
    public var allNamespaces: Bool
    public var tls: TLS
    /// `proxy-url` (http, https or socks5).
    public var proxyURL: String?
    public var disableCompression: Bool
    public var credential: Credential
    /// A client certificate and key (PEM) from the kubeconfig.
    public var clientCertificate: ClientCertificate?
    public var impersonation: Impersonation?

    /// How the server's certificate is checked.
    public struct TLS: Sendable, Equatable {
        /// PEM of the cluster's certificate authorities; nil = the system's trust store.
        public var caPEM: Data?
        /// Where the CA came from (a file path or `certificate-authority-data`), for messages.
        public var caSource: String?
        /// `insecure-skip-tls-verify`: the UI must warn while this is on.
        public var insecureSkipVerify: Bool
        /// `tls-server-name`: the name the certificate is checked against (and sent as SNI).
        public var serverName: String?

        public init(caPEM: Data? = nil, caSource: String? = nil, insecureSkipVerify: Bool = false, serverName: String? = nil) {
            self.caPEM = caPEM
            self.caSource = caSource
            self.insecureSkipVerify = insecureSkipVerify
            self.serverName = serverName
        }
    }

    /// A PEM certificate and its key.
    public struct ClientCertificate: Sendable, Equatable {
        public var certificatePEM: Data
        public var keyPEM: Data

        public init(certificatePEM: Data, keyPEM: Data) {
            self.certificatePEM = certificatePEM
            self.keyPEM = keyPEM
        }
    }

    /// How requests carry the user's identity in headers.
    public enum Credential: Sendable, Equatable {
        case none
        /// A bearer token from the kubeconfig.
        case token(String)
        /// A token file, re-read when it changes (bound service-account tokens rotate); `fallback`
        /// is the inline token used while the file cannot be read.
        case tokenFile(path: String, fallback: String?)
        case basic(username: String, password: String)
        /// An exec credential plugin.
        case exec(ExecConfig)
    }

    /// `as`, `as-uid`, `as-groups`: sent as `Impersonate-*` headers.
    public struct Impersonation: Sendable, Equatable {
        public var user: String
        public var uid: String?
        public var groups: [String]

        public init(user: String, uid: String? = nil, groups: [String] = []) {
            self.user = user
            self.uid = uid
            self.groups = groups
        }
    }

    public init(server: String, contextName: String = "", clusterName: String = "", userName: String = "",
                namespace: String = "default", allNamespaces: Bool = false, tls: TLS = TLS(), proxyURL: String? = nil,
                disableCompression: Bool = false, credential: Credential = .none, clientCertificate: ClientCertificate? = nil,
                impersonation: Impersonation? = nil) {
        self.server = server.hasSuffix("/") ? String(server.dropLast()) : server
        self.contextName = contextName
        self.clusterName = clusterName
        self.userName = userName
        self.namespace = namespace
        self.allNamespaces = allNamespaces
        self.tls = tls
        self.proxyURL = proxyURL
        self.disableCompression = disableCompression
        self.credential = credential
        self.clientCertificate = clientCertificate
        self.impersonation = impersonation
    }

    /// TLS verification is off: show a warning whenever this is true.
    public var insecure: Bool { tls.insecureSkipVerify }

    /// Credentials are sent only over TLS, as client-go does.
    public var sendsCredentials: Bool { server.lowercased().hasPrefix("https://") }

    /// The namespace to list in: nil for all namespaces.
    public var listNamespace: String? { allNamespaces ? nil : namespace }
}

/// A `user.exec` credential plugin, resolved: command path made absolute when it was relative to the
/// kubeconfig, and the cluster information to pass when `provideClusterInfo` is set.
public struct ExecConfig: Sendable, Equatable, Hashable {
    public enum APIVersion: String, Sendable, Hashable {
        case v1 = "client.authentication.k8s.io/v1"
        case v1beta1 = "client.authentication.k8s.io/v1beta1"
    }

    public enum InteractiveMode: String, Sendable, Hashable {
        case never = "Never", ifAvailable = "IfAvailable", always = "Always"
    }

    public var apiVersion: APIVersion
    public var command: String
    public var args: [String]
    public var env: [String: String]
    public var installHint: String?
    public var interactiveMode: InteractiveMode
    /// The `spec.cluster` JSON object passed in `KUBERNETES_EXEC_INFO`, when `provideClusterInfo`.
    public var clusterInfo: ExecClusterInfo?
    /// The user's name, for messages.
    public var userName: String

    public init(apiVersion: APIVersion, command: String, args: [String] = [], env: [String: String] = [:],
                installHint: String? = nil, interactiveMode: InteractiveMode = .ifAvailable,
                clusterInfo: ExecClusterInfo? = nil, userName: String = "") {
        self.apiVersion = apiVersion
        self.command = command
        self.args = args
        self.env = env
        self.installHint = installHint
        self.interactiveMode = interactiveMode
        self.clusterInfo = clusterInfo
        self.userName = userName
    }
}

/// The cluster as an exec plugin sees it in `KUBERNETES_EXEC_INFO` `spec.cluster`.
public struct ExecClusterInfo: Codable, Sendable, Equatable, Hashable {
    public var server: String
    public var tlsServerName: String?
    public var insecureSkipTLSVerify: Bool
    public var certificateAuthorityData: String?
    public var proxyURL: String?
    public var disableCompression: Bool

    enum CodingKeys: String, CodingKey {
        case server
        case tlsServerName = "tls-server-name"
        case insecureSkipTLSVerify = "insecure-skip-tls-verify"
        case certificateAuthorityData = "certificate-authority-data"
        case proxyURL = "proxy-url"
        case disableCompression = "disable-compression"
    }
}
