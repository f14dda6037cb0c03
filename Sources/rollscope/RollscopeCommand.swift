import APIServer
import ArgumentParser
import Console
import Foundation
import Kube
import KubeModel
import Delivery

/// The `rollscope` command line: the full-screen console by default, and its subcommands.
@main
struct RollscopeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rollscope",
        abstract: "A terminal console for Argo Rollouts and Flagger canaries.",
        discussion: "With no subcommand, opens the full-screen console (`rollscope console --help` lists its flags). Press ? in it for the keys.",
        subcommands: [ConsoleCommand.self, GetCommand.self, ListCommand.self, StatusCommand.self, DiffCommand.self, LogsCommand.self, FleetCommand.self,
                      PromoteCommand.self, AbortCommand.self, RetryCommand.self, RestartCommand.self, UndoCommand.self,
                      PauseCommand.self, ResumeCommand.self, ApproveCommand.self, HaltCommand.self, RollbackCommand.self,
                      SetCommand.self, TerminateCommand.self, LintCommand.self,
                      InfoCommand.self, VersionCommand.self, CompletionCommand.self, DemoCommand.self, BenchCommand.self],
        defaultSubcommand: ConsoleCommand.self)

    /// kubectl's habits first (global flags before the subcommand, `--version`, an unknown
    /// command refused with the nearest ones: `KubectlArguments`), then ArgumentParser, whose
    /// refusal of a flag or value is said in the same voice as every other error (`error: `,
    /// exit 1, as kubectl) with its usage line kept.
    static func main() async {
        // Before any thread has its arena: glibc sizes an arena's first heap by the top pad.
        HeapTrim.takeOver()
        let arguments: [String]
        switch KubectlArguments.normalise(Array(CommandLine.arguments.dropFirst()), commands: .init(Self.self)) {
        case .unknownCommand(let message):
            FileHandle.standardError.write(Data((message + "\n").utf8))
            Self.exit(withError: ExitCode.failure)
        case .arguments(let normalised):
            arguments = normalised
        }
        do {
            var command = try parseAsRoot(arguments)
            if var asynchronous = command as? AsyncParsableCommand {
                try await asynchronous.run()
            } else {
                try command.run()
            }
        } catch {
            if exitCode(for: error) == .validationFailure {
                let message = fullMessage(for: error)
                let voiced = message.hasPrefix("Error: ") ? "error: " + message.dropFirst("Error: ".count) : message
                FileHandle.standardError.write(Data((voiced + "\n").utf8))
                Self.exit(withError: ExitCode.failure)
            }
            exit(withError: error)
        }
    }
}

