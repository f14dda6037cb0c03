import ArgumentParser
import Console
import Foundation
import Kube
import KubeModel
import Delivery

/// What an action command does to each kind; nil when it does not apply to that kind.
struct ActionChoice {
    var kind: MutationKind
    var rollout: RolloutAction?
    var canary: CanaryAction?
    /// `kubectl rollout`'s verb, for a Deployment named as such (`deployment/NAME`).
    var deployment: DeploymentAction?
    /// Why the command refuses a Canary of that name (Flagger has no such thing), if it does.
    var canaryRefusal: String?
}

/// `--keep-open`, for the commands that open something for the release waiting now.
struct ReleaseScopeOptions: ParsableArguments {
    @Flag(name: .customLong("keep-open"),
          help: "Canaries: leave the gate open (or skipAnalysis set) and exit, instead of waiting for the canary to move past it and setting it back.")
    var keepOpen = false
}

/// The cluster a mutating command talks to: kubeconfig, context, namespace and kubectl's request flags.
struct ClusterOptions: ParsableArguments {
    @Option(help: "Path to the kubeconfig file (default: $KUBECONFIG, else ~/.kube/config).")
    var kubeconfig: String?

    @Option(help: "The kubeconfig context to use (default: the current context).")
    var context: String?

    @Option(name: [.short, .long], help: "The namespace (default: the context's namespace, else `default`).")
    var namespace: String?

    @OptionGroup var kubectl: KubectlOptions

    /// The kubeconfig as resolved and a client for it (its request log on standard error). A
    /// mutation acts on one cluster: several contexts (`--context a,b`) are refused.
    func connect() throws -> (ClientConfig, KubeClient) {
        try refusingSeveralContexts((context ?? "").split(separator: ",").map(String.init), flag: "--context",
                                    command: "an action", verb: "acts on")
        let config = try SourceOptions.clientConfig(KubeconfigOptions(kubeconfig: kubeconfig, context: context, namespace: namespace))
        let clientOptions = try kubectl.clientOptions(toStandardError: true)
        do { return (config, try KubeClient(config: config, options: clientOptions)) } catch { throw CommandFailure(error) }
    }
}

/// Sends a command's mutations through one client, each audited before it goes and after its
/// answer (the audit log the console writes too); an audit log that cannot be written stops it.
struct AuditedSender {
    let client: KubeClient
    let config: ClientConfig
    let log = AuditLog(path: ConsolePaths.from(environment: ProcessInfo.processInfo.environment).auditLog)

    func send(_ mutation: Mutation) async throws -> MutationOutcome {
        func audit(_ result: String) throws {
            do {
                try log.append(AuditRecord(time: Date(), context: config.contextName, user: config.userName, mutation: mutation, result: result))
            } catch {
                throw CommandFailure(error)
            }
        }
        try audit("sending")
        let outcome = await MutationSender.run(mutation) { request in _ = try await client.send(request) }
        try audit(AuditRecord.result(outcome))
        return outcome
    }

    /// A mutation of this command: `kind` and `label` as the audit log names it.
    func mutation(_ kind: MutationKind, _ label: String, target: ObjectRef, plan: ActionPlan, id: Int = 1) -> Mutation {
        Mutation(id: id, kind: kind, label: label, target: target, context: config.contextName, requests: plan.requests, onNotFound: plan.onNotFound)
    }

    /// A failed outcome in kubectl's voice (nil for success).
    static func failure(_ outcome: MutationOutcome) -> CommandFailure? {
        switch outcome {
        case .succeeded: nil
        case .failed(let status): CommandFailure("Error from server (\(status.reason)): \(status.message)")
        case .unreachable(let why): CommandFailure("error: the request may not have arrived (\(why)); check the object before trying again")
        case .refusedReadOnly: CommandFailure("error: read-only")
        }
    }
}

/// The object and cluster of an action command.
struct ActionOptions: ParsableArguments {
    @Argument(help: ArgumentHelp("NAME (a Rollout's, else a Canary's), KIND/NAME or KIND NAME (KIND as `get` resolves it: rollout, canary, deployment, ...).",
                                 valueName: "target"))
    var target: [String]

    @OptionGroup var cluster: ClusterOptions

    func validate() throws {
        guard (1...2).contains(target.count), !name.isEmpty else { throw ValidationError("expected NAME, KIND/NAME or KIND NAME") }
    }

