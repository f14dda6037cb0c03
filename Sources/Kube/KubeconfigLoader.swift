import Foundation

/// What the command line says about which cluster to talk to (kubectl's flags of the same names).
public struct KubeconfigOptions: Sendable, Equatable {
    /// `--kubeconfig`: this file only, and it must exist.
    public var kubeconfig: String?
    /// `--context`.
    public var context: String?
    /// `-n/--namespace`.
    public var namespace: String?
    /// `-A/--all-namespaces`.
    public var allNamespaces: Bool

    public init(kubeconfig: String? = nil, context: String? = nil, namespace: String? = nil, allNamespaces: Bool = false) {
        self.kubeconfig = kubeconfig
        self.context = context
        self.namespace = namespace
        self.allNamespaces = allNamespaces
    }
}

/// Reads kubeconfig files as kubectl does (`--kubeconfig`, else `$KUBECONFIG` merged, else
/// `~/.kube/config`, else the in-cluster service account) and resolves one context into a
/// `ClientConfig`. The environment and file locations are injected so tests need no real home.
public struct KubeconfigLoader: Sendable {
    public var environment: [String: String]
    /// Where the pod's service account is mounted.
    public var serviceAccountDirectory: String

    public init(environment: [String: String] = ProcessInfo.processInfo.environment,
                serviceAccountDirectory: String = "/var/run/secrets/kubernetes.io/serviceaccount") {
        self.environment = environment
        self.serviceAccountDirectory = serviceAccountDirectory
    }

    /// The configuration for the chosen context.
    public func load(_ options: KubeconfigOptions = KubeconfigOptions()) throws(ConfigError) -> ClientConfig {
        let paths = try kubeconfigPaths(options)
        if paths.isEmpty { return try inCluster(options) }
        let merged = try Self.merge(paths)
        if options.context == nil, merged.currentContext == nil, merged.contexts.isEmpty, options.kubeconfig == nil,
           let config = try? inCluster(options) {
            return config
        }
        return try Self.resolve(merged, options: options)
    }

    /// The files to read, in precedence order; only existing ones (except an explicit `--kubeconfig`).
    public func kubeconfigPaths(_ options: KubeconfigOptions) throws(ConfigError) -> [String] {
        let fm = FileManager.default
        if let explicit = options.kubeconfig {
            guard fm.fileExists(atPath: explicit) else { throw ConfigError(.fileMissing, file: explicit) }
            return [explicit]
        }
        if let list = environment["KUBECONFIG"], !list.isEmpty {
            var seen = Set<String>()
            return list.split(separator: ":").map(String.init)
                .filter { !$0.isEmpty && seen.insert($0).inserted && fm.fileExists(atPath: $0) }
        }
        if let home = environment["HOME"] {
            let path = (home as NSString).appendingPathComponent(".kube/config")
            if fm.fileExists(atPath: path) { return [path] }
        }
        return []
    }

    /// Reads and merges files (first wins).
    public static func merge(_ paths: [String]) throws(ConfigError) -> MergedKubeconfig {
        var files: [(path: String, file: KubeconfigFile)] = []
        for path in paths {
            let text: String
            do {
                text = try String(contentsOfFile: path, encoding: .utf8)
            } catch {
                throw ConfigError(.unreadable(path: path, reason: Self.reason(error)), file: path)
            }
            do {
                files.append((path, try KubeconfigFile.parse(text, path: path)))
            } catch let error as ConfigError {
                throw error
            } catch {
                throw ConfigError(.unparsable("\(error)"), file: path)
            }
        }
        return MergedKubeconfig(files)
    }

