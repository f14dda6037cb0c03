import Foundation
import KubeModel
import Delivery

extension DetailBuilder {
    /// At most this many Flagger weight steps are listed: `maxWeight` and `stepWeight` come from
    /// the object, and `2147483647` by `1` would be billions of lines. The rest is one count line.
    static let listedWeightSteps = 1000

    /// Where each of a Canary's weight steps stands (index `weights.count` is the unlisted rest).
    /// The weight tells while the canary runs; once promoted (Promoting, Finalising, Succeeded)
    /// Flagger has put the traffic back on the primary at weight 0, and every step is behind it,
    /// not the first ahead; a Failed canary is at none of them.
    static func weightStepState(phase: String, weight: Int, weights: [Int]) -> (Int) -> StepLine.State {
        switch phase {
        case "Promoting", "Finalising", "Succeeded": return { _ in .done }
        case "Failed": return { _ in .pending }
        default:
            let current = weights.firstIndex { $0 > weight }
            return { i in
                guard let current else { return i < weights.count ? .done : .current }
                return i < current ? .done : (i == current ? .current : .pending)
            }
        }
    }

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
            let state = weightStepState(phase: info.phase, weight: weight, weights: weights)
            steps = weights.indices.map { StepLine("weight \(weights[$0])%", state($0)) }
            if total > weights.count {
                steps.append(StepLine("… \(grouped(total)) steps", state(weights.count)))
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
