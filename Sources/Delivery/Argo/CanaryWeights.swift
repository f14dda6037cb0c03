/// SetWeight and ActualWeight of a canary (`utils/replicaset/canary.go`, `rollout_info.go`).
public enum CanaryWeights {
    /// The index of the running step, or nil when all steps are done or there are none.
    static func currentStepIndex(_ rollout: Rollout) -> Int? {
        let steps = rollout.steps
        guard !steps.isEmpty else { return nil }
        let index = Int(rollout.status.currentStepIndex ?? 0)
        return index < steps.count ? index : nil
    }

    /// `GetCurrentSetWeight`: 0 when aborted; the maximum when no step runs; else the nearest
    /// `setWeight` at or before the current step, or 0.
    static func setWeight(_ rollout: Rollout) -> Int32 {
        if rollout.status.abort == true { return 0 }
        let max = rollout.spec.strategy?.canary?.maxWeight ?? 100
        guard let index = currentStepIndex(rollout) else { return max }
        for i in stride(from: index, through: 0, by: -1) {
            if let w = rollout.steps[i].setWeight { return w }
        }
        return 0
    }

    /// Whether `actualWeight` is read from the canary ReplicaSet (a step runs, no traffic routing,
    /// pods available): without that ReplicaSet at hand the actual weight is unknown, not 0.
    public static func actualWeightNeedsReplicaSet(_ rollout: Rollout) -> Bool {
        rollout.isCanary && currentStepIndex(rollout) != nil && (rollout.status.availableReplicas ?? 0) > 0
            && rollout.spec.strategy?.canary?.trafficRouting == nil
    }

    /// The weight traffic has: the maximum when no step runs; without traffic routing, the
    /// canary ReplicaSet's share of available pods; with it, what the router reports, else SetWeight.
    static func actualWeight(_ rollout: Rollout, setWeight: Int32, canaryAvailable: Int32?) -> Int32 {
        let canary = rollout.spec.strategy?.canary
        let max = canary?.maxWeight ?? 100
        guard currentStepIndex(rollout) != nil else { return max }
        let available = rollout.status.availableReplicas ?? 0
        guard available > 0 else { return 0 }
        if canary?.trafficRouting == nil {
            guard let canaryAvailable else { return 0 }
            // Int32 × Int32 fits Int64; the share can still pass Int32 when counts disagree.
            return Int32(clamping: Int64(canaryAvailable) * Int64(max) / Int64(available))
        }
        return rollout.status.canary?.weights?.canary?.weight ?? setWeight
    }
}
