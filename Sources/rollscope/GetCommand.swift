import ArgumentParser
import Foundation
import Rollouts

/// `rollscope get rollout|experiment|canary NAME`: the plugin's tree, once or live.
struct GetCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "get", abstract: "Show one rollout, experiment or canary with its tree (as `kubectl argo rollouts get`).",
        subcommands: [GetRollout.self, GetExperiment.self, GetCanary.self])
}

/// The flags every `get` shares.
struct GetOptions: ParsableArguments {
    @Argument(help: "The object's name.")
    var name: String

    @Flag(name: [.short, .long], help: "Repaint in place whenever it changes (Ctrl-C stops).")
    var watch = false

    @Flag(name: .customLong("until-done"), help: "With --watch: exit 0 once Healthy, 1 once Degraded (for release pipelines).")
    var untilDone = false

    @OptionGroup var source: SourceOptions
    @OptionGroup var output: OutputOptions
}

/// Renders one object from a snapshot: text, json or yaml, and whether it is finished.
private struct Frame {
    var text: String
    var done: Int32?
}

private func showObject(_ options: GetOptions, kinds: Set<ObjectKind>, notFound: String, render: @escaping (ObjectSet) throws -> Frame?) async throws {
    let source = try options.source.source(kinds)
    if !options.watch {
        let set = try await source.snapshot()
        guard let frame = try render(set) else { throw CommandFailure(notFound) }
        emit(frame.text)
        return
    }
    var screen = InPlaceOutput()
    for try await set in source.changes() {
        guard let frame = try render(set) else {
            screen.show(notFound + "\n")
            continue
        }
        screen.show(frame.text)
        if options.untilDone, let code = frame.done { throw ExitCode(code) }
    }
}

struct GetRollout: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "rollout", abstract: "A rollout with its revisions, ReplicaSets, pods, analysis runs and experiments.",
                                                    aliases: ["rollouts", "ro"])
    @OptionGroup var options: GetOptions

    func run() async throws {
        let format = options.output.format
        let style = options.output.style
        let name = options.name
        try await reportingFailures {
            try await showObject(options, kinds: ObjectKind.rolloutTree, notFound: "Error: rollout.argoproj.io \"\(name)\" not found") { set in
                guard let rollout = set.rollout(named: name, namespace: nil) else { return nil }
                let info = RolloutInfo(rollout, objects: set)
                let text = try format.map { try $0.render(OutputDocuments.rollout(info)) } ?? RolloutText.rollout(info, now: Date(), style: style)
                let phase = RolloutStatus.of(rollout).phase
                return Frame(text: text, done: phase == .healthy ? 0 : phase == .degraded ? 1 : nil)
            }
        }
    }
}

struct GetExperiment: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "experiment", abstract: "An experiment with its ReplicaSets, pods and analysis runs.",
                                                    aliases: ["experiments", "exp"])
    @OptionGroup var options: GetOptions

    func run() async throws {
        let format = options.output.format
        let style = options.output.style
        let name = options.name
        try await reportingFailures {
            try await showObject(options, kinds: ObjectKind.experimentTree, notFound: "Error: experiment.argoproj.io \"\(name)\" not found") { set in
                guard let experiment = set.experiment(named: name, namespace: nil) else { return nil }
                let info = ExperimentInfo(experiment, objects: set)
                let text = try format.map { try $0.render(OutputDocuments.experiment(info)) } ?? RolloutText.experiment(info, now: Date(), style: style)
                let phase = experiment.status.phase ?? ""
                return Frame(text: text, done: phase == "Successful" ? 0 : ["Failed", "Error", "Inconclusive"].contains(phase) ? 1 : nil)
            }
        }
    }
}

struct GetCanary: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "canary", abstract: "A Flagger canary with its primary and canary Deployments, pods and gates.",
                                                    aliases: ["canaries"])
    @OptionGroup var options: GetOptions

    func run() async throws {
        let format = options.output.format
        let style = options.output.style
        let name = options.name
        try await reportingFailures {
            try await showObject(options, kinds: ObjectKind.canaryTree, notFound: "Error: canary.flagger.app \"\(name)\" not found") { set in
                guard let canary = set.canary(named: name, namespace: nil) else { return nil }
                let info = CanaryInfo(canary, objects: set)
                let text = try format.map { try $0.render(OutputDocuments.canary(info)) } ?? CanaryText.canary(info, now: Date(), style: style)
                let phase = canary.status.phase ?? ""
                return Frame(text: text, done: phase == "Succeeded" ? 0 : phase == "Failed" ? 1 : nil)
            }
        }
    }
}
