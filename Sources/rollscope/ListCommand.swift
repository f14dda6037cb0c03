import ArgumentParser
import Console
import Foundation
import Delivery
import KubeModel

/// `rollscope list KIND`: tables as `kubectl argo rollouts list`; KIND through the registry.
struct ListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list", abstract: "List rollouts, canaries, deployments or experiments (as `kubectl argo rollouts list`).",
        discussion: kindsHelp)

    @Argument(help: "The kind (rollouts, canaries, deployments, experiments, or a singular, short name or kind.group).",
              completion: .list(DeliveryRegistry.commandLineKinds.completionNames))
    var kind: String

    @Flag(name: [.short, .long], help: "Keep watching: append a line whenever a row changes (Ctrl-C stops).")
    var watch = false

    @Flag(help: "With --watch: prefix each row with the time it was printed.")
    var timestamps = false

    @Option(name: [.short, .customLong("output")], help: "Output format: json, yaml or wide (more columns where they exist).")
    var output: String?

    @OptionGroup var source: SourceOptions

    func validate() throws {
        if let output, output != "wide", OutputFormat(rawValue: output) == nil {
            throw ValidationError("--output must be json, yaml or wide, not \(output)")
        }
    }

    func run() async throws { try await reportingFailures { try await list(try commandLineKind(kind)) } }

    /// Prints the table or document once; with `--watch`, goes on as the kind watches.
    private func list(_ kind: CommandLineKind) async throws {
        let request = CommandLineKind.ListRequest(format: output.flatMap(OutputFormat.init(rawValue:)), wide: output == "wide", watch: watch,
                                                  timestamps: timestamps, allNamespaces: source.allNamespaces)
        let contexts = try source.contextNames()
        if contexts.count > 1 {
            if kind.watches(request) { try source.oneCluster("list --watch") }
            return try await list(kind, request, contexts: contexts)
        }
        let source = try self.source.source(kind.list.reads(request))
        /// The first snapshot's text, said "No resources found." of on standard error when empty and final.
        func first(_ set: ObjectSet) throws -> String {
            reportUnreadable(set, kind.resource.kind)
            let text = try kind.list.render(set, request, Date())
            if kind.saysNoResources(text, request) { FileHandle.standardError.write(Data(ListText.noResources.utf8)) }
            return text
        }
        switch kind.list.watching {
        case .repaint where kind.watches(request):
            var screen = InPlaceRepaint()
            var isFirst = true
            for try await set in source.changes() {
                emit(screen.frame(try isFirst ? first(set) : kind.list.render(set, request, Date())))
                isFirst = false
            }
        case let .appendLines(start) where kind.watches(request):
            let initial = try await source.snapshot()
            emit(try first(initial))
            let lines = start(initial, request)
            for try await set in source.changes() {
                for line in lines(set) { emit(line) }
            }
        default:
            emit(try first(try await source.snapshot()))
        }
    }

    /// Several clusters, read at once: one table with CLUSTER first (or one document whose items
    /// carry their cluster) of those that answered; each that did not is named on standard error
    /// and the command exits 1.
    private func list(_ kind: CommandLineKind, _ request: CommandLineKind.ListRequest, contexts: [String]) async throws {
        let read = try await source.snapshots(kind.list.reads(request), contexts: contexts)
        for failure in read.failures { FileHandle.standardError.write(Data((TerminalSafe.text(failure) + "\n").utf8)) }
        for cluster in read.clusters { reportUnreadable(cluster.objects, kind.resource.kind, context: cluster.cluster) }
        let text = try kind.list.render(clusters: read.clusters, request, Date())
        if kind.saysNoResources(text, request), !read.clusters.isEmpty { FileHandle.standardError.write(Data(ListText.noResources.utf8)) }
        emit(text)
        if !read.failures.isEmpty { throw ExitCode(1) }
    }
}

/// Names on standard error each object of `kind` that exists but could not be read (it is not
/// in the table), with its context when several clusters were read.
func reportUnreadable(_ set: ObjectSet, _ kind: String, context: String? = nil) {
    for entry in set.unreadable where entry.kind == kind {
        let prefix = context.map { "context \(TerminalSafe.text($0)): " } ?? ""
        FileHandle.standardError.write(Data("warning: \(prefix)\(entry.description) (left out)\n".utf8))
    }
}
