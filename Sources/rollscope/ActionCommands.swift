import ArgumentParser
import Console
import Foundation
import Kube
import KubeModel
import Rollouts

/// What an action command does to each kind; nil when it does not apply to that kind.
private struct ActionChoice {
    var kind: MutationKind
    var rollout: RolloutAction?
    var canary: CanaryAction?
}

/// The name and cluster of an action command.
struct ActionOptions: ParsableArguments {
    @Argument(help: "The Rollout's or Canary's name.")
    var name: String

    @Option(help: "Path to the kubeconfig file (default: $KUBECONFIG, else ~/.kube/config).")
    var kubeconfig: String?

    @Option(help: "The kubeconfig context to use (default: the current context).")
    var context: String?

    @Option(name: [.short, .long], help: "The namespace (default: the context's namespace, else `default`).")
    var namespace: String?
}

/// Finds the object (a Rollout, else a Canary of that name), plans the action with the plugin's
/// preconditions, sends each request once (404 on `/status` falls back as the plugin does),
/// appends the audit log, and prints what happened.
private func perform(_ options: ActionOptions, _ choice: ActionChoice) async throws {
    let config = try SourceOptions.clientConfig(KubeconfigOptions(kubeconfig: options.kubeconfig, context: options.context,
                                                                  namespace: options.namespace))
    let client: KubeClient
    do { client = try KubeClient(config: config) } catch { throw CommandFailure("error: \(error)") }
    let namespace = config.namespace
    let plan: ActionPlan
    let target: ObjectRef
    // As the plugin: one GET of the rollout (a 404, or a cluster without Argo Rollouts, leaves the
    // name to a canary), and for `undo` its ReplicaSets by the rollout's selector.
    var rollout: Rollout?
    var rolloutError: (any Error)?
    if choice.rollout != nil {
        do { rollout = try await client.get(Rollout.self, .rollouts, namespace: namespace, name: options.name) } catch KubeError.notFound {
        } catch { rolloutError = error }
    }
    if let action = choice.rollout, let rollout {
        var objects = ObjectSet()
        if case .undo = action {
            let scope = ListScope(namespace: namespace, labelSelector: rollout.spec.selector?.queryString)
            do { objects.replicaSets = try await client.listAll(ReplicaSet.self, .replicaSets, scope).items } catch { throw CommandFailure("\(error)") }
        }
        do { plan = try RolloutRequests.plan(action, for: rollout, objects: objects, now: Date()) } catch { throw CommandFailure("error: \(error)") }
        target = ObjectRef(kind: .rollout, namespace: namespace, name: options.name)
    } else if let action = choice.canary,
              let canary = try? await client.get(Canary.self, .canaries, namespace: namespace, name: options.name) {
        if let reason = CanaryDisabledReason.of(action, canary) { throw CommandFailure("error: \(reason)") }
        do { plan = try CanaryRequests.plan(action, for: canary, now: Date()) } catch { throw CommandFailure("error: \(error)") }
        target = ObjectRef(kind: .canary, namespace: namespace, name: options.name)
    } else if let rolloutError {
        throw CommandFailure("\(rolloutError)")
    } else {
        // Neither found: name only the kinds the cluster serves; with none, say so as kubectl does.
        let candidates = [choice.rollout.map { _ in ResourceType.rollouts }, choice.canary.map { _ in ResourceType.canaries }].compactMap { $0 }
        var served: [ResourceType] = []
        for r in candidates where (try? await client.serves(r)) ?? true { served.append(r) }
        guard !served.isEmpty else { throw CommandFailure(candidates[0].notServedMessage) }
        let kinds = served.map { "\($0.singular).\($0.group)" }
        throw CommandFailure("Error: no \(kinds.joined(separator: " or ")) \"\(options.name)\" in namespace \"\(namespace)\"")
    }
    let mutation = Mutation(id: 1, kind: choice.kind, label: choice.rollout?.title ?? choice.canary?.title ?? choice.kind.verb,
                            target: target, context: config.contextName, requests: plan.requests, onNotFound: plan.onNotFound)
    let log = AuditLog(path: ConsolePaths.from(environment: ProcessInfo.processInfo.environment).auditLog)
    func audit(_ result: String) throws {
        do {
            try log.append(AuditRecord(time: Date(), context: config.contextName, user: config.userName, mutation: mutation, result: result))
        } catch {
            throw CommandFailure("error: \(error)")
        }
    }
    try audit("sending")
    let outcome = await MutationSender.run(mutation) { request in _ = try await client.send(request) }
    try audit(AuditRecord.result(outcome))
    switch outcome {
    case .succeeded: emit(plan.message + "\n")
    case .failed(let status): throw CommandFailure("Error from server (\(status.reason)): \(status.message)")
    case .unreachable(let why): throw CommandFailure("error: the request may not have arrived (\(why)); check the object before trying again")
    case .refusedReadOnly: throw CommandFailure("error: read-only")
    }
}

