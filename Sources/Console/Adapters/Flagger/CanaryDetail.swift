import Foundation
import KubeModel
import Delivery

extension DetailBuilder {
    /// At most this many Flagger weight steps are listed: `maxWeight` and `stepWeight` come from
    /// the object, and `2147483647` by `1` would be billions of lines. The rest is one count line.
    static let listedWeightSteps = 1000

    /// The detail of a Canary from the objects watched while it is open.
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
        let checks = CanaryChecks.histories(canary, objects: objects)
        var detail = DetailModel(ref: ref, text: text.last == "" ? Array(text.dropLast()) : text, steps: steps,
                                 events: events(kind: "Canary", name: ref.name, namespace: ref.namespace, objects: objects),
                                 revisionDiff: RevisionDiff.of(canary, objects: objects),
                                 analysis: checks.isEmpty ? [] : [AnalysisHistory(name: "metric checks", phase: info.phase,
                                                                                   message: info.message, metrics: checks)])
        detail.logSides = LogSides.of(canary, objects: objects)
        if !checks.isEmpty, let target = canary.spec.targetRef?.name {
            let interval = canary.analysis?.interval
            detail.checksInfo = CanaryChecksInfo(namespace: info.namespace, target: target, intervalText: interval.map(TerminalSafe.text),
                                                 interval: interval.flatMap(GoDuration.seconds) ?? 60,
                                                 failedChecks: Int(canary.status.failedChecks ?? 0),
                                                 threshold: Int(max(1, canary.analysis?.threshold ?? 1)))
        }
        return detail
    }
}
