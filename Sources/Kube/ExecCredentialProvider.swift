import Foundation
import KubeModel

/// What an exec credential plugin handed back.
public struct ExecCredential: Sendable, Equatable {
    public var token: String?
    public var clientCertificate: ClientConfig.ClientCertificate?
    /// When to run the plugin again; nil = keep until the server answers 401.
    public var expiration: Date?

    public init(token: String? = nil, clientCertificate: ClientConfig.ClientCertificate? = nil, expiration: Date? = nil) {
        self.token = token
        self.clientCertificate = clientCertificate
        self.expiration = expiration
    }
}

/// Runs a kubeconfig `exec` credential plugin (client.authentication.k8s.io v1 / v1beta1) the way
/// client-go does: argv without a shell, the parent environment plus `env` plus
/// `KUBERNETES_EXEC_INFO`, stdout decoded as an `ExecCredential`; the credential is cached until its
/// `expirationTimestamp` or until `invalidate` after a 401; runs are serialised.
public final class ExecCredentialProvider: Sendable {
    public let config: ExecConfig
    private let standardInputIsTerminal: Bool
    private let baseEnvironment: [String: String]
    private let now: @Sendable () -> Date
    private let cache = Locked<ExecCredential?>(nil)
    private let runLock = NSLock()
    /// How many times the plugin ran (for the UI's diagnostics and for tests).
    private let runCounter = Locked(0)
    /// Refusals in a row: the first refused credential is replaced at once (a token that simply
    /// expired), each further one within two minutes only after 1, 2, 4 … 60 s (as informers
    /// retry): a token the server keeps refusing would otherwise start the plugin several times a
    /// second for as long as the console is open.
    private let refusals = Locked<(count: Int, last: Date?, notBefore: Date?)>((0, nil, nil))

    public init(config: ExecConfig, standardInputIsTerminal: Bool = isatty(STDIN_FILENO) == 1,
                environment: [String: String] = ProcessInfo.processInfo.environment,
                now: @escaping @Sendable () -> Date = { Date() }) {
        self.config = config
        self.standardInputIsTerminal = standardInputIsTerminal
        self.baseEnvironment = environment
        self.now = now
    }

    public var runs: Int { runCounter.withLock { $0 } }

    /// The cached credential while valid, else the plugin's fresh one. Blocks while the plugin runs.
    public func credential() throws(KubeError) -> ExecCredential {
        runLock.lock()
        defer { runLock.unlock() }
        let current = now()
        if let cached = cache.withLock({ $0 }), cached.expiration.map({ $0 > current }) ?? true { return cached }
        if let notBefore = refusals.withLock({ $0.notBefore }), notBefore > current {
            throw KubeError.unauthorized("the server refused the credential of exec plugin \(config.command); "
                                         + "it runs again in \(Int(notBefore.timeIntervalSince(current).rounded(.up))) s")
        }
        let fresh: ExecCredential
        do { fresh = try run() } catch { throw KubeError.credentials(error.description) }
        cache.withLock { $0 = fresh }
        return fresh
    }

    /// Drops the cached credential after the server refused it (401), unless it was already replaced.
    public func invalidate(_ refused: ExecCredential) {
        let dropped = cache.withLock { cached -> Bool in
            guard cached == refused else { return false }
            cached = nil
            return true
        }
        guard dropped else { return }
        let current = now()
        refusals.withLock { r in
            if let last = r.last, current.timeIntervalSince(last) > 120 { r.count = 0 }
            r.notBefore = r.count == 0 ? nil : current.addingTimeInterval(min(60, Double(1 << min(r.count - 1, 6))))
            r.count += 1
            r.last = current
        }
    }

    /// Why a plugin run failed; `description` is one line, never holding the plugin's output.
    public struct Failure: Error, Sendable, Equatable, CustomStringConvertible {
        public var description: String
    }

    private var interactive: Bool { config.interactiveMode != .never && standardInputIsTerminal }

