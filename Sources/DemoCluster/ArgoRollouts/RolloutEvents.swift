import Foundation
import JSONValue

/// The Events the rollouts controller records on a Rollout as it moves (step completed, paused,
/// resumed, completed), with upstream's reasons and the plugin's one-line step text.
struct RolloutEvents {
    let recorder: EventRecorder
    static let component = "rollouts-controller"

    /// Compares the status before and after one reconcile and records what happened in between.
    func record(_ rollout: JSON, before: JSON, after: JSON, steps: [JSON], revision: Int, hash: String) {
        let sameRevision = before["currentPodHash"] == after["currentPodHash"]
        if sameRevision, let from = before["currentStepIndex"]?.countValue, let to = after["currentStepIndex"]?.countValue,
           from < min(to, steps.count) {
            for i in from..<min(to, steps.count) {
                emit(rollout, "RolloutStepCompleted", "Rollout step \(i + 1)/\(steps.count) completed (\(Self.stepText(steps[i])))")
            }
        }
        let wasPaused = !(before["pauseConditions"]?.arrayValue ?? []).isEmpty
        let isPaused = !(after["pauseConditions"]?.arrayValue ?? []).isEmpty
        if !wasPaused, isPaused, let reason = after["pauseConditions"]?[0]?["reason"]?.stringValue {
            emit(rollout, "RolloutPaused", "Rollout is paused (\(reason))")
        } else if wasPaused, !isPaused, after["abort"]?.boolValue != true {
            emit(rollout, "RolloutResumed", "Rollout is resumed")
        }
        if before["stableRS"] != after["stableRS"], after["stableRS"]?.stringValue == hash, !(before["stableRS"]?.stringValue ?? "").isEmpty {
            emit(rollout, "RolloutCompleted", "Rollout completed update to revision \(revision) (\(hash)): Rollout is completed")
        }
    }

    private func emit(_ rollout: JSON, _ reason: String, _ message: String) {
        recorder.record(rollout, reason: reason, message: message, component: Self.component)
    }

    /// Upstream's `CanaryStepString`.
    static func stepText(_ step: JSON) -> String {
        if let w = step["setWeight"]?.intValue { return "setWeight: \(w)" }
        if let pause = step["pause"] {
            guard let d = pause["duration"] else { return "pause" }
            return "pause: \(d.stringValue ?? d.intValue.map { "\($0)s" } ?? "")"
        }
        if step["experiment"] != nil { return "experiment" }
        if step["analysis"] != nil { return "analysis" }
        if let scale = step["setCanaryScale"] {
            if let w = scale["weight"]?.intValue { return "setCanaryScale{weight: \(w)}" }
            if let r = scale["replicas"]?.intValue { return "setCanaryScale{replicas: \(r)}" }
            return "setCanaryScale{matchTrafficWeight: true}"
        }
        if let name = step[path: ["plugin", "name"]]?.stringValue { return "plugin: \(name)" }
        if let name = step[path: ["setHeaderRoute", "name"]]?.stringValue { return "setHeaderRoute: \(name)" }
        if let name = step[path: ["setMirrorRoute", "name"]]?.stringValue { return "setMirrorRoute: \(name)" }
        return "invalid"
    }
}