    /// Resolves the chosen context of a merged kubeconfig.
    public static func resolve(_ merged: MergedKubeconfig, options: KubeconfigOptions) throws(ConfigError) -> ClientConfig {
        guard let contextName = options.context ?? merged.currentContext?.value else {
            throw ConfigError(.noCurrentContext, file: merged.displayName)
        }
        guard let context = merged.contexts[contextName] else {
            throw ConfigError(.undefined(kind: "context", name: contextName), file: merged.displayName)
        }
        let ctx = context.value
        guard let clusterName = ctx.cluster, !clusterName.isEmpty else {
            throw ConfigError(.missing, file: context.file, context: contextName, field: "contexts[\(contextName)].cluster")
        }
        guard let cluster = merged.clusters[clusterName] else {
            throw ConfigError(.undefined(kind: "cluster", name: clusterName), file: context.file, context: contextName,
                              field: "contexts[\(contextName)].cluster")
        }
        let clusterReader = FieldReader(file: cluster.file, context: contextName, prefix: "clusters[\(clusterName)]")
        let c = cluster.value
        guard let server = c.server, !server.isEmpty else { throw clusterReader.error(.missing, "server") }
        guard server.hasPrefix("https://") || server.hasPrefix("http://") else {
            throw clusterReader.error(.invalid("\"\(server)\" is not an http(s) URL"), "server")
        }
        if c.certificateAuthority != nil, c.certificateAuthorityData != nil {
            throw clusterReader.error(.conflicting("certificate-authority"), "certificate-authority-data")
        }
        var tls = ClientConfig.TLS(insecureSkipVerify: c.insecureSkipTLSVerify ?? false, serverName: c.tlsServerName)
        if let data = c.certificateAuthorityData {
            tls.caPEM = try clusterReader.pem(base64: data, "certificate-authority-data")
            tls.caSource = "\(clusterReader.prefix).certificate-authority-data"
        } else if let path = c.certificateAuthority {
            let resolved = clusterReader.resolve(path)
            tls.caPEM = try clusterReader.pem(file: resolved, "certificate-authority")
            tls.caSource = resolved
        }
        if tls.insecureSkipVerify, tls.caPEM != nil {
            throw clusterReader.error(.conflicting("certificate-authority(-data)"), "insecure-skip-tls-verify")
        }
        if let proxy = c.proxyURL {
            let scheme = proxy.split(separator: ":").first.map { $0.lowercased() } ?? ""
            guard ["http", "https", "socks5"].contains(scheme) else {
                throw clusterReader.error(.invalid("scheme \"\(scheme)\" is not supported (http, https, socks5)"), "proxy-url")
            }
        }

        var config = ClientConfig(server: server, contextName: contextName, clusterName: clusterName,
                                  userName: ctx.user ?? "", namespace: options.namespace ?? ctx.namespace ?? "default",
                                  allNamespaces: options.allNamespaces, tls: tls, proxyURL: c.proxyURL,
                                  disableCompression: c.disableCompression ?? false)
        guard let userName = ctx.user, !userName.isEmpty else { return config }
        guard let user = merged.users[userName] else {
            throw ConfigError(.undefined(kind: "user", name: userName), file: context.file, context: contextName,
                              field: "contexts[\(contextName)].user")
        }
        let userReader = FieldReader(file: user.file, context: contextName, prefix: "users[\(userName)]")
        try applyUser(user.value, named: userName, reader: userReader, cluster: c, to: &config)
        return config
    }

