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
        let name = words[words.count - 1]
        let kinds: [ResourceType]
        if words.count == 2 {
            let kind = try commandLineKind(words[0]).resource
            guard Self.reads[kind] != nil else { throw CommandFailure("error: diff compares the revisions of a rollout or a canary, not of \(kind.plural)") }
            kinds = [kind]
        } else {
            kinds = [.rollouts, .canaries]
        }
        // Without KIND, a cluster that serves only one of the tools still finds the other's object.
        var failures: [any Error] = []
        for kind in kinds {
            let set: ObjectSet
            do {
                set = try await source.source(Self.reads[kind]!, named: (kind, name)).snapshot()
            } catch {
                failures.append(error)
                continue
            }
            let outcome: Result<RevisionDiff, RevisionDiffError>? = if kind == .rollouts {
                set.rollout(named: name, namespace: nil).map { RevisionDiff.of($0, objects: set) }
            } else {
                set.canary(named: name, namespace: nil).map { RevisionDiff.of($0, objects: set) }
            }
            switch outcome {
            case let .success(diff)?: return diff
            case let .failure(error)?: throw CommandFailure("error: \(error)")
            case nil: continue
            }
        }
        if failures.count == kinds.count, let first = failures.first { throw first }
        let what = kinds.count == 1 ? "\(kinds[0].plural).\(kinds[0].group)" : "rollouts.argoproj.io or canaries.flagger.app"
        throw CommandFailure("Error: \(what) \"\(name)\" not found")
    }
}
