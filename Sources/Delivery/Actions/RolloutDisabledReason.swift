/// rollscope's judgement of whether an action makes sense right now, on the whole object
/// (the plugin itself never refuses; its dashboard enables Promote and Abort only while
/// Progressing or Paused and Retry only when Degraded). Nil means allowed; otherwise the reason
/// the console shows next to the greyed-out key.
public enum RolloutDisabledReason {
    public static func of(_ action: RolloutAction, _ rollout: Rollout, objects: ObjectSet = ObjectSet()) -> String? {
        let status = RolloutStatus.of(rollout)
        let s = rollout.status
        let aborted = s.abort == true
        switch action {
        case .promote, .promoteFull:
            if aborted { return "the rollout is aborted: retry it before promoting" }
            if status.phase == .degraded { return "the rollout is degraded (\(status.message))" }
            let promoted = s.currentPodHash != nil && s.currentPodHash == s.stableRS
            if promoted, rollout.spec.paused != true, (s.pauseConditions ?? []).isEmpty {
                return rollout.isBlueGreen ? "nothing to promote: the active ReplicaSet is already the current revision"
                    : "nothing to promote: the rollout is fully promoted"
            }
            if action == .promoteFull, !promoted, rollout.isCanary, s.promoteFull == true { return "a full promotion is already under way" }
            return nil
        case .abort:
            if aborted { return "the rollout is already aborted" }
            if status.phase != .progressing, status.phase != .paused { return "only a progressing or paused rollout can be aborted (it is \(status.status))" }
            return nil
        case .retry:
            return aborted ? nil : "nothing to retry: the rollout is not aborted"
        case .restart:
            if let at = rollout.spec.restartAt, s.restartedAt != at { return "a restart is already pending" }
            return nil
        case .undo(let revision):
            let revisions = Set(objects.replicaSets.filter { $0.metadata.isOwned(by: rollout.metadata.uid) }.compactMap(\.revision))
            if let revision { return revisions.contains(revision) ? nil : "revision \(revision) is not in the history" }
            return revisions.count < 2 ? "there is no previous revision to go back to" : nil
        case .pause:
            return rollout.spec.paused == true ? "the rollout is already paused" : nil
        case .resume:
            return rollout.spec.paused == true ? nil : "the rollout is not manually paused"
        case .setImage(let container, _):
            let names = (rollout.spec.template?.spec?.containers ?? []).compactMap(\.name)
                + (rollout.spec.template?.spec?.initContainers ?? []).compactMap(\.name)
            if rollout.spec.workloadRef == nil, container != "*", !names.contains(container) {
                return "there is no container named \"\(container)\""
            }
            return nil
        case .terminateAnalysisRun(let name):
            guard let run = objects.analysisRuns.first(where: { $0.metadata.name == name && $0.metadata.namespace == rollout.metadata.namespace }) else {
                return "no AnalysisRun named \(name)"
            }
            return finished(run.status.phase, run.spec.terminate).map { "the AnalysisRun has already \($0)" }
        case .terminateExperiment(let name):
            guard let e = objects.experiment(named: name, namespace: rollout.metadata.namespace) else { return "no Experiment named \(name)" }
            return finished(e.status.phase, e.spec.terminate).map { "the Experiment has already \($0)" }
        case .retryExperiment(let name):
            guard let e = objects.experiment(named: name, namespace: rollout.metadata.namespace) else { return "no Experiment named \(name)" }
            return finished(e.status.phase, nil) == nil ? "the Experiment is still running" : nil
        }
    }

    /// "finished (Phase)" or "been told to terminate", or nil while it still runs.
    static func finished(_ phase: String?, _ terminate: Bool?) -> String? {
        if let phase, ["Successful", "Failed", "Error", "Inconclusive"].contains(phase) { return "finished (\(phase))" }
        if terminate == true { return "been told to terminate" }
        return nil
    }
}
