/// The phase of a Rollout as the plugin reports it. There is no Aborted phase: an aborted
/// rollout is `Degraded` with a `RolloutAborted: …` message.
public enum RolloutPhase: String, Sendable, Hashable, Codable, CaseIterable {
    case healthy = "Healthy"
    case progressing = "Progressing"
    case paused = "Paused"
    case degraded = "Degraded"
}

/// Status and message of a Rollout, computed by the plugin's decision order
/// (`utils/rollout/rolloututil.go` `GetRolloutPhase`, then `CalculateRolloutPhase`).
public struct RolloutStatus: Sendable, Hashable {
    /// The phase word: one of `RolloutPhase`, or whatever a controller wrote in `status.phase`.
    public var status: String
    public var message: String

    public init(_ status: String, _ message: String = "") {
        self.status = status
        self.message = message
    }

    init(_ phase: RolloutPhase, _ message: String = "") {
        self.init(phase.rawValue, message)
    }

    /// The typed phase, when the status word is one of the four.
    public var phase: RolloutPhase? { RolloutPhase(rawValue: status) }

    /// `Status - Message`, or the status alone when there is no message (the `status` command's line).
    public var line: String { message.isEmpty ? status : "\(status) - \(message)" }

    /// Computes the status of `rollout`, first match wins.
    public static func of(_ rollout: Rollout) -> RolloutStatus {
        let s = rollout.status
        // 1. The controller has not seen the latest spec yet.
        if let observed = s.observedGeneration?.int, let generation = rollout.metadata.generation, observed < generation {
            return RolloutStatus(.progressing, "waiting for rollout spec update to be observed")
        }
        // 2. A promote was sent; the controller has not cleared its pause yet.
        if s.controllerPause == true, (s.pauseConditions ?? []).isEmpty {
            return RolloutStatus(.progressing, "waiting for rollout to unpause")
        }
        // 3. The referenced workload changed and the controller has not caught up.
        if rollout.spec.workloadRef != nil,
           let wanted = rollout.metadata.annotations?[Annotations.workloadGeneration].flatMap({ Int64($0) }),
           let seen = s.workloadObservedGeneration?.int, wanted != seen {
            return RolloutStatus(.progressing, "waiting for rollout spec update to be observed for the reference workload")
        }
        // 4. The controller's own verdict.
        if let phase = s.phase, !phase.isEmpty {
            return RolloutStatus(phase, s.message ?? "")
        }
        return calculated(rollout)
    }

    /// `CalculateRolloutPhase`: the client-side fallback when `status.phase` is absent.
    public static func calculated(_ rollout: Rollout) -> RolloutStatus {
        let s = rollout.status
        for c in s.conditions ?? [] {
            if c.type == "InvalidSpec" { return RolloutStatus(.degraded, "InvalidSpec: \(c.message ?? "")") }
            if let reason = c.reason, reason == "RolloutAborted" || reason == "ProgressDeadlineExceeded" {
                return RolloutStatus(.degraded, "\(reason): \(c.message ?? "")")
            }
        }
        if rollout.spec.paused == true { return RolloutStatus(.paused, "manually paused") }
        if let first = s.pauseConditions?.first { return RolloutStatus(.paused, first.reason ?? "") }
        if let restartAt = rollout.spec.restartAt, s.restartedAt != restartAt {
            return RolloutStatus(.progressing, "rollout is restarting")
        }
        let updated = s.updatedReplicas ?? 0
        if updated < rollout.desiredReplicas { return RolloutStatus(.progressing, "more replicas need to be updated") }
        if (s.availableReplicas ?? 0) < updated {
            return RolloutStatus(.progressing, "updated replicas are still becoming available")
        }
        let current = s.currentPodHash ?? ""
        if let blueGreen = rollout.spec.strategy?.blueGreen, rollout.spec.strategy?.canary == nil {
            let active = s.blueGreen?.activeSelector ?? ""
            if active.isEmpty || active != current { return RolloutStatus(.progressing, "active service cutover pending") }
            let stable = s.stableRS ?? ""
            if stable.isEmpty || stable != current {
                let finished: Set<String> = ["Successful", "Failed", "Error", "Inconclusive"]
                if blueGreen.postPromotionAnalysis != nil,
                   !finished.contains(s.blueGreen?.postPromotionAnalysisRunStatus?.status ?? "") {
                    return RolloutStatus(.progressing, "waiting for analysis to complete")
                }
                return RolloutStatus(.progressing, "waiting for post-promotion verification to complete")
            }
        } else if let canary = rollout.spec.strategy?.canary {
            if canary.trafficRouting == nil, (s.replicas ?? 0) > updated {
                return RolloutStatus(.progressing, "old replicas are pending termination")
            }
            let stable = s.stableRS ?? ""
            if stable.isEmpty || stable != current { return RolloutStatus(.progressing, "waiting for all steps to complete") }
        }
        return RolloutStatus(.healthy)
    }
}