    /// Fills the credential, client certificate and impersonation of a user entry.
    private static func applyUser(_ u: KubeconfigFile.User, named userName: String, reader: FieldReader,
                                  cluster: KubeconfigFile.Cluster, to config: inout ClientConfig) throws(ConfigError) {
        if let provider = u.authProvider, u.exec == nil, u.token == nil, u.tokenFile == nil {
            throw reader.error(.authProviderUnsupported(provider.name), "auth-provider")
        }
        let hasToken = u.token != nil || u.tokenFile != nil
        let hasBasic = u.username != nil || u.password != nil
        if hasToken, hasBasic { throw reader.error(.conflicting("token: more than one authentication method found"), "username") }
        if u.clientCertificate != nil, u.clientCertificateData != nil {
            throw reader.error(.conflicting("client-certificate"), "client-certificate-data")
        }
        if u.clientKey != nil, u.clientKeyData != nil { throw reader.error(.conflicting("client-key"), "client-key-data") }

        let cert: Data? = if let data = u.clientCertificateData {
            try reader.pem(base64: data, "client-certificate-data")
        } else if let path = u.clientCertificate {
            try reader.pem(file: reader.resolve(path), "client-certificate")
        } else { nil }
        let key: Data? = if let data = u.clientKeyData {
            try reader.pem(base64: data, "client-key-data")
        } else if let path = u.clientKey {
            try reader.pem(file: reader.resolve(path), "client-key")
        } else { nil }
        switch (cert, key) {
        case let (cert?, key?): config.clientCertificate = .init(certificatePEM: cert, keyPEM: key)
        case (.some, nil): throw reader.error(.missing, u.clientCertificateData != nil ? "client-key-data" : "client-key")
        case (nil, .some): throw reader.error(.missing, u.clientKeyData != nil ? "client-certificate-data" : "client-certificate")
        case (nil, nil): break
        }

        if let path = u.tokenFile {
            config.credential = .tokenFile(path: reader.resolve(path), fallback: u.token)
        } else if let token = u.token {
            config.credential = .token(token)
        } else if hasBasic {
            guard let name = u.username else { throw reader.error(.missing, "username") }
            config.credential = .basic(username: name, password: u.password ?? "")
        } else if let exec = u.exec {
            config.credential = .exec(try execConfig(exec, userName: userName, reader: reader, cluster: cluster, server: config.server))
        }
        if let impersonate = u.impersonate, !impersonate.isEmpty {
            config.impersonation = .init(user: impersonate, uid: u.impersonateUID, groups: u.impersonateGroups ?? [])
        }
    }

    /// Validates and resolves an exec plugin entry as clientcmd does.
    private static func execConfig(_ e: KubeconfigFile.Exec, userName: String, reader: FieldReader,
                                   cluster: KubeconfigFile.Cluster, server: String) throws(ConfigError) -> ExecConfig {
        guard let versionText = e.apiVersion, !versionText.isEmpty else { throw reader.error(.missing, "exec.apiVersion") }
        guard let version = ExecConfig.APIVersion(rawValue: versionText) else {
            throw reader.error(.invalid("exec plugin: invalid apiVersion \"\(versionText)\""), "exec.apiVersion")
        }
        guard let command = e.command, !command.isEmpty else { throw reader.error(.missing, "exec.command") }
        let mode: ExecConfig.InteractiveMode
        if let text = e.interactiveMode, !text.isEmpty {
            guard let parsed = ExecConfig.InteractiveMode(rawValue: text) else {
                throw reader.error(.invalid("invalid interactiveMode \"\(text)\" (Never, IfAvailable, Always)"), "exec.interactiveMode")
            }
            mode = parsed
        } else if version == .v1 {
            throw reader.error(.invalid("interactiveMode must be specified for \(userName) to use exec authentication plugin"),
                               "exec.interactiveMode")
        } else {
            mode = .ifAvailable
        }
        var clusterInfo: ExecClusterInfo?
        if e.provideClusterInfo == true {
            clusterInfo = ExecClusterInfo(server: server, tlsServerName: cluster.tlsServerName,
                                          insecureSkipTLSVerify: cluster.insecureSkipTLSVerify ?? false,
                                          certificateAuthorityData: cluster.certificateAuthorityData,
                                          proxyURL: cluster.proxyURL, disableCompression: cluster.disableCompression ?? false)
        }
        // Only a command naming a path is relative to the kubeconfig; a bare name is looked up in PATH.
        let resolvedCommand = command.contains("/") ? reader.resolve(command) : command
        var env: [String: String] = [:]
        for variable in e.env ?? [] { env[variable.name] = variable.value }
        return ExecConfig(apiVersion: version, command: resolvedCommand, args: e.args ?? [], env: env,
                          installHint: e.installHint, interactiveMode: mode, clusterInfo: clusterInfo, userName: userName)
    }

