import ArgumentParser
import Foundation
import Delivery
import KubeModel

/// `rollscope get rollout|experiment|canary NAME`: the plugin's tree, once or live.
struct GetCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "get", abstract: "Show one rollout, experiment or canary with its tree (as `kubectl argo rollouts get`).",
        subcommands: [GetRollout.self, GetExperiment.self, GetCanary.self, GetDeployment.self])
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

/// What `get` shows for one kind: where to find the object, its view, its text and document,
/// and when a watch with `--until-done` is over (0 done well, 1 done badly).
private struct GetTarget<Info: Codable & Hashable & Sendable> {
    var kinds: Set<ResourceType>
    /// The kind of the object shown, read by its name alone.
    var kind: ResourceType
    /// `rollout.argoproj.io`, for the not-found error.
    var resource: String
    /// `Rollout`, to tell an object that exists but cannot be read from one that does not exist.
    var kindName: String
    var view: (ObjectSet, String) -> (info: Info, done: Int32?)?
    var text: (Info, Date, TextStyle) -> String
    var document: (Info) -> ViewDocument<Info>

    static var rollout: GetTarget<RolloutInfo> {
        GetTarget<RolloutInfo>(kinds: ReadKinds.rolloutTree, kind: .rollouts, resource: "rollout.argoproj.io", kindName: "Rollout", view: { set, name in
            set.rollout(named: name, namespace: nil).map { (RolloutInfo($0, objects: set), UntilDone.exitCode(RolloutStatus.of($0))) }
        }, text: RolloutText.rollout, document: OutputDocuments.rollout)
    }

    static var experiment: GetTarget<ExperimentInfo> {
        GetTarget<ExperimentInfo>(kinds: ReadKinds.experimentTree, kind: .experiments, resource: "experiment.argoproj.io", kindName: "Experiment", view: { set, name in
            set.experiment(named: name, namespace: nil).map { e in
                let phase = e.status.phase ?? ""
                return (ExperimentInfo(e, objects: set), phase == "Successful" ? 0 : ["Failed", "Error", "Inconclusive"].contains(phase) ? 1 : nil)
            }
        }, text: RolloutText.experiment, document: OutputDocuments.experiment)
    }

    static var canary: GetTarget<CanaryInfo> {
        GetTarget<CanaryInfo>(kinds: ReadKinds.canaryTree, kind: .canaries, resource: "canary.flagger.app", kindName: "Canary", view: { set, name in
            set.canary(named: name, namespace: nil).map { c in
                let phase = c.status.phase ?? ""
                return (CanaryInfo(c, objects: set), phase == "Succeeded" ? 0 : phase == "Failed" ? 1 : nil)
            }
        }, text: CanaryText.canary, document: OutputDocuments.canary)
    }

    static var deployment: GetTarget<DeploymentInfo> {
        GetTarget<DeploymentInfo>(kinds: ReadKinds.deploymentTree, kind: .deployments, resource: "deployments.apps", kindName: "Deployment", view: { set, name in
            set.deployments.first { $0.metadata.name == name }.map { d in
                let verdict = DeploymentStatus.of(d).verdict
                return (DeploymentInfo(d, objects: set), verdict == .rolledOut ? 0 : verdict == .failed ? 1 : nil)
            }
        }, text: DeploymentText.deployment, document: OutputDocuments.deployment)
    }

    /// Prints the object once, or repaints it in place at every change with `--watch`.
    func show(_ options: GetOptions) async throws {
        let source = try options.source.source(kinds, named: (kind, options.name))
        let format = options.output.format
        let style = options.output.style
        let notFound = "Error: \(resource) \"\(options.name)\" not found"
        /// Not found, or found but unreadable (with the reason).
        func missing(_ set: ObjectSet) -> String {
            set.unreadable(kindName, named: options.name, namespace: nil).map { "Error: \($0.description)" } ?? notFound
        }
        func render(_ set: ObjectSet) throws -> (text: String, done: Int32?)? {
            guard let (info, done) = view(set, options.name) else { return nil }
            return (try format.map { try $0.render(document(info)) } ?? text(info, Date(), style), done)
        }
        if !options.watch {
            let set = try await source.snapshot()
            guard let frame = try render(set) else { throw CommandFailure(missing(set)) }
            emit(frame.text)
            return
        }
        var screen = InPlaceRepaint()
        let terminal = isatty(STDOUT_FILENO) == 1
        for try await set in source.changes() {
            let frame = try render(set)
            let text = frame?.text ?? missing(set) + "\n"
            // On a pipe every frame is printed whole; on a terminal it is repainted in place.
            emit(terminal ? screen.frame(text) : text + "\n")
            if options.untilDone, let code = frame?.done { throw ExitCode(code) }
        }
    }
}

struct GetRollout: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "rollout", abstract: "A rollout with its revisions, ReplicaSets, pods, analysis runs and experiments.",
                                                    aliases: ["rollouts", "ro"])
    @OptionGroup var options: GetOptions
    func run() async throws { try await reportingFailures { try await GetTarget<RolloutInfo>.rollout.show(options) } }
}

struct GetExperiment: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "experiment", abstract: "An experiment with its ReplicaSets, pods and analysis runs.",
                                                    aliases: ["experiments", "exp"])
    @OptionGroup var options: GetOptions
    func run() async throws { try await reportingFailures { try await GetTarget<ExperimentInfo>.experiment.show(options) } }
}

struct GetCanary: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "canary", abstract: "A Flagger canary with its primary and canary Deployments, pods and gates.",
                                                    aliases: ["canaries"])
    @OptionGroup var options: GetOptions
    func run() async throws { try await reportingFailures { try await GetTarget<CanaryInfo>.canary.show(options) } }
}

struct GetDeployment: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "deployment", abstract: "A plain Deployment as `kubectl rollout status` sees it, with its revisions, ReplicaSets and pods.",
                                                    aliases: ["deployments", "deploy"])
    @OptionGroup var options: GetOptions
    func run() async throws { try await reportingFailures { try await GetTarget<DeploymentInfo>.deployment.show(options) } }
}
