import ArgumentParser
import Foundation
import Kube
import KubeModel
import Delivery

/// Where a read command's objects come from: the cluster of a kubeconfig context, or files (`-f`).
struct SourceOptions: ParsableArguments {
    @Option(help: "Path to the kubeconfig file (default: $KUBECONFIG, else ~/.kube/config).")
    var kubeconfig: String?

    @Option(help: "The kubeconfig context to use (default: the current context); `list` and `fleet` read several, comma-separated (a,b).")
    var context: String?

    @Flag(name: .customLong("all-contexts"), help: "`list` and `fleet`: read every context of the kubeconfig.")
    var allContexts = false

    @Option(name: [.short, .long], help: "The namespace (default: the context's namespace, else `default`).")
    var namespace: String?

    @Flag(name: [.customShort("A"), .customLong("all-namespaces")], help: "Every namespace.")
    var allNamespaces = false

    @Option(name: [.customShort("f"), .customLong("filename")],
            help: "Read objects from a YAML or JSON file, a directory of them, or - for standard input (repeatable); no cluster is needed.")
    var filename: [String] = []

    @OptionGroup var kubectl: KubectlOptions

    /// The contexts named by `--context a,b` (in that order, each once) or `--all-contexts` (every
    /// context of the kubeconfig, by name, as `kubectl config get-contexts` lists them); empty
    /// when neither names any (the current context).
    func contextNames() throws -> [String] {
        if allContexts {
            let merged: MergedKubeconfig
            do {
                let loader = KubeconfigLoader()
                merged = try KubeconfigLoader.merge(try loader.kubeconfigPaths(KubeconfigOptions(kubeconfig: kubeconfig)))
            } catch {
                throw CommandFailure(error)
            }
            guard !merged.contexts.isEmpty else { throw CommandFailure("error: --all-contexts: the kubeconfig has no contexts") }
            return merged.contexts.keys.sorted()
        }
        var seen = Set<String>()
        return (context ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty && seen.insert($0).inserted }
    }

    /// Fails, in kubectl's voice, when several contexts are named to `command`, which reads one
    /// cluster (`get`, `status`, `list --watch`).
    func oneCluster(_ command: String) throws {
        try refusingSeveralContexts(try contextNames(), flag: allContexts ? "--all-contexts" : "--context", command: command, verb: "reads")
    }

    /// The kubeconfig as resolved (context, namespace), or a one-line error naming the cause.
    func clientConfig() throws -> ClientConfig {
        try clientConfig(context: try contextNames().first)
    }

    /// The kubeconfig as resolved for `context` (nil: the current one).
    func clientConfig(context: String?) throws -> ClientConfig {
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
        return try clusterSource(kinds, context: try contextNames().first, clientOptions: try kubectl.clientOptions(toStandardError: true), named: named)
    }

    /// The source of one context's cluster: its own client (credentials) and namespace.
    private func clusterSource(_ kinds: Set<ResourceType>, context: String?, clientOptions: KubeClientOptions,
                               named: (kind: ResourceType, name: String)? = nil, skippingUnserved: Bool = false) throws -> ClusterObjectSource {
        let config = try clientConfig(context: context)
        let client: KubeClient
        do {
            client = try KubeClient(config: config, options: clientOptions)
        } catch {
            throw CommandFailure(error)
        }
        return ClusterObjectSource(client: client, namespace: allNamespaces ? nil : config.namespace, kinds: kinds, named: named,
                                   skippingUnserved: skippingUnserved)
    }

    /// Snapshots of `kinds` in each of `contexts`, read at once (a client per context, with its
    /// own credentials and namespace): those read, in the contexts' order, and for each context
    /// that failed (unreachable, forbidden, a kind not served unless `skippingUnserved`, its
    /// kubeconfig entry unusable) its error in kubectl's voice, prefixed with the context
    /// (`error: context prod-us: Unable to connect to the server: ...`). One failing never stops the others.
    func snapshots(_ kinds: Set<ResourceType>, contexts: [String], skippingUnserved: Bool = false) async throws
        -> (clusters: [ClusterObjects], failures: [String]) {
        if !filename.isEmpty {
            throw CommandFailure("error: --filename reads files, not clusters; --\(allContexts ? "all-contexts" : "context") names \(contexts.count) (\(contexts.joined(separator: ",")))")
        }
        let clientOptions = try kubectl.clientOptions(toStandardError: true)
        // A client per context, made here (no request yet); an unusable kubeconfig entry is that context's failure.
        let sources = contexts.map { context in
            Result { try clusterSource(kinds, context: context, clientOptions: clientOptions, skippingUnserved: skippingUnserved) }
        }
        let results = await withTaskGroup(of: (Int, Result<ObjectSet, any Error>).self) { group in
            for (index, source) in sources.enumerated() {
                group.addTask {
                    do {
                        return (index, .success(try await source.get().snapshot()))
                    } catch {
                        return (index, .failure(error))
                    }
                }
            }
            var results: [Int: Result<ObjectSet, any Error>] = [:]
            for await (index, result) in group { results[index] = result }
            return results
        }
        var clusters: [ClusterObjects] = []
        var failures: [String] = []
        for (index, context) in contexts.enumerated() {
            switch results[index]! {
            case .success(let objects): clusters.append(ClusterObjects(cluster: context, objects: objects))
            case .failure(let error):
                let line = CommandFailure.line(error)
                failures.append("error: context \(context): " + (line.hasPrefix("error: ") ? String(line.dropFirst(7)) : line))
            }
        }
        return (clusters, failures)
    }
}

/// Fails when `names` holds several contexts for `command`, which works on one cluster:
/// `error: get reads one cluster; --context names 2 (a,b)`.
func refusingSeveralContexts(_ names: [String], flag: String, command: String, verb: String) throws {
    guard names.count > 1 else { return }
    throw CommandFailure("error: \(command) \(verb) one cluster; \(flag) names \(names.count) (\(names.joined(separator: ",")))")
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
