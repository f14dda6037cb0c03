import Foundation
import JSONValue

/// The blue/green strategy: the new ReplicaSet comes up as preview (`previewReplicaCount`),
/// pre-promotion analysis, `BlueGreenPause` when `autoPromotionEnabled: false` or while
/// `autoPromotionSeconds` count down, the cut-over of `activeSelector`, post-promotion analysis,
/// then the old ReplicaSet kept for `scaleDownDelaySeconds` under a `scale-down-deadline`
/// annotation before it is scaled to zero.
struct BlueGreenStrategy {
    let launcher: AnalysisLauncher
    static let deadlineAnnotation = "argo-rollouts.argoproj.io/scale-down-deadline"

    func sync(_ s: inout RolloutSync) {
        let bg = s.spec[path: ["strategy", "blueGreen"]] ?? [:]
        var active = s.status[path: ["blueGreen", "activeSelector"]]?.stringValue ?? ""
        if active.isEmpty { active = s.stableHash.isEmpty ? s.hash : s.stableHash }
        let activeRS = s.replicaSet(hash: active)
        if active == s.hash {
            s.clearPause()
            s.desired[s.newRS.name] = s.replicas
            s.status[path: ["blueGreen", "previewSelector"]] = .string(s.hash)
            if s.stableHash != s.hash, postPromotionDone(&s, bg) { s.status["stableRS"] = .string(s.hash) }
            scaleDownAfterDelay(&s, bg)
        } else if s.aborted {
            s.clearPause()
            if s.status["abortedAt"] == nil { s.status["abortedAt"] = timestamp(s.now) }
            s.desired[s.newRS.name] = 0
            if let activeRS { s.desired[activeRS.name] = s.replicas }
            s.scaleDownOthers(keeping: Set([s.newRS.name] + (activeRS.map { [$0.name] } ?? [])))
        } else {
            let preview = bg["previewReplicaCount"]?.replicaCount ?? s.replicas
            s.status[path: ["blueGreen", "previewSelector"]] = .string(s.hash)
            if let activeRS { s.desired[activeRS.name] = s.replicas }
            s.desired[s.newRS.name] = preview
            if !s.manuallyPaused, s.available(s.newRS) >= preview, s.specReplicas(s.newRS) >= preview,
               prePromotionDone(&s, bg), pauseDone(&s, bg) {
                s.desired[s.newRS.name] = s.replicas
                if s.available(s.newRS) >= s.replicas && s.specReplicas(s.newRS) == s.replicas {
                    active = s.hash
                    s.clearPause()
                    s.wakeups.append(s.now)
                }
            }
            s.scaleDownOthers(keeping: Set([s.newRS.name] + (activeRS.map { [$0.name] } ?? [])))
        }
        s.status[path: ["blueGreen", "activeSelector"]] = .string(active)
    }

    private func prePromotionDone(_ s: inout RolloutSync, _ bg: JSON) -> Bool {
        guard let analysis = bg["prePromotionAnalysis"] else { return true }
        return analysisDone(&s, analysis, type: "PrePromotion", field: "prePromotionAnalysisRunStatus", suffix: "pre")
    }

    private func postPromotionDone(_ s: inout RolloutSync, _ bg: JSON) -> Bool {
        guard let analysis = bg["postPromotionAnalysis"] else { return true }
        return analysisDone(&s, analysis, type: "PostPromotion", field: "postPromotionAnalysisRunStatus", suffix: "post")
    }

    private func analysisDone(_ s: inout RolloutSync, _ analysis: JSON, type: String, field: String, suffix: String) -> Bool {
        let base = "\(s.rollout.name)-\(s.hash)-\(s.revision)-\(suffix)"
        let current = s.status[path: ["blueGreen", field, "name"]]?.stringValue
        guard let run = launcher.run(for: s, base: base, current: current, type: type, stepIndex: nil, analysis: analysis) else { return false }
        s.status[path: ["blueGreen", field]] = AnalysisLauncher.summary(run)
        switch run[path: ["status", "phase"]]?.stringValue ?? "" {
        case "Successful": return true
        case "Failed", "Error":
            s.status["abort"] = true
            s.abortMessage = run[path: ["status", "message"]]?.stringValue
            return false
        default: return false
        }
    }

    /// The promotion gate: none when auto-promotion is on without a delay.
    private func pauseDone(_ s: inout RolloutSync, _ bg: JSON) -> Bool {
        let auto = bg["autoPromotionEnabled"]?.boolValue ?? true
        let seconds = auto ? bg["autoPromotionSeconds"]?.secondsValue : nil
        if auto && seconds == nil { return true }
        if s.resumedByOperator { return true }
        if let start = s.pauseStart("BlueGreenPause") {
            guard let seconds else { return false }
            let end = start.addingTimeInterval(seconds)
            if s.now >= end { return true }
            s.wakeups.append(end)
            return false
        }
        s.addPause("BlueGreenPause")
        if let seconds { s.wakeups.append(s.now.addingTimeInterval(seconds)) }
        return false
    }

    /// Old ReplicaSets stay up for `scaleDownDelaySeconds` (default 30) after the cut-over.
    private func scaleDownAfterDelay(_ s: inout RolloutSync, _ bg: JSON) {
        let delay = bg["scaleDownDelaySeconds"]?.secondsValue ?? 30
        for rs in s.sets where rs.name != s.newRS.name {
            guard s.specReplicas(rs) > 0 else { continue }
            if let deadline = rs.annotation(Self.deadlineAnnotation).flatMap({ date(.string($0)) }) {
                if s.now >= deadline {
                    s.desired[rs.name] = 0
                    launcher.writer.patch(.replicaSets, namespace: rs.namespace, name: rs.name,
                                          ["metadata": ["annotations": [Self.deadlineAnnotation: nil]]])
                } else {
                    s.wakeups.append(deadline)
                }
            } else {
                let deadline = s.now.addingTimeInterval(delay)
                launcher.writer.patch(.replicaSets, namespace: rs.namespace, name: rs.name,
                                      ["metadata": ["annotations": [Self.deadlineAnnotation: timestamp(deadline)]]])
                s.wakeups.append(deadline)
            }
        }
    }
}
