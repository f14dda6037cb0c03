import ArgumentParser
import Foundation
import Delivery
import KubeModel

/// `rollscope list rollouts|canaries|experiments`: tables as `kubectl argo rollouts list`.
struct ListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list", abstract: "List rollouts, canaries or experiments (as `kubectl argo rollouts list`).",
        subcommands: [ListRollouts.self, ListCanaries.self, ListExperiments.self, ListDeployments.self])
}

/// The flags every `list` shares.
struct ListOptions: ParsableArguments {
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

    var format: OutputFormat? { output.flatMap(OutputFormat.init(rawValue:)) }
}

/// Names on standard error each object of `kind` that exists but could not be read (it is not in the table).
func reportUnreadable(_ set: ObjectSet, _ kind: String) {
    for entry in set.unreadable where entry.kind == kind {
        FileHandle.standardError.write(Data("warning: \(entry.description) (left out)\n".utf8))
    }
}

struct ListRollouts: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "rollouts", abstract: "List rollouts.", aliases: ["rollout", "ro"])
    @OptionGroup var options: ListOptions

    func run() async throws {
        try await reportingFailures {
            // The plugin's table needs the Rollouts alone; the wide and document views show their trees' figures.
            let plain = options.output == nil || (options.output == "wide" && options.watch)
            let source = try options.source.source(plain ? [.rollouts] : ReadKinds.rolloutTree)
            let all = options.source.allNamespaces
            let initial = try await source.snapshot()
            reportUnreadable(initial, "Rollout")
            if let format = options.format {
                emit(try format.render(OutputDocuments.rollouts(initial.rollouts.map { RolloutInfo($0, objects: initial) })))
                return
            }
            if options.output == "wide", !options.watch {
                let text = ListText.rolloutsWide(initial.rollouts.map { RolloutInfo($0, objects: initial) }, allNamespaces: all, now: Date())
                if text.isEmpty { FileHandle.standardError.write(Data(ListText.noResources.utf8)) }
                emit(text)
                return
            }
            let textOptions = ListText.Options(allNamespaces: all, timestamp: options.timestamps ? Date() : nil)
            let table = ListText.rollouts(initial.rollouts, options: textOptions)
            if table.isEmpty, !options.watch { FileHandle.standardError.write(Data(ListText.noResources.utf8)) }
            emit(table)
            guard options.watch else { return }
            var watch = RolloutListWatch(initial: initial.rollouts, options: textOptions)
            for try await set in source.changes() {
                for rollout in set.rollouts {
                    if options.timestamps { watch.options.timestamp = Date() }
                    if let line = watch.update(rollout) { emit(line) }
                }
            }
        }
    }
}

struct ListCanaries: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "canaries", abstract: "List Flagger canaries.", aliases: ["canary"])
    @OptionGroup var options: ListOptions

    func run() async throws {
        try await reportingFailures {
            let source = try options.source.source(ReadKinds.canaryTree)
            var screen = InPlaceRepaint()
            var first = true
            for try await set in source.changes() {
                if first { reportUnreadable(set, "Canary"); first = false }
                let infos = set.canaries.map { CanaryInfo($0, objects: set) }
                let text: String
                if let format = options.format {
                    text = try format.render(OutputDocuments.canaries(infos))
                } else {
                    text = CanaryText.list(infos, allNamespaces: options.source.allNamespaces, wide: options.output == "wide", now: Date())
                    if text.isEmpty, !options.watch { FileHandle.standardError.write(Data(ListText.noResources.utf8)) }
                }
                emit(options.watch ? screen.frame(text) : text)
                if !options.watch { return }
            }
        }
    }
}

struct ListExperiments: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "experiments", abstract: "List experiments.", aliases: ["experiment", "exp"])
    @OptionGroup var options: ListOptions

    func run() async throws {
        try await reportingFailures {
            // The table needs the Experiments alone; the documents show their trees.
            let source = try options.source.source(options.format == nil ? [.experiments] : ReadKinds.experimentTree)
            let set = try await source.snapshot()
            reportUnreadable(set, "Experiment")
            if let format = options.format {
                let infos = set.experiments.map { ExperimentInfo($0, objects: set) }
                emit(try format.render(ViewList(kind: "ExperimentViewList", items: infos)))
                return
            }
            let text = ListText.experiments(set.experiments, allNamespaces: options.source.allNamespaces, now: Date())
            if text.isEmpty { FileHandle.standardError.write(Data(ListText.noResources.utf8)) }
            emit(text)
        }
    }
}

struct ListDeployments: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "deployments", abstract: "List plain Deployments with their rollout status.", aliases: ["deployment", "deploy"])
    @OptionGroup var options: ListOptions

    func run() async throws {
        try await reportingFailures {
            let source = try options.source.source(ReadKinds.deploymentTree)
            let set = try await source.snapshot()
            reportUnreadable(set, "Deployment")
            let infos = set.deployments.map { DeploymentInfo($0, objects: set) }
            if let format = options.format {
                emit(try format.render(OutputDocuments.deployments(infos)))
                return
            }
            let text = DeploymentText.list(infos, allNamespaces: options.source.allNamespaces, now: Date())
            if text.isEmpty { FileHandle.standardError.write(Data(ListText.noResources.utf8)) }
            emit(text)
        }
    }
}
