import Foundation
import KubeModel
import Delivery

extension DetailBuilder {
    /// The detail of a Rollout from the objects watched while it is open.
    static func detail(_ rollout: Rollout, objects: ObjectSet, now: Date) -> DetailModel {
        let ref = ObjectRef(kind: .rollout, namespace: rollout.metadata.namespace ?? "", name: rollout.metadata.name)
        let info = RolloutInfo(rollout, objects: objects)
        let text = RolloutText.rollout(info, now: now).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let steps = rollout.steps
        let index = Int(rollout.status.currentStepIndex ?? 0)
        let stepLines = steps.enumerated().map { i, step in
            StepLine(step.summary, i < index ? .done : (i == index ? .current : .pending))
        }
        var blueGreen: BlueGreenServices?
        if rollout.isBlueGreen, let strategy = rollout.spec.strategy?.blueGreen {
            func revision(_ tagged: (ReplicaSetInfo) -> Bool) -> String {
                info.replicaSets.first(where: tagged).map { "revision \($0.revision) (\($0.name))" } ?? "-"
            }
            blueGreen = BlueGreenServices(active: strategy.activeService ?? "-", activeRevision: revision(\.active),
                                          preview: strategy.previewService ?? "-", previewRevision: revision(\.preview))
        }
        let runs = analysisRuns(owner: rollout.metadata.uid, objects: objects)
        var detail = DetailModel(ref: ref, text: text.last == "" ? Array(text.dropLast()) : text, steps: stepLines,
                                 firstStepNumber: 0, pauseDeadline: pauseDeadline(rollout), blueGreen: blueGreen,
                                 analysisRuns: runs.map(summary),
                                 events: events(kind: "Rollout", name: ref.name, namespace: ref.namespace, objects: objects),
                                 revisionDiff: RevisionDiff.of(rollout, objects: objects), analysis: runs.map(AnalysisHistory.init))
        detail.plans[.terminate] = terminatePlan(rollout, objects: objects)
        detail.logSides = LogSides.of(rollout, objects: objects)
        return detail
    }

    /// `T`: terminate the rollout's newest AnalysisRun still running (`terminate analysisrun`);
    /// when none runs, disabled with the newest one's reason (`RolloutDisabledReason`).
    static func terminatePlan(_ rollout: Rollout, objects: ObjectSet) -> MutationPlan {
        let names = ownedAnalysisRuns(rollout.metadata.uid, objects: objects).map(\.metadata.name)
        let reasons = names.map { RolloutDisabledReason.of(.terminateAnalysisRun(name: $0), rollout, objects: objects) }
        guard let running = zip(names, reasons).first(where: { $0.1 == nil })?.0 else {
            return .disabled(reason: names.first.map { "\($0): \(reasons[0] ?? "")" } ?? "the rollout has no AnalysisRun")
        }
        return .ready(label: RolloutAction.terminateAnalysisRun(name: running).title,
                      requests: RolloutRequests.terminateAnalysisRun(running, namespace: rollout.metadata.namespace).requests)
    }

    /// The rollout's AnalysisRuns, newest first.
    static func ownedAnalysisRuns(_ uid: String?, objects: ObjectSet) -> [AnalysisRun] {
        guard let uid else { return [] }
        return objects.analysisRuns
            .filter { $0.metadata.ownerReferences?.contains { $0.uid == uid } == true }
            .sorted { ($0.metadata.creationTimestamp?.date ?? .distantPast) > ($1.metadata.creationTimestamp?.date ?? .distantPast) }
    }

    /// When a timed pause ends by itself: a canary pause step with a duration, or a blue/green
    /// pause with `autoPromotionSeconds`, counted from the pause condition's start.
    static func pauseDeadline(_ rollout: Rollout) -> Date? {
        guard let condition = rollout.status.pauseConditions?.first, let start = condition.startTime?.date else { return nil }
        switch condition.reason {
        case "CanaryPauseStep":
            let index = Int(rollout.status.currentStepIndex ?? 0)
            guard rollout.steps.indices.contains(index), let text = rollout.steps[index].pause?.duration?.value,
                  let seconds = GoDuration.seconds(text) else { return nil }
            return start.addingTimeInterval(seconds)
        case "BlueGreenPause":
            guard let seconds = rollout.spec.strategy?.blueGreen?.autoPromotionSeconds, seconds > 0 else { return nil }
            return start.addingTimeInterval(TimeInterval(seconds))
        default:
            return nil
        }
    }

    /// The rollout's AnalysisRuns, newest first (the five newest).
    static func analysisRuns(owner uid: String?, objects: ObjectSet) -> [AnalysisRun] {
        Array(ownedAnalysisRuns(uid, objects: objects).prefix(5))
    }

    /// A run's metrics with their counts, last value and measurements (for the sparkline).
    static func summary(_ run: AnalysisRun) -> AnalysisSummary {
        let histories = AnalysisHistory(run).metrics
        return AnalysisSummary(name: run.metadata.name, phase: run.status.phase ?? "Pending", metrics: (run.status.metricResults ?? []).map { result in
            MetricSummary(name: result.name ?? "", phase: result.phase ?? "", successful: Int(result.successful ?? 0), failed: Int(result.failed ?? 0),
                          inconclusive: Int(result.inconclusive ?? 0), error: Int(result.error ?? 0),
                          lastValue: result.measurements?.last?.value ?? "",
                          history: histories.first { $0.name == TerminalSafe.text(result.name ?? "") })
        })
    }
}
