import ArgumentParser
import Foundation
import Kube
import KubeModel
import Delivery

/// Where a read command's objects come from: the cluster of a kubeconfig context, or files (`-f`).
struct SourceOptions: ParsableArguments {
    @Option(help: "Path to the kubeconfig file (default: $KUBECONFIG, else ~/.kube/config).")
    var kubeconfig: String?

    @Option(help: "The kubeconfig context to use (default: the current context).")
    var context: String?

    @Option(name: [.short, .long], help: "The namespace (default: the context's namespace, else `default`).")
    var namespace: String?

    @Flag(name: [.customShort("A"), .customLong("all-namespaces")], help: "Every namespace.")
    var allNamespaces = false

    @Option(name: [.customShort("f"), .customLong("filename")],
            help: "Read objects from a YAML or JSON file, a directory of them, or - for standard input (repeatable); no cluster is needed.")
    var filename: [String] = []

    @OptionGroup var kubectl: KubectlOptions

    /// The kubeconfig as resolved (context, namespace), or a one-line error naming the cause.
    func clientConfig() throws -> ClientConfig {
        try Self.clientConfig(KubeconfigOptions(kubeconfig: kubeconfig, context: context, namespace: namespace, allNamespaces: allNamespaces))
    }

    static func clientConfig(_ options: KubeconfigOptions) throws -> ClientConfig {
        let config: ClientConfig
        do {
            config = try KubeconfigLoader().load(options)
        } catch {
            throw CommandFailure(error)
        }
        if config.insecure { _ = insecureWarning }
        return config
    }

    /// Said once on standard error, as the console's header says it, when the context skips TLS verification.
    private static let insecureWarning: Void = FileHandle.standardError.write(Data(
        "warning: insecure-skip-tls-verify is set: the server's certificate is not checked; anyone on the path can read and change this traffic\n".utf8))

    /// The source for `kinds`: files when `-f` was given, else the cluster, where the object a
    /// command is about (`named`) is read by its name alone.
    func source(_ kinds: Set<ResourceType>, named: (kind: ResourceType, name: String)? = nil) throws -> any ObjectSource {
        if !filename.isEmpty {
            do {
                let set = try ManifestFiles.load(filename)
                return FileObjectSource(objects: set, namespace: allNamespaces ? nil : namespace)
            } catch {
                throw CommandFailure(error)
            }
        }
        let config = try clientConfig()
        let clientOptions = try kubectl.clientOptions(toStandardError: true)
        let client: KubeClient
        do {
            client = try KubeClient(config: config, options: clientOptions)
        } catch {
            throw CommandFailure(error)
        }
        return ClusterObjectSource(client: client, namespace: allNamespaces ? nil : config.namespace, kinds: kinds, named: named)
    }
}

/// A command that failed with a message for standard error and an exit code (1 unless said).
struct CommandFailure: Error, CustomStringConvertible {
    var description: String
    var exitCode: Int32
    init(_ message: String, exitCode: Int32 = 1) {
        description = message
        self.exitCode = exitCode
    }

    /// An error in kubectl's one voice: a server's answer as kubectl prints it
    /// (`Error from server (ServiceUnavailable): message`), anything else after one `error: `,
    /// never two.
    init(_ error: any Error) {
        self.init(Self.line(error))
    }

    static func line(_ error: any Error) -> String {
        if let failure = error as? CommandFailure { return failure.description }
        let text = String(describing: error)
        if let kube = error as? KubeError, kube.httpStatus != nil, text.hasPrefix("Error from server") { return text }
        return text.hasPrefix("error: ") ? text : "error: " + text
    }
}

extension ParsableCommand {
    /// Runs `body`, printing a `CommandFailure` (or any error) as one line on standard error and
    /// exiting with its code, as kubectl does, instead of ArgumentParser's usage text. The line
    /// goes through `TerminalSafe` (it can quote an object or the server).
    func reportingFailures(_ body: () async throws -> Void) async throws {
        do {
            try await body()
        } catch let failure as CommandFailure {
            FileHandle.standardError.write(Data((TerminalSafe.text(failure.description) + "\n").utf8))
            throw ExitCode(failure.exitCode)
        } catch let exit as ExitCode {
            throw exit
        } catch {
            FileHandle.standardError.write(Data((TerminalSafe.text(CommandFailure.line(error)) + "\n").utf8))
            throw ExitCode(1)
        }
    }
}
