import ArgumentParser
import Foundation
import Delivery
import KubeModel

/// `rollscope fleet [NAME]`: where each release stands across clusters (`FleetLineup`): the
/// Rollouts and Canaries of each application lined up by cluster, then a line per application.
struct FleetCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fleet", abstract: "Where each release stands across clusters: the rollouts and canaries of each application, cluster by cluster.",
        discussion: """
        Reads the contexts named by --context a,b,c (in that order) or --all-contexts (by name), else the current one, \
        and lines up the rollouts and canaries of the same application: the same namespace and name, or with --match-label \
        the same value of that label. A cluster that cannot be read is named on standard error (exit 1); the others are shown.
        """)

    @Argument(help: "One application: namespace/name, a rollout's or canary's name, or the label's value with --match-label.")
    var name: String?

    @Option(name: .customLong("match-label"), help: "Match applications across clusters by this label's value (e.g. app.kubernetes.io/name) instead of namespace and name.")
    var matchLabel: String?

    @Option(name: [.short, .customLong("output")], help: "Output format: json or yaml (a FleetApplicationList; see docs/output-schema.md).")
    var output: String?

    @OptionGroup var source: SourceOptions

    func validate() throws {
        if let output, OutputFormat(rawValue: output) == nil { throw ValidationError("--output must be json or yaml, not \(output)") }
        if let matchLabel, matchLabel.isEmpty { throw ValidationError("--match-label needs a label key") }
        if let matchLabel, let problem = LabelKey.problem(matchLabel) {
            throw ValidationError("--match-label: \"\(matchLabel)\" is not a label key: \(problem)")
        }
    }

    func run() async throws {
        try await reportingFailures {
            guard source.filename.isEmpty else { throw CommandFailure("error: fleet reads clusters, not files (-f)") }
            // The current context when none is named, under its own name.
            let contexts = try source.contextNames()
            let names = contexts.isEmpty ? [try source.clientConfig().contextName] : contexts
            let read = try await source.snapshots([.rollouts, .replicaSets, .canaries, .deployments], contexts: names, skippingUnserved: true)
            for failure in read.failures { FileHandle.standardError.write(Data((TerminalSafe.text(failure) + "\n").utf8)) }
            let lineup = FleetLineup(read.clusters, match: matchLabel.map { .label($0) } ?? .namespaceAndName, named: name)
            if let format = output.flatMap(OutputFormat.init(rawValue:)) {
                emit(try format.render(FleetText.document(lineup)))
            } else {
                let text = FleetText.lineup(lineup)
                if text.isEmpty, !read.clusters.isEmpty { FileHandle.standardError.write(Data(ListText.noResources.utf8)) }
                emit(text)
            }
            if !read.failures.isEmpty { throw ExitCode(1) }
        }
    }
}
