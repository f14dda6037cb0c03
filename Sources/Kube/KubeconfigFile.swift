import Foundation
import Yams

/// One kubeconfig file as written on disk (clientcmd's `Config` v1, with the fields rollscope uses).
/// Unknown fields (extensions, preferences) are ignored.
public struct KubeconfigFile: Decodable, Sendable, Equatable {
    public var currentContext: String?
    public var clusters: [NamedCluster]
    public var users: [NamedUser]
    public var contexts: [NamedContext]

    /// A `clusters[]` entry.
    public struct NamedCluster: Decodable, Sendable, Equatable {
        public var name: String
        public var cluster: Cluster
    }

    /// A `users[]` entry.
    public struct NamedUser: Decodable, Sendable, Equatable {
        public var name: String
        public var user: User
    }

    /// A `contexts[]` entry.
    public struct NamedContext: Decodable, Sendable, Equatable {
        public var name: String
        public var context: Context
    }

    /// How to reach and trust one API server.
    public struct Cluster: Decodable, Sendable, Equatable {
        public var server: String?
        public var certificateAuthority: String?
        public var certificateAuthorityData: String?
        public var insecureSkipTLSVerify: Bool?
        public var tlsServerName: String?
        public var proxyURL: String?
        public var disableCompression: Bool?

        enum CodingKeys: String, CodingKey {
            case server
            case certificateAuthority = "certificate-authority"
            case certificateAuthorityData = "certificate-authority-data"
            case insecureSkipTLSVerify = "insecure-skip-tls-verify"
            case tlsServerName = "tls-server-name"
            case proxyURL = "proxy-url"
            case disableCompression = "disable-compression"
        }
    }

    /// How to authenticate (`AuthInfo`).
    public struct User: Decodable, Sendable, Equatable {
        public var token: String?
        public var tokenFile: String?
        public var clientCertificate: String?
        public var clientCertificateData: String?
        public var clientKey: String?
        public var clientKeyData: String?
        public var username: String?
        public var password: String?
        public var exec: Exec?
        public var authProvider: AuthProvider?
        public var impersonate: String?
        public var impersonateUID: String?
        public var impersonateGroups: [String]?

        enum CodingKeys: String, CodingKey {
            case token, tokenFile, username, password, exec
            case clientCertificate = "client-certificate"
            case clientCertificateData = "client-certificate-data"
            case clientKey = "client-key"
            case clientKeyData = "client-key-data"
            case authProvider = "auth-provider"
            case impersonate = "as"
            case impersonateUID = "as-uid"
            case impersonateGroups = "as-groups"
        }
    }

    /// A `user.exec` credential plugin.
    public struct Exec: Decodable, Sendable, Equatable {
        public var apiVersion: String?
        public var command: String?
        public var args: [String]?
        public var env: [EnvVar]?
        public var installHint: String?
        public var provideClusterInfo: Bool?
        public var interactiveMode: String?

        /// One `env` entry.
        public struct EnvVar: Decodable, Sendable, Equatable {
            public var name: String
            public var value: String
        }
    }

    /// A legacy `user.auth-provider` entry; only its name is read, to say it cannot run.
    public struct AuthProvider: Decodable, Sendable, Equatable {
        public var name: String
    }

    /// A context: which cluster, which user, which namespace.
    public struct Context: Decodable, Sendable, Equatable {
        public var cluster: String?
        public var user: String?
        public var namespace: String?
    }

    enum CodingKeys: String, CodingKey {
        case currentContext = "current-context"
        case clusters, users, contexts
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        currentContext = try c.decodeIfPresent(String.self, forKey: .currentContext).flatMap { $0.isEmpty ? nil : $0 }
        clusters = try c.decodeIfPresent([NamedCluster].self, forKey: .clusters) ?? []
        users = try c.decodeIfPresent([NamedUser].self, forKey: .users) ?? []
        contexts = try c.decodeIfPresent([NamedContext].self, forKey: .contexts) ?? []
    }

    public init(currentContext: String? = nil, clusters: [NamedCluster] = [], users: [NamedUser] = [], contexts: [NamedContext] = []) {
        self.currentContext = currentContext
        self.clusters = clusters
        self.users = users
        self.contexts = contexts
    }

    /// Parses YAML (or JSON) text; `path` only names the file in the error. A text of
    /// whitespace alone is an empty kubeconfig, as kubectl reads it (told by the standard
    /// library's character properties: Foundation's `trimmingCharacters` loaded ICU's character
    /// sets first, a millisecond before the console's first request).
    public static func parse(_ text: String, path: String) throws -> KubeconfigFile {
        if text.allSatisfy(\.isWhitespace) { return KubeconfigFile() }
        do {
            return try YAMLDecoder().decode(KubeconfigFile.self, from: text)
        } catch let error as DecodingError {
            throw ConfigError(.unparsable(DecodingFailure.describe(error)), file: path)
        } catch {
            throw ConfigError(.unparsable(String(describing: error).split(separator: "\n").first.map(String.init) ?? "bad YAML"), file: path)
        }
    }
}