    /// The in-cluster configuration: the pod's service account and the API service's address.
    public func inCluster(_ options: KubeconfigOptions) throws(ConfigError) -> ClientConfig {
        let tokenPath = (serviceAccountDirectory as NSString).appendingPathComponent("token")
        guard let host = environment["KUBERNETES_SERVICE_HOST"], !host.isEmpty,
              let port = environment["KUBERNETES_SERVICE_PORT"], !port.isEmpty,
              FileManager.default.fileExists(atPath: tokenPath) else {
            throw ConfigError(.noConfiguration)
        }
        let reader = FieldReader(file: nil, context: nil, prefix: "in-cluster")
        let caPath = (serviceAccountDirectory as NSString).appendingPathComponent("ca.crt")
        let ca = try reader.pem(file: caPath, "ca.crt")
        let namespaceFile = (serviceAccountDirectory as NSString).appendingPathComponent("namespace")
        let fileNamespace = (try? String(contentsOfFile: namespaceFile, encoding: .utf8))?
            .trimmingCharacters(in: .whitespacesAndNewlines)
        let namespace = options.namespace ?? environment["POD_NAMESPACE"].flatMap { $0.isEmpty ? nil : $0 }
            ?? fileNamespace.flatMap { $0.isEmpty ? nil : $0 } ?? "default"
        let hostPart = host.contains(":") ? "[\(host)]" : host
        return ClientConfig(server: "https://\(hostPart):\(port)", contextName: "in-cluster", clusterName: "in-cluster",
                            userName: "service-account", namespace: namespace, allNamespaces: options.allNamespaces,
                            tls: .init(caPEM: ca, caSource: caPath), credential: .tokenFile(path: tokenPath, fallback: nil))
    }

    /// A short reason for a file error (`no such file`, `permission denied`).
    static func reason(_ error: any Error) -> String {
        let ns = error as NSError
        if let underlying = ns.userInfo[NSUnderlyingErrorKey] as? NSError, underlying.domain == NSPOSIXErrorDomain {
            return String(cString: strerror(Int32(underlying.code))).lowercased()
        }
        switch ns.code {
        case NSFileReadNoSuchFileError: return "no such file"
        case NSFileReadNoPermissionError: return "permission denied"
        default: return ns.localizedDescription
        }
    }
}

/// Reads the fields of one kubeconfig entry, resolving relative paths against the entry's file and
/// naming file, context and field in every error.
struct FieldReader {
    var file: String?
    var context: String?
    var prefix: String

    func error(_ cause: ConfigError.Cause, _ field: String) -> ConfigError {
        ConfigError(cause, file: file, context: context, field: "\(prefix).\(field)")
    }

    /// A path relative to the directory of the file that defined it.
    func resolve(_ path: String) -> String {
        guard !path.hasPrefix("/"), let file else { return path }
        let dir = (file as NSString).deletingLastPathComponent
        return ((dir.isEmpty ? "." : dir) as NSString).appendingPathComponent(path)
    }

    func pem(base64 text: String, _ field: String) throws(ConfigError) -> Data {
        let compact = text.filter { !$0.isWhitespace }
        guard let data = Data(base64Encoded: compact) else { throw error(.badBase64, field) }
        return try checkPEM(data, field)
    }

    func pem(file path: String, _ field: String) throws(ConfigError) -> Data {
        let data: Data
        do { data = try Data(contentsOf: URL(fileURLWithPath: path)) } catch {
            throw self.error(.unreadable(path: path, reason: KubeconfigLoader.reason(error)), field)
        }
        return try checkPEM(data, field)
    }

    private func checkPEM(_ data: Data, _ field: String) throws(ConfigError) -> Data {
        guard data.range(of: Data("-----BEGIN ".utf8)) != nil else { throw error(.notPEM, field) }
        return data
    }
}