/// The full-screen console: on the current kube context, on the demo cluster with `--demo`, or
/// on a dump with `-f`. It is the default subcommand, so `rollscope --demo` opens it. (Its flags
/// live here, not on the root, so that each subcommand's own `--kubeconfig` is its own.)
struct ConsoleCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "console", abstract: "Open the full-screen console (the default).")

    @Flag(help: "Open the console on the embedded demo cluster (simulated Argo Rollouts and Flagger; no cluster needed).")
    var demo = false

    @OptionGroup var demoOptions: DemoScenarioOptions

    @Option(help: "Path to the kubeconfig file (default: $KUBECONFIG, else ~/.kube/config).")
    var kubeconfig: String?

    @Option(help: "The kubeconfig context to use (default: the current context); several, comma-separated, show those clusters together.")
    var context: String?

    @Flag(name: .customLong("all-contexts"), help: "Show every context of the kubeconfig together, one connection each.")
    var allContexts = false

    @Option(name: [.short, .long], help: "Open on this namespace (default: the context's namespace).")
    var namespace: String?

    @Flag(name: [.customShort("A"), .customLong("all-namespaces")], help: "Open on every namespace.")
    var allNamespaces = false

    @Flag(help: "No promote, abort, retry or any other change: the keys are gone and nothing is sent.")
    var readonly = false

    @Option(help: "Colour theme: default, light, mono, high-contrast, or one in $XDG_CONFIG_HOME/rollscope/themes.")
    var theme: String?

    @Flag(name: .customLong("no-color"), help: "No colour (also when NO_COLOR is set).")
    var noColor = false

    @Flag(help: "ASCII glyphs and lines (chosen automatically when the locale is not UTF-8).")
    var ascii = false

    @Option(name: [.customShort("f"), .customLong("filename")],
            help: "Open a dump read-only: a YAML or JSON file, a directory of them, or - (repeatable).")
    var filename: [String] = []

    @Option(help: "The delivery kinds listed, comma-separated (rollouts, canaries, deployments); default: the config's kinds:, else rollouts,canaries.")
    var kinds: String?

    @Option(name: .customLong("match-label"), help: "The fleet screen (F) matches applications across clusters by this label's value (e.g. app.kubernetes.io/name), in any namespace and name; default: the config's fleet: matchLabel:, else namespace and name.")
    var matchLabel: String?

    @OptionGroup var kubectl: KubectlOptions

    func validate() throws {
        if demo, !filename.isEmpty { throw ValidationError("--demo and -f cannot be used together.") }
        if allContexts, context != nil { throw ValidationError("--context and --all-contexts cannot be used together.") }
        if let matchLabel, let problem = LabelKey.problem(matchLabel) {
            throw ValidationError("--match-label: \"\(matchLabel)\" is not a label key: \(problem)")
        }
    }

    func run() async throws {
        var options = ConsoleOptions(contexts: context.map { $0.split(separator: ",").map(String.init) } ?? [],
                                     allContexts: allContexts, namespace: namespace, allNamespaces: allNamespaces, readOnly: readonly,
                                     theme: theme, noColor: noColor, ascii: ascii, kubeconfig: kubeconfig.map { [$0] } ?? [],
                                     snapshotPath: filename.isEmpty ? nil : filename.joined(separator: ", "))
        options.kinds = kinds.map { $0.split(separator: ",").map(String.init) }
        options.matchLabel = matchLabel
        let source: any ConsoleSource
        var contextNamespace: String?
        var demoCluster: RunningDemo?
        if !filename.isEmpty {
            do {
                // Shown as of when it was taken: the console's clock stands there.
                let (objects, time) = try ManifestFiles.loadDump(filename)
                options.snapshotTime = time.date
                let files = filename.map { ($0 as NSString).lastPathComponent }.joined(separator: ", ")
                let name = "\(files) as of \(KubeTime.format(time.date)) (\(time.basis.rawValue))"
                source = SnapshotSource(objects: objects, name: name, now: time.date)
            } catch {
                FileHandle.standardError.write(Data((TerminalSafe.text(CommandFailure.line(error)) + "\n").utf8))
                throw ExitCode(1)
            }
        } else {
            if demo {
                do {
                    demoCluster = try RunningDemo.start(demoOptions.demoOptions, clusters: demoOptions.clusters)
                } catch {
                    FileHandle.standardError.write(Data("error: the demo cluster did not start: \(error)\n".utf8))
                    throw ExitCode(1)
                }
                options.kubeconfig = [demoCluster!.kubeconfigPath]
                // Every cluster's admin context, in the fleet's order.
                if options.contexts.isEmpty { options.contexts = demoCluster!.fleet.adminContexts }
                if namespace == nil { options.allNamespaces = true }
            }
            let clientOptions: KubeClientOptions
            do {
                clientOptions = try kubectl.clientOptions(toStandardError: false)
            } catch {
                FileHandle.standardError.write(Data((TerminalSafe.text(CommandFailure.line(error)) + "\n").utf8))
                throw ExitCode(1)
            }
            do {
                // The config's clusters: may name the contexts shown.
                let config = try ConsoleConfig.load(path: ConsolePaths.from(environment: ProcessInfo.processInfo.environment).configFile)
                (source, contextNamespace) = try FleetSource.open(options: options, config: config, clientOptions: clientOptions)
            } catch {
                FileHandle.standardError.write(Data((TerminalSafe.text(CommandFailure.line(error)) + "\n").utf8))
                throw ExitCode(1)
            }
        }
        let status = ConsoleApp(options: options, source: source, contextNamespace: contextNamespace).run()
        demoCluster?.stop()
        if status != 0 { throw ExitCode(status) }
    }
}