    /// The object's name.
    var name: String { target.count == 2 ? target[1] : String(target[0].split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false).last ?? "") }

    /// The kind named (`KIND NAME`, `KIND/NAME`), resolved through the registry; nil for a bare NAME.
    func kind() throws -> ResourceType? {
        let named = target.count == 2 ? target[0] : target[0].contains("/") ? String(target[0].prefix { $0 != "/" }) : nil
        return try named.map { try commandLineKind($0).resource }
    }
}

/// Finds the object (a Rollout, else a Canary of that name), plans the action with the plugin's
/// preconditions, sends each request once (404 on `/status` falls back as the plugin does),
/// appends the audit log, and prints what happened. When the action opened something on a
/// Canary for the release waiting now, waits until the canary has moved past it and sets it
/// back (`ReleaseScopeWait`), unless `keepOpen`.
/// `kind`, when given, is the kind the command itself names (`retry rollout NAME`).
private func perform(_ options: ActionOptions, _ choice: ActionChoice, kind: ResourceType? = nil, keepOpen: Bool = false) async throws {
    let (config, client) = try options.cluster.connect()
    let namespace = config.namespace
    // A kind named restricts the lookup to it, and the action must apply to it; a bare NAME is
    // a Rollout's, else a Canary's (as the plugin's), never a Deployment's.
    let named = try kind ?? options.kind()
    var choice = choice
    if named == nil { choice.deployment = nil }
    if let named {
        if named != .rollouts { choice.rollout = nil }
        if named != .canaries { choice.canary = nil; choice.canaryRefusal = nil }
        if named != .deployments { choice.deployment = nil }
        if choice.rollout == nil, choice.canary == nil, choice.canaryRefusal == nil, choice.deployment == nil {
            throw CommandFailure("error: \(choice.kind.verb) does not apply to \(named.plural).\(named.group)")
        }
    }
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
    var label = choice.kind.verb
    var opened: (canary: Canary, followUp: CanaryFollowUp)?
    if let action = choice.rollout, let rollout {
        var objects = ObjectSet()
        if case .undo = action {
            let scope = ListScope(namespace: namespace, labelSelector: rollout.spec.selector?.queryString)
            do { objects.replicaSets = try await client.listAll(ReplicaSet.self, .replicaSets, scope).items } catch { throw CommandFailure("\(error)") }
        }
        do { plan = try RolloutRequests.plan(action, for: rollout, objects: objects, now: Date()) } catch { throw CommandFailure(error) }
        target = ObjectRef(kind: .rollout, namespace: namespace, name: options.name)
        label = action.title
    } else if choice.canary != nil || choice.canaryRefusal != nil,
              let canary = try? await client.get(Canary.self, .canaries, namespace: namespace, name: options.name) {
        if let refusal = choice.canaryRefusal { throw CommandFailure("error: canary \"\(options.name)\": \(refusal)") }
        let action = choice.canary!
        if let warning = CanaryInfo(canary, objects: ObjectSet()).skipAnalysisWarning {
            FileHandle.standardError.write(Data("warning: canary '\(options.name)' has skipAnalysis set, \(warning)\n".utf8))
        }
        if let reason = CanaryDisabledReason.of(action, canary) { throw CommandFailure("error: \(reason)") }
        do { plan = try CanaryRequests.plan(action, for: canary, now: Date()) } catch { throw CommandFailure(error) }
        target = ObjectRef(kind: .canary, namespace: namespace, name: options.name)
        label = action.title
        opened = CanaryFollowUp.after(action, on: canary).map { (canary, $0) }
    } else if let action = choice.deployment,
              let deployment = try? await client.get(Deployment.self, .deployments, namespace: namespace, name: options.name) {
        var objects = ObjectSet()
        if case .undo = action {
            let scope = ListScope(namespace: namespace, labelSelector: deployment.spec.selector?.queryString)
            do { objects.replicaSets = try await client.listAll(ReplicaSet.self, .replicaSets, scope).items } catch { throw CommandFailure("\(error)") }
        }
        do { plan = try DeploymentRequests.plan(action, for: deployment, objects: objects, now: Date()) } catch { throw CommandFailure("error: \(error)") }
        target = ObjectRef(kind: .deployment, namespace: namespace, name: options.name)
        label = action.title
    } else if let rolloutError {
        throw CommandFailure("\(rolloutError)")
    } else {
        // Neither found: name only the kinds the action can act on that the cluster serves; with
        // none, say so as kubectl does (a canary refusal such as undo's is no kind to look for).
        let candidates = [choice.rollout.map { _ in ResourceType.rollouts }, choice.canary.map { _ in ResourceType.canaries },
                          choice.deployment.map { _ in ResourceType.deployments }].compactMap { $0 }
        var served: [ResourceType] = []
        for r in candidates where (try? await client.serves(r)) ?? true { served.append(r) }
        guard !served.isEmpty else { throw CommandFailure(candidates[0].notServedMessage) }
        let kinds = served.map { "\($0.singular).\($0.group)" }
        throw CommandFailure("Error: no \(kinds.joined(separator: " or ")) \"\(options.name)\" in namespace \"\(namespace)\"")
    }
    let sender = AuditedSender(client: client, config: config)
    let mutation = sender.mutation(choice.kind, label, target: target, plan: plan)
    let sentAt = Date()
    let outcome = try await sender.send(mutation)
    if let failure = AuditedSender.failure(outcome) { throw failure }
    emit(plan.message + "\n")
    guard let (canary, followUp) = opened else { return }
    if keepOpen {
        emit("\(followUp.opened) stays \(followUp.undo == .clearSkipAnalysis ? "set" : "open") (--keep-open): the next release of canary '\(options.name)' goes through it with nobody watching"
             + (followUp.undo == .halt ? "; `rollscope halt \(options.name)` closes it" : "") + "\n")
        return
    }
    let origin = AutomaticOrigin(label: label, time: sentAt)
    try await ReleaseScopeWait(client: client, canary: canary, followUp: followUp, origin: origin, send: sender.send,
                               makeMutation: { label, requests in
                                   Mutation(id: 2, kind: choice.kind, label: label, target: target, context: config.contextName,
                                            requests: requests, automatic: origin)
                               }).run()
}