struct PromoteCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "promote",
        abstract: "Promote a paused rollout to its next step (--full: to the end), or a canary past its analysis (skipAnalysis).")
    @OptionGroup var options: ActionOptions
    @Flag(help: "Skip the remaining steps and analysis (Rollouts only).") var full = false
    func run() async throws {
        try await reportingFailures {
            try await perform(options, ActionChoice(kind: full ? .promoteFull : .promote, rollout: full ? .promoteFull : .promote,
                                                    canary: full ? nil : .promote))
        }
    }
}

struct AbortCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "abort", abstract: "Abort a rollout (back to stable), or roll a canary back.")
    @OptionGroup var options: ActionOptions
    func run() async throws { try await reportingFailures { try await perform(options, ActionChoice(kind: .abort, rollout: .abort, canary: .abort)) } }
}

struct RetryCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "retry", abstract: "Retry an aborted rollout, or a failed canary (new pod template revision).")
    @OptionGroup var options: ActionOptions
    func run() async throws { try await reportingFailures { try await perform(options, ActionChoice(kind: .retry, rollout: .retry, canary: .retry)) } }
}

struct RestartCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "restart", abstract: "Restart a rollout's pods (spec.restartAt).")
    @OptionGroup var options: ActionOptions
    @Option(name: .customLong("in"), help: "Delay before the restart, e.g. 30s.") var delay: String = "0s"
    func run() async throws {
        guard let seconds = HumanDuration.parse(delay) else { throw ValidationError("--in must be a duration such as 30s, not \(delay)") }
        try await reportingFailures { try await perform(options, ActionChoice(kind: .restart, rollout: .restart(delay: seconds), canary: nil)) }
    }
}

struct UndoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "undo", abstract: "Roll a rollout back to the previous (or a given) revision.")
    @OptionGroup var options: ActionOptions
    @Option(name: .customLong("to-revision"), help: "The revision to go back to (default: the previous one).") var revision: Int?
    func run() async throws {
        try await reportingFailures { try await perform(options, ActionChoice(kind: .undo, rollout: .undo(toRevision: revision), canary: nil)) }
    }
}

struct PauseCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "pause", abstract: "Pause a rollout (spec.paused) or suspend a canary (spec.suspend).")
    @OptionGroup var options: ActionOptions
    func run() async throws { try await reportingFailures { try await perform(options, ActionChoice(kind: .pauseToggle, rollout: .pause, canary: .suspend)) } }
}

struct ResumeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "resume", abstract: "Resume a paused rollout or a suspended canary.")
    @OptionGroup var options: ActionOptions
    func run() async throws { try await reportingFailures { try await perform(options, ActionChoice(kind: .pauseToggle, rollout: .resume, canary: .resume)) } }
}

struct ApproveCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "approve",
        abstract: "Open a canary's loadtester gate (confirm-rollout, confirm-traffic-increase, confirm-promotion); `halt` closes it again.")
    @OptionGroup var options: ActionOptions
    func run() async throws { try await reportingFailures { try await perform(options, ActionChoice(kind: .promote, rollout: nil, canary: .approve)) } }
}

struct HaltCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "halt", abstract: "Close a canary's loadtester gate.")
    @OptionGroup var options: ActionOptions
    func run() async throws { try await reportingFailures { try await perform(options, ActionChoice(kind: .abort, rollout: nil, canary: .halt)) } }
}

struct RollbackCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "rollback", abstract: "Roll a canary back (its rollback gate, else failedChecks).")
    @OptionGroup var options: ActionOptions
    func run() async throws { try await reportingFailures { try await perform(options, ActionChoice(kind: .abort, rollout: nil, canary: .abort)) } }
}
