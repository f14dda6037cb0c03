import Foundation
import KubeModel
import Delivery

/// Builds the detail of one Rollout or Canary from the objects watched while it is open.
enum DetailBuilder {
    /// At most this many Flagger weight steps are listed: `maxWeight` and `stepWeight` come from
    /// the object, and `2147483647` by `1` would be billions of lines. The rest is one count line.
    static let listedWeightSteps = 1000

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
        return DetailModel(ref: ref, text: text.last == "" ? Array(text.dropLast()) : text, steps: stepLines,
                           pauseDeadline: pauseDeadline(rollout), blueGreen: blueGreen,
                           analysisRuns: analysisRuns(owner: rollout.metadata.uid, objects: objects),
                           events: events(kind: "Rollout", name: ref.name, namespace: ref.namespace, objects: objects))
    }

    static func detail(_ canary: Canary, objects: ObjectSet, now: Date) -> DetailModel {
        let info = CanaryInfo(canary, objects: objects)
        let ref = ObjectRef(kind: .canary, namespace: info.namespace, name: info.name)
        let text = CanaryText.canary(info, now: now).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        var steps: [StepLine] = []
        if info.iterations == nil, let analysis = canary.analysis {
            let max = Int(info.maxWeight ?? 100), weight = Int(info.weight ?? 0)
            var weights = (analysis.stepWeights ?? []).map(Int.init)
            var total = weights.count
            if weights.isEmpty, let step = analysis.stepWeight, step > 0 {
                let step = Int(step)
                total = max >= 1 ? (max - 1) / step + 1 : 0
                weights = Array(stride(from: step, through: max + step - 1, by: step).prefix(listedWeightSteps))
            }
            let current = weights.firstIndex { $0 > weight }
            steps = weights.enumerated().map { i, w in
                StepLine("weight \(w)%", current.map { i < $0 ? .done : (i == $0 ? .current : .pending) } ?? .done)
            }
            if total > weights.count {
                steps.append(StepLine("… \(grouped(total)) steps", weight >= (weights.last ?? 0) ? .current : .pending))
            }
        }
        return DetailModel(ref: ref, text: text.last == "" ? Array(text.dropLast()) : text, steps: steps,
                           events: events(kind: "Canary", name: ref.name, namespace: ref.namespace, objects: objects))
    }

    /// `2,147,483,647`: digits in groups of three, whatever the locale.
    static func grouped(_ n: Int) -> String {
        let digits = Array(String(n.magnitude))
        var out = ""
        for (i, d) in digits.enumerated() {
            if i > 0, (digits.count - i) % 3 == 0 { out.append(",") }
            out.append(d)
        }
        return (n < 0 ? "-" : "") + out
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

    /// The rollout's AnalysisRuns, newest first, with each metric's counts and last value.
    static func analysisRuns(owner uid: String?, objects: ObjectSet) -> [AnalysisSummary] {
        guard let uid else { return [] }
        return objects.analysisRuns
            .filter { $0.metadata.ownerReferences?.contains { $0.uid == uid } == true }
            .sorted { ($0.metadata.creationTimestamp?.date ?? .distantPast) > ($1.metadata.creationTimestamp?.date ?? .distantPast) }
            .prefix(5)
            .map { run in
                AnalysisSummary(name: run.metadata.name, phase: run.status.phase ?? "Pending", metrics: (run.status.metricResults ?? []).map {
                    MetricSummary(name: $0.name ?? "", phase: $0.phase ?? "", successful: Int($0.successful ?? 0), failed: Int($0.failed ?? 0),
                                  inconclusive: Int($0.inconclusive ?? 0), error: Int($0.error ?? 0),
                                  lastValue: $0.measurements?.last?.value ?? "")
                })
            }
    }

    /// The object's Events as timeline entries (Warning events stand out).
    static func events(kind: String, name: String, namespace: String, objects: ObjectSet) -> [TimelineEntry] {
        objects.events.compactMap { event in
            guard event.involvedObject.kind == kind, event.involvedObject.name == name,
                  (event.involvedObject.namespace ?? event.metadata.namespace) == namespace,
                  let time = (event.lastTimestamp ?? event.eventTime ?? event.firstTimestamp ?? event.metadata.creationTimestamp)?.date
            else { return nil }
            let count = (event.count ?? 1) > 1 ? " (x\(event.count!))" : ""
            return TimelineEntry(time: time, source: event.type == "Warning" ? .warning : .event,
                                 text: "\(event.reason ?? ""): \(event.message ?? "")\(count)")
        }.sorted()
    }
}
