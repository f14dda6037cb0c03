import Foundation
import TerminalUI

/// The console, ready to run: the executable parses flags into `ConsoleOptions`, builds a
/// source (`LiveSource` on a kubeconfig context or the demo server, `SnapshotSource` for
/// `-f`), and calls `run()`, which owns the terminal until the operator quits.
public struct ConsoleApp {
    public var options: ConsoleOptions
    public var source: any ConsoleSource
    /// The kubeconfig context's default namespace, used when neither `-n` nor `-A` is given.
    public var contextNamespace: String?
    public var environment: [String: String]

    public init(options: ConsoleOptions, source: any ConsoleSource, contextNamespace: String? = nil,
                environment: [String: String] = ProcessInfo.processInfo.environment) {
        self.options = options
        self.source = source
        self.contextNamespace = contextNamespace
        self.environment = environment
    }

    /// Runs the console; returns the process exit status (0 on quit, 2 on a bad config file
    /// or an unusable terminal, with the reason on standard error).
    public func run() -> Int32 {
        let paths = ConsolePaths.from(environment: environment)
        let config: ConsoleConfig
        let keys: KeyTable
        let deliveries: DeliveryRegistry
        do {
            config = try ConsoleConfig.load(path: paths.configFile)
            keys = try config.keyTable()
            deliveries = try options.deliveries(config: config)
        } catch {
            Self.fail("rollscope: \(error)")
            return 2
        }
        let noColor = options.noColor || ColorCapability.noColorRequested(environment: environment)
        let session: TerminalSession
        var terminalOptions = TerminalOptions(forceASCII: options.ascii, noColor: noColor)
        // `rollscope -f -` read the dump from standard input to its end: keys come from the
        // controlling terminal instead, as `less` takes them.
        let keyboard = isatty(0) == 1 ? -1 : open("/dev/tty", O_RDONLY | O_CLOEXEC)
        defer { if keyboard >= 0 { close(keyboard) } }
        if keyboard >= 0 { terminalOptions.inputDescriptor = keyboard }
        do {
            session = try TerminalSession.start(terminalOptions, environment: environment)
        } catch {
            Self.fail("rollscope: \(error)")
            return error.exitCode
        }
        defer { session.stop() }
        var terminal: any ConsoleTerminal = session
        if let path = environment["ROLLSCOPE_FRAME_TRACE"] {
            do { terminal = try FrameTracingTerminal(base: session, path: path) } catch {
                session.stop()
                Self.fail("rollscope: \(error)")
                return 2
            }
        }
        let (theme, themeError) = ThemeCatalog.standard(environment: environment)
            .load(options.theme ?? config.theme ?? "default")
        session.screen.theme = theme

        let readOnly = options.isReadOnly(config: config)
        // An explicit -n watches that namespace only; otherwise the list watches each cluster
        // whole, so switching namespace is instant.
        let watchAll = options.namespace == nil || options.allNamespaces
        let clusters = source.clusters.map {
            ClusterState(id: $0.id, identity: $0.identity, watchAllNamespaces: watchAll, settings: config.settings(for: $0.identity.context))
        }
        var state = ConsoleState(clusters: clusters, scope: options.scope(contextNamespace: contextNamespace),
                                 readOnly: readOnly, bellOnPromotionWait: config.bell, keys: keys, now: Date())
        state.logLineLimit = config.logLines
        state.clusterSettings = Dictionary(config.clusters.map { ($0.context, $0) }, uniquingKeysWith: { first, _ in first })
        state.served = source.initiallyServed
        state.kubeconfigContexts = source.contextNames
        state.deliveries = deliveries
        source.enable(deliveries)
        // A dump is shown as of when it was taken.
        state.timeStandsAt = options.snapshotTime
        if let warning = themeError.map({ "theme: \($0)" }) ?? session.localeWarning {
            state.statusLine = StatusMessage(warning, isError: true)
        }
        let readOnlyClusters = Set(clusters.filter(\.settings.readOnly).map(\.id))
        let runner = EffectRunner(source: source, readOnly: readOnly, readOnlyClusters: readOnlyClusters, audit: AuditLog(path: paths.auditLog))
        return ConsoleLoop(state: state, terminal: terminal, source: source, runner: runner, frameRate: config.frameRate).run()
    }

    private static func fail(_ message: String) {
        FileHandle.standardError.write(Data((message + "\n").utf8))
    }
}
