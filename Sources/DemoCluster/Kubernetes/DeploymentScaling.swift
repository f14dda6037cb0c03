import JSONValue

/// kube-controller-manager's arithmetic for a Deployment's ReplicaSet sizes
/// (`pkg/controller/deployment/rolling.go`, `recreate.go`, `util/deployment_util.go`), on plain
/// counts so it is tested without a cluster.
///
/// Rolling update: the new ReplicaSet grows while every ReplicaSet's `spec.replicas` together stay
/// within `replicas + maxSurge`; old ReplicaSets shrink, unhealthy pods first, while the pods
/// available stay at least `replicas - maxUnavailable`. Recreate: the old ReplicaSets go to zero,
/// and the new one grows once their pods are gone.
struct DeploymentScaling: Equatable {
    /// One ReplicaSet's counts: `spec.replicas`, `status.replicas`, `status.availableReplicas`.
    struct Set: Equatable {
        var spec: Int
        var pods: Int
        var available: Int
    }

    var replicas: Int
    var maxSurge: Int
    var maxUnavailable: Int
    var recreate: Bool

    /// `ResolveFenceposts`: each bound is a count or a percentage of `replicas` (surge rounds
    /// up, unavailable down; 25% each when absent); when both come to zero, one pod may be unavailable.
    init(replicas: Int, strategy: JSON?) {
        self.replicas = replicas
        recreate = strategy?["type"]?.stringValue == "Recreate"
        let rolling = strategy?["rollingUpdate"]
        var surge = Self.resolve(rolling?["maxSurge"], of: replicas, roundUp: true)
        var unavailable = Self.resolve(rolling?["maxUnavailable"], of: replicas, roundUp: false)
        if surge == 0, unavailable == 0 { unavailable = 1 }
        if recreate { surge = 0; unavailable = 0 }
        maxSurge = surge
        // `MaxUnavailable`: never more than the replicas.
        maxUnavailable = min(unavailable, replicas)
    }

    static func resolve(_ value: JSON?, of total: Int, roundUp: Bool) -> Int {
        if let n = value?.countValue { return n }
        let text = value?.stringValue ?? "25%"
        guard text.hasSuffix("%"), let percent = Int(text.dropLast())?.clamped(to: 0...100) else { return 0 }
        let scaled = percent * total
        return roundUp ? (scaled + 99) / 100 : scaled / 100
    }

    /// The new ReplicaSet's `spec.replicas` (`NewRSNewReplicas`), given every ReplicaSet's counts.
    func newReplicas(new: Set, old: [Set]) -> Int {
        if recreate { return old.allSatisfy { $0.pods == 0 && $0.spec == 0 } ? replicas : new.spec }
        if new.spec >= replicas { return replicas }
        let current = old.reduce(new.spec) { $0 + $1.spec }
        let maxTotal = replicas + maxSurge
        guard current < maxTotal else { return new.spec }
        return new.spec + min(maxTotal - current, replicas - new.spec)
    }

    /// The old ReplicaSets' `spec.replicas`, oldest first (`reconcileOldReplicaSets`: unhealthy
    /// replicas cleaned up first, then available ones scaled down to the minimum available).
    func oldReplicas(new: Set, old: [Set]) -> [Int] {
        if recreate { return old.map { _ in 0 } }
        var sizes = old.map(\.spec)
        guard sizes.reduce(0, +) > 0 else { return sizes }
        let minAvailable = replicas - maxUnavailable
        let all = sizes.reduce(new.spec, +)
        let maxScaledDown = all - minAvailable - (new.spec - new.available)
        guard maxScaledDown > 0 else { return sizes }
        var cleaned = 0
        for i in sizes.indices where cleaned < maxScaledDown && sizes[i] > 0 && sizes[i] > old[i].available {
            let n = min(maxScaledDown - cleaned, sizes[i] - old[i].available)
            sizes[i] -= n
            cleaned += n
        }
        let available = old.reduce(new.available) { $0 + $1.available }
        guard available > minAvailable else { return sizes }
        let total = available - minAvailable
        var scaled = 0
        for i in sizes.indices where scaled < total && sizes[i] > 0 {
            let n = min(sizes[i], total - scaled)
            sizes[i] -= n
            scaled += n
        }
        return sizes
    }
}
