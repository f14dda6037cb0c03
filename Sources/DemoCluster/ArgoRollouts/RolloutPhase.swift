import JSONValue

/// The phase and message the Argo Rollouts controller writes into `status.phase` / `status.message`
/// (`CalculateRolloutPhase` in `utils/rollout/rolloututil.go`), computed from the spec and the
/// status the simulated controller is about to write.
enum RolloutPhase {
    static func calculate(spec: JSON, status: JSON) -> (phase: String, message: String) {
        for c in status["conditions"]?.arrayValue ?? [] {
            if c["type"]?.stringValue == "InvalidSpec" {
                return ("Degraded", "InvalidSpec: \(c["message"]?.stringValue ?? "")")
            }
            if let reason = c["reason"]?.stringValue, reason == "RolloutAborted" || reason == "ProgressDeadlineExceeded" {
                return ("Degraded", "\(reason): \(c["message"]?.stringValue ?? "")")
            }
        }
        if spec["paused"]?.boolValue == true { return ("Paused", "manually paused") }
        if let first = status["pauseConditions"]?.arrayValue?.first {
            return ("Paused", first["reason"]?.stringValue ?? "")
        }
        if let restartAt = spec["restartAt"]?.stringValue, status["restartedAt"]?.stringValue != restartAt {
            return ("Progressing", "rollout is restarting")
        }
        let replicas = spec["replicas"]?.intValue ?? 1
        let updated = status["updatedReplicas"]?.intValue ?? 0
        let available = status["availableReplicas"]?.intValue ?? 0
        if updated < replicas { return ("Progressing", "more replicas need to be updated") }
        if available < updated { return ("Progressing", "updated replicas are still becoming available") }
        let current = status["currentPodHash"]?.stringValue ?? ""
        let stable = status["stableRS"]?.stringValue ?? ""
        if spec[path: ["strategy", "blueGreen"]] != nil {
            let active = status[path: ["blueGreen", "activeSelector"]]?.stringValue ?? ""
            if active.isEmpty || active != current { return ("Progressing", "active service cutover pending") }
            if stable.isEmpty || stable != current {
                let post = status[path: ["blueGreen", "postPromotionAnalysisRunStatus", "status"]]?.stringValue
                if spec[path: ["strategy", "blueGreen", "postPromotionAnalysis"]] != nil,
                   !["Successful", "Failed", "Error", "Inconclusive"].contains(post ?? "") {
                    return ("Progressing", "waiting for analysis to complete")
                }
                return ("Progressing", "waiting for post-promotion verification to complete")
            }
        } else if spec[path: ["strategy", "canary"]] != nil {
            if spec[path: ["strategy", "canary", "trafficRouting"]] == nil,
               (status["replicas"]?.intValue ?? 0) > updated {
                return ("Progressing", "old replicas are pending termination")
            }
            if stable.isEmpty || stable != current { return ("Progressing", "waiting for all steps to complete") }
        }
        return ("Healthy", "")
    }
}
