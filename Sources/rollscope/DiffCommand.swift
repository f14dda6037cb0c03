import ArgumentParser
import Foundation
import Delivery
import KubeModel

/// `rollscope diff [KIND] NAME`: what changes from the revision serving now to the one being
/// released, as a unified diff of the two pod templates (`RevisionDiff`). KIND resolves as in
/// `get` (a Rollout or a Canary); without it, a Rollout of that name, else a Canary.
struct DiffCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "diff",
        abstract: "Show what changes from the serving revision to the new one, as a unified diff of their pod templates.",
        discussion: """
            A Rollout: its stable ReplicaSet against its canary one (blue/green: active against preview). A Canary: \
            its target's -primary workload against the target. The rollouts-pod-template-hash and pod-template-hash \
            labels are left out. Prints "no difference between A and B" when the templates are the same. Exits 0 either way, 1 on an error.
            """)

    @Argument(help: "rollout or canary (as `get` resolves kinds), then the name; or the name alone.")
    var words: [String]

    @Option(help: "Colour: auto (when standard output is a terminal and NO_COLOR is not set), always, never.")
    var color: ColorChoice = .auto

    @Option(name: [.short, .customLong("output")], help: "Output format: json or yaml (a RevisionDiffView; see docs/output-schema.md).")
    var output: String?

    @OptionGroup var source: SourceOptions

    /// `--color`.
    enum ColorChoice: String, ExpressibleByArgument, CaseIterable {
        case auto, always, never
    }

    func validate() throws {
        guard (1...2).contains(words.count) else { throw ValidationError("give NAME, or KIND NAME") }
        if let output, OutputFormat(rawValue: output) == nil { throw ValidationError("--output must be json or yaml, not \(output)") }
    }

    func run() async throws {
        try await reportingFailures {
            let diff = try await revisionDiff()
            if let format = output.flatMap(OutputFormat.init(rawValue:)) {
                emit(try format.render(OutputDocuments.revisionDiff(diff)))
            } else {
                emit(diff.diff.isEmpty ? diff.identicalMessage + "\n" : diff.text(color: useColor))
            }
        }
    }

    private var useColor: Bool {
        switch color {
        case .always: true
        case .never: false
        case .auto: isatty(STDOUT_FILENO) == 1 && (ProcessInfo.processInfo.environment["NO_COLOR"] ?? "").isEmpty
        }
    }

    /// The reads of each kind a diff is made for.
    private static let reads: [ResourceType: Set<ResourceType>] = [
        .rollouts: [.rollouts, .replicaSets],
        .canaries: [.canaries, .deployments],
    ]

    private func revisionDiff() async throws -> RevisionDiff {
        let outcome = switch try await Release.find(words, in: source, reads: Self.reads, purpose: "diff compares the revisions of") {
        case let .rollout(rollout, set): RevisionDiff.of(rollout, objects: set)
        case let .canary(canary, set): RevisionDiff.of(canary, objects: set)
        }
        switch outcome {
        case let .success(diff): return diff
        case let .failure(error): throw CommandFailure("error: \(error)")
        }
    }
}