struct PromoteCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "promote",
        abstract: "Promote a paused rollout to its next step, or approve the gate a canary waits at (as `approve`); --full: a rollout to the end, a canary past its analysis (skipAnalysis, for this release only).",
        discussion: "On a canary, rollscope waits until the canary has moved past what it opened, then sets it back (closes the gate, clears skipAnalysis); Ctrl-C sets it back at once. --keep-open leaves it and exits.")
    @OptionGroup var options: ActionOptions
    @OptionGroup var scope: ReleaseScopeOptions
    @Flag(help: "Skip the remaining steps and analysis: a rollout to the end, a canary's release with skipAnalysis.") var full = false
    func run() async throws {
        try await reportingFailures {
            try await perform(options, ActionChoice(kind: full ? .promoteFull : .promote, rollout: full ? .promoteFull : .promote,
                                                    canary: full ? .promote : .approve), keepOpen: scope.keepOpen)
        }
    }
}

struct AbortCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "abort",
        abstract: "Abort a rollout (back to stable), or roll a canary back (its rollback gate, closed again once Failed; else failedChecks).")
    @OptionGroup var options: ActionOptions
    @OptionGroup var scope: ReleaseScopeOptions
    func run() async throws {
        try await reportingFailures { try await perform(options, ActionChoice(kind: .abort, rollout: .abort, canary: .abort), keepOpen: scope.keepOpen) }
    }
}

/// `retry NAME` (a Rollout, else a Canary; `KIND/NAME`), `retry rollout NAME`, `retry experiment NAME...`.
struct RetryCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "retry",
        abstract: "Retry an aborted rollout, or a failed canary (new pod template revision): `retry NAME`; an Experiment: `retry experiment NAME...`.",
        subcommands: [RetryObjectCommand.self, RetryRolloutCommand.self, RetryExperimentCommand.self],
        defaultSubcommand: RetryObjectCommand.self)

    static let choice = ActionChoice(kind: .retry, rollout: .retry, canary: .retry)
}

/// `retry NAME`, `retry KIND/NAME`, `retry KIND NAME`: the default, not listed (its name is never typed).
struct RetryObjectCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "object",
        abstract: "The default, never typed: `retry NAME` (a Rollout's, else a Canary's), `retry KIND/NAME`, `retry KIND NAME`.", shouldDisplay: false)
    @OptionGroup var options: ActionOptions
    func run() async throws { try await reportingFailures { try await perform(options, RetryCommand.choice) } }
}

