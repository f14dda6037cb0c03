import Foundation
import KubeModel
import Delivery

/// Argo Rollouts on the command line: `get|list rollout` and the CLI-only `get|list experiment`
/// (the plugin has them; the console lists no Experiments), with the plugin's texts.
extension CommandLineKind {
    /// A rollout's tree: the rollout and its revisions' ReplicaSets, pods, analysis runs and experiments.
    static let rollouts = CommandLineKind(
        resource: .rollouts, summary: "A rollout with its revisions, ReplicaSets, pods, analysis runs and experiments.",
        get: Get(reads: [.rollouts, .replicaSets, .pods, .analysisRuns, .experiments], notFoundName: "rollout.argoproj.io", find: { set, name in
            set.rollout(named: name, namespace: nil).map { (RolloutInfo($0, objects: set), UntilDone.exitCode(RolloutStatus.of($0))) }
        }, text: { RolloutText.rollout($0, now: $1, style: $2) }, document: OutputDocuments.rollout),
        list: List(reads: { request in
            // The plugin's table needs the Rollouts alone; the wide and document views show their trees' figures.
            request.format == nil && (!request.wide || request.watch) ? [.rollouts] : [.rollouts, .replicaSets, .pods, .analysisRuns, .experiments]
        }, table: { set, request, now in
            if request.wide, !request.watch {
                return ListText.rolloutsWideTable(set.rollouts.map { RolloutInfo($0, objects: set) }, allNamespaces: request.allNamespaces, now: now)
            }
            return ListText.rolloutsTable(set.rollouts, options: ListText.Options(allNamespaces: request.allNamespaces, timestamp: request.timestamps ? now : nil))
        }, document: { set in OutputDocuments.rollouts(set.rollouts.map { RolloutInfo($0, objects: set) }) },
        watching: .appendLines(start: { initial, request in
            var watch = RolloutListWatch(initial: initial.rollouts, options: ListText.Options(allNamespaces: request.allNamespaces,
                                                                                               timestamp: request.timestamps ? Date() : nil))
            return { set in
                set.rollouts.compactMap { rollout in
                    if request.timestamps { watch.options.timestamp = Date() }
                    return watch.update(rollout)
                }
            }
        })))

    /// An experiment's tree: its ReplicaSets, pods and analysis runs.
    static let experiments = CommandLineKind(
        resource: .experiments, summary: "An experiment with its ReplicaSets, pods and analysis runs.",
        get: Get(reads: [.experiments, .replicaSets, .pods, .analysisRuns], notFoundName: "experiment.argoproj.io", find: { set, name in
            set.experiment(named: name, namespace: nil).map { e in
                let phase = e.status.phase ?? ""
                return (ExperimentInfo(e, objects: set), phase == "Successful" ? 0 : ["Failed", "Error", "Inconclusive"].contains(phase) ? 1 : nil)
            }
        }, text: { RolloutText.experiment($0, now: $1, style: $2) }, document: OutputDocuments.experiment),
        list: List(reads: { request in
            // The table needs the Experiments alone; the documents show their trees.
            request.format == nil ? [.experiments] : [.experiments, .replicaSets, .pods, .analysisRuns]
        }, table: { set, request, now in
            ListText.experimentsTable(set.experiments, allNamespaces: request.allNamespaces, now: now)
        }, document: { set in ViewList(kind: "ExperimentViewList", items: set.experiments.map { ExperimentInfo($0, objects: set) }) },
        watching: .once))
}