    /// Runs the plugin once and decodes its answer.
    private func run() throws(Failure) -> ExecCredential {
        if config.interactiveMode == .always, !standardInputIsTerminal {
            throw Failure(description: "exec plugin cannot support interactive mode: standard input is not a terminal")
        }
        guard let executable = locate(config.command) else {
            var line = "exec: executable \(config.command) not found; it looks like you are trying to use a client-go "
                + "credential plugin that is not installed (https://kubernetes.io/docs/reference/access-authn-authz/authentication/#client-go-credential-plugins)"
            if let hint = config.installHint, !hint.isEmpty {
                line += "; " + hint.split(whereSeparator: \.isNewline).joined(separator: " ")
            }
            throw Failure(description: line)
        }
        runCounter.withLock { $0 += 1 }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = config.args
        var environment = baseEnvironment
        for (name, value) in config.env { environment[name] = value }
        environment["KUBERNETES_EXEC_INFO"] = execInfo()
        process.environment = environment
        let stdout = Pipe(), stderr = Pipe()
        process.standardOutput = stdout
        process.standardError = stderr
        if !interactive { process.standardInput = FileHandle.nullDevice }
        do { try process.run() } catch {
            throw Failure(description: "exec: executable \(config.command) could not be started: \(KubeconfigLoader.reason(error))")
        }
        // Drain stderr concurrently so a chatty plugin never blocks on a full pipe.
        let errorText = Locked(Data())
        let drained = DispatchSemaphore(value: 0)
        DispatchQueue.global().async {
            let data = stderr.fileHandleForReading.readDataToEndOfFile()
            errorText.withLock { $0 = data }
            drained.signal()
        }
        let output = stdout.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        drained.wait()
        guard process.terminationStatus == 0 else {
            let lastLine = String(decoding: errorText.withLock { $0 }, as: UTF8.self)
                .split(whereSeparator: \.isNewline).last.map { TerminalSafe.text(String($0.prefix(200))) }
            throw Failure(description: "exec: executable \(config.command) failed with exit code \(process.terminationStatus)"
                          + (lastLine.map { ": \($0)" } ?? ""))
        }
        return try decode(output)
    }

    /// `KUBERNETES_EXEC_INFO`: the ExecCredential request, with the cluster when asked for.
    func execInfo() -> String {
        struct Spec: Encodable {
            var interactive: Bool
            var cluster: ExecClusterInfo?
        }
        struct Request: Encodable {
            var kind = "ExecCredential"
            var apiVersion: String
            var spec: Spec
        }
        let request = Request(apiVersion: config.apiVersion.rawValue, spec: Spec(interactive: interactive, cluster: config.clusterInfo))
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return (try? encoder.encode(request)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
    }

    /// Decodes the plugin's stdout; errors never quote the output (it may hold a token).
    func decode(_ output: Data) throws(Failure) -> ExecCredential {
        struct Status: Decodable {
            var token: String?
            var expirationTimestamp: String?
            var clientCertificateData: String?
            var clientKeyData: String?
        }
        struct Response: Decodable {
            var apiVersion: String?
            var kind: String?
            var status: Status?
        }
        let response: Response
        do { response = try JSONDecoder().decode(Response.self, from: output) } catch {
            throw Failure(description: "exec: executable \(config.command): decoding stdout: "
                          + (output.isEmpty ? "no output" : "not an ExecCredential JSON object"))
        }
        guard response.apiVersion == config.apiVersion.rawValue else {
            throw Failure(description: "exec plugin is configured to use API version \(config.apiVersion.rawValue), "
                          + "plugin returned version \(response.apiVersion ?? "(none)")")
        }
        guard let status = response.status else { throw Failure(description: "exec plugin didn't return a status field") }
        var credential = ExecCredential()
        credential.token = status.token.flatMap { $0.isEmpty ? nil : $0 }
        switch (status.clientCertificateData, status.clientKeyData) {
        case let (cert?, key?) where !cert.isEmpty && !key.isEmpty:
            credential.clientCertificate = .init(certificatePEM: Data(cert.utf8), keyPEM: Data(key.utf8))
        case (nil, nil), ("", ""), ("", nil), (nil, ""):
            break
        default:
            throw Failure(description: "exec plugin: clientCertificateData and clientKeyData must both be set or both be empty")
        }
        guard credential.token != nil || credential.clientCertificate != nil else {
            throw Failure(description: "exec plugin didn't return a token or cert/key pair")
        }
        if let text = status.expirationTimestamp {
            guard let date = KubeTime.parse(text) else {
                throw Failure(description: "exec plugin: expirationTimestamp \"\(text)\" is not an RFC 3339 time")
            }
            credential.expiration = date
        }
        return credential
    }

    /// An absolute path for the command: as given when it names a path, else searched in PATH.
    private func locate(_ command: String) -> String? {
        let fm = FileManager.default
        if command.contains("/") { return fm.isExecutableFile(atPath: command) ? command : nil }
        let searchPath = (config.env["PATH"] ?? baseEnvironment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin")
        for dir in searchPath.split(separator: ":") where !dir.isEmpty {
            let candidate = (String(dir) as NSString).appendingPathComponent(command)
            if fm.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }
}