/// `retry rollout NAME`: a Rollout only, as the plugin's.
struct RetryRolloutCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "rollout", abstract: "Retry an aborted rollout.")
    @OptionGroup var options: ActionOptions
    func run() async throws {
        try await reportingFailures { try await perform(options, RetryCommand.choice, kind: options.kind() ?? .rollouts) }
    }
}

struct RestartCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "restart",
        abstract: "Restart a rollout's pods (spec.restartAt), a canary's target (a new pod template revision, which Flagger analyses as a release), or a deployment/NAME (as `kubectl rollout restart`).")
    @OptionGroup var options: ActionOptions
    @Option(name: .customLong("in"), help: "Delay before the restart, e.g. 30s.") var delay: String = "0s"
    func run() async throws {
        guard let seconds = GoDuration.seconds(delay) else { throw ValidationError("--in must be a duration such as 30s, not \(delay)") }
        try await reportingFailures {
            if seconds > 0 {
                // Flagger has no delayed restart: refuse on a canary rather than restart it now.
                try await perform(options, ActionChoice(kind: .restart, rollout: .restart(delay: seconds),
                                                        canaryRefusal: "--in applies to rollouts only (Flagger has no delayed restart)"))
            } else {
                try await perform(options, ActionChoice(kind: .restart, rollout: .restart(delay: seconds), canary: .restart, deployment: .restart))
            }
        }
    }
}

struct UndoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "undo",
        abstract: "Roll a rollout, or a deployment/NAME (as `kubectl rollout undo`), back to the previous (or a given) revision. Canaries have none: Flagger keeps no revision history.")
    @OptionGroup var options: ActionOptions
    @Option(name: .customLong("to-revision"), help: "The revision to go back to (default: the previous one).") var revision: Int?
    func run() async throws {
        try await reportingFailures {
            try await perform(options, ActionChoice(kind: .undo, rollout: .undo(toRevision: revision), deployment: .undo(toRevision: revision.map { Int64($0) }),
                                                    canaryRefusal: "Flagger keeps no revision history to undo to; roll the target Deployment back (e.g. in git) and Flagger analyses it as a release"))
        }
    }
}

struct PauseCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "pause", abstract: "Pause a rollout (spec.paused), suspend a canary (spec.suspend), or pause a deployment/NAME (as `kubectl rollout pause`).")
    @OptionGroup var options: ActionOptions
    func run() async throws { try await reportingFailures { try await perform(options, ActionChoice(kind: .pauseToggle, rollout: .pause, canary: .suspend, deployment: .pause)) } }
}

struct ResumeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "resume", abstract: "Resume a paused rollout, a suspended canary or a paused deployment/NAME (as `kubectl rollout resume`).")
    @OptionGroup var options: ActionOptions
    func run() async throws { try await reportingFailures { try await perform(options, ActionChoice(kind: .pauseToggle, rollout: .resume, canary: .resume, deployment: .resume)) } }
}

struct ApproveCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "approve",
        abstract: "Approve the gate a canary waits at (confirm-rollout, confirm-traffic-increase, confirm-promotion): open it, wait until the canary has passed it, close it.",
        discussion: "The same as `promote` on a canary. Ctrl-C while waiting closes the gate; --keep-open leaves it open and exits (`halt` closes it).")
    @OptionGroup var options: ActionOptions
    @OptionGroup var scope: ReleaseScopeOptions
    func run() async throws {
        try await reportingFailures { try await perform(options, ActionChoice(kind: .promote, rollout: nil, canary: .approve), keepOpen: scope.keepOpen) }
    }
}

struct HaltCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "halt", abstract: "Close a canary's loadtester gate.")
    @OptionGroup var options: ActionOptions
    func run() async throws { try await reportingFailures { try await perform(options, ActionChoice(kind: .abort, rollout: nil, canary: .halt)) } }
}

struct RollbackCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "rollback",
        abstract: "Roll a canary back (its rollback gate, closed again once Failed; else failedChecks).")
    @OptionGroup var options: ActionOptions
    @OptionGroup var scope: ReleaseScopeOptions
    func run() async throws {
        try await reportingFailures { try await perform(options, ActionChoice(kind: .abort, rollout: nil, canary: .abort), keepOpen: scope.keepOpen) }
    }
}
