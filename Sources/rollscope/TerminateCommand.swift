import ArgumentParser
import Console
import Foundation
import Kube
import KubeModel
import Delivery

/// The names and cluster of `terminate analysisrun|experiment` and `retry experiment`.
struct NamedObjectsOptions: ParsableArguments {
    @Argument(help: "One or more names.") var names: [String]
    @OptionGroup var cluster: ClusterOptions

    func validate() throws {
        guard !names.isEmpty, !names.contains(where: \.isEmpty) else { throw ValidationError("expected one or more names") }
    }

    /// For each name in order: the plugin's one merge patch (nothing read first), audited, its
    /// message printed; the first error stops the rest, in kubectl's words, exit 1.
    func perform(_ kind: MutationKind, object: DeliveryKind, _ action: (String) -> RolloutAction,
                 _ plan: (String, String?) -> ActionPlan) async throws {
        let (config, client) = try cluster.connect()
        let sender = AuditedSender(client: client, config: config)
        for (index, name) in names.enumerated() {
            let action = action(name)
            let plan = plan(name, config.namespace)
            let target = ObjectRef(kind: object, namespace: config.namespace, name: name)
            let outcome = try await sender.send(sender.mutation(kind, action.title, target: target, plan: plan, id: index + 1))
            if let failure = AuditedSender.failure(outcome) { throw failure }
            emit(plan.message + "\n")
        }
    }
}

extension DeliveryKind {
    /// An Argo Rollouts AnalysisRun, named by `terminate analysisrun` (in the audit log).
    static let analysisRun = DeliveryKind(rawValue: "AnalysisRun")
    /// An Argo Rollouts Experiment, named by `terminate experiment` and `retry experiment`.
    static let experiment = DeliveryKind(rawValue: "Experiment")
}

/// `rollscope terminate analysisrun|experiment NAME...`, as the plugin's `terminate`.
struct TerminateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "terminate", abstract: "Terminate a running AnalysisRun or Experiment.",
                                                    subcommands: [TerminateAnalysisRunCommand.self, TerminateExperimentCommand.self])
}

struct TerminateAnalysisRunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "analysisrun",
        abstract: "Terminate AnalysisRuns (spec.terminate): their measurements stop and they end Successful unless a metric failed.")
    @OptionGroup var options: NamedObjectsOptions
    func run() async throws {
        try await reportingFailures { try await options.perform(.terminate, object: .analysisRun, { .terminateAnalysisRun(name: $0) },
                                                         RolloutRequests.terminateAnalysisRun) }
    }
}

struct TerminateExperimentCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "experiment", abstract: "Terminate Experiments (spec.terminate).")
    @OptionGroup var options: NamedObjectsOptions
    func run() async throws {
        try await reportingFailures { try await options.perform(.terminate, object: .experiment, { .terminateExperiment(name: $0) },
                                                         RolloutRequests.terminateExperiment) }
    }
}

/// `rollscope retry experiment NAME...`, as the plugin's: the Experiment's whole status cleared,
/// so that its controller starts it again.
struct RetryExperimentCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "experiment", abstract: "Retry Experiments (their status cleared: the controller starts them again).")
    @OptionGroup var options: NamedObjectsOptions
    func run() async throws {
        try await reportingFailures { try await options.perform(.retry, object: .experiment, { .retryExperiment(name: $0) },
                                                         RolloutRequests.retryExperiment) }
    }
}
