import KubeModel
import Testing
@testable import Delivery

/// One row of a decision table: a name (shown by the test runner), a change to a base object,
/// and what the rule under test must answer.
struct Row<Object: Sendable, Expected: Sendable>: Sendable, CustomTestStringConvertible {
    let name: String
    let change: @Sendable (inout Object) -> Void
    let expected: Expected
    init(_ name: String, _ expected: Expected, _ change: @escaping @Sendable (inout Object) -> Void) {
        self.name = name
        self.change = change
        self.expected = expected
    }
    var testDescription: String { name }
    func applied(to base: Object) -> Object {
        var o = base
        change(&o)
        return o
    }
}

/// The plugin's status decision order (reference argo-rollouts.md B.1) as a table: one row per
/// rule, and for each rule a row where it and the next rule both apply, so that swapping two
/// rules, or dropping one, changes at least one answer.
@Suite struct StatusDecisionTableTests {
    /// A healthy canary: generation observed, every count at the desired 3, stable == current.
    static var healthyCanary: Rollout {
        var r = Rollout(metadata: ObjectMeta(name: "r", namespace: "ns", generation: 2))
        r.spec.replicas = 3
        r.spec.strategy = RolloutStrategy(canary: CanaryStrategy(steps: [CanaryStep(setWeight: 50), CanaryStep(pause: .init())]))
        r.status.observedGeneration = LenientString("2")
        r.status.replicas = 3
        r.status.updatedReplicas = 3
        r.status.availableReplicas = 3
        r.status.currentPodHash = "abc"
        r.status.stableRS = "abc"
        return r
    }

    static var healthyBlueGreen: Rollout {
        var r = healthyCanary
        r.spec.strategy = RolloutStrategy(blueGreen: BlueGreenStrategy(activeService: "a"))
        r.status.blueGreen = .init(activeSelector: "abc")
        return r
    }

    typealias StatusRow = Row<Rollout, RolloutStatus>

    static let unobserved = "waiting for rollout spec update to be observed"
    static let unpause = "waiting for rollout to unpause"
    static let workload = "waiting for rollout spec update to be observed for the reference workload"

    @Sendable static func workloadBehind(_ r: inout Rollout) {
        r.spec.workloadRef = WorkloadRef(apiVersion: "apps/v1", kind: "Deployment", name: "d")
        r.metadata.annotations = [Annotations.workloadGeneration: "5"]
        r.status.workloadObservedGeneration = LenientString("4")
    }

    @Sendable static func promotedNotYetUnpaused(_ r: inout Rollout) {
        r.status.phase = "Paused"
        r.status.message = "CanaryPauseStep"
        r.status.controllerPause = true
        r.status.pauseConditions = nil
    }

    /// The first four rules (`GetRolloutPhase`), with their overlaps.
    static let getPhaseRows: [StatusRow] = [
        Row("1: generation not observed", RolloutStatus("Progressing", unobserved)) { $0.status.observedGeneration = LenientString("1") },
        Row("1 over 2: not observed and controllerPause without conditions", RolloutStatus("Progressing", unobserved)) {
            $0.status.observedGeneration = LenientString("1")
            $0.status.controllerPause = true
        },
        Row("1 over 4: not observed while status.phase says Healthy", RolloutStatus("Progressing", unobserved)) {
            $0.status.observedGeneration = LenientString("1")
            $0.status.phase = "Healthy"
        },
        Row("1 does not apply: observedGeneration is not a number", RolloutStatus("Healthy")) { $0.status.observedGeneration = LenientString("7d66d4485f") },
        Row("1 does not apply: observedGeneration ahead", RolloutStatus("Healthy")) { $0.status.observedGeneration = LenientString("3") },
        Row("2: controllerPause with no pauseConditions", RolloutStatus("Progressing", unpause)) { $0.status.controllerPause = true },
        Row("2: controllerPause with an empty pauseConditions list", RolloutStatus("Progressing", unpause)) {
            $0.status.controllerPause = true
            $0.status.pauseConditions = []
        },
        Row("2 over 4: just promoted (phase Paused, CanaryPauseStep, controllerPause, pauseConditions null)",
            RolloutStatus("Progressing", unpause), promotedNotYetUnpaused),
        Row("2 over 3: controllerPause and the workload generation behind", RolloutStatus("Progressing", unpause)) {
            workloadBehind(&$0)
            $0.status.controllerPause = true
        },
        Row("2 does not apply: controllerPause with a pause condition", RolloutStatus("Paused", "CanaryPauseStep")) {
            $0.status.controllerPause = true
            $0.status.pauseConditions = [.init(reason: "CanaryPauseStep")]
        },
        Row("3: workload generation not observed", RolloutStatus("Progressing", workload), workloadBehind),
        Row("3 over 4: workload generation behind while status.phase is set", RolloutStatus("Progressing", workload)) {
            workloadBehind(&$0)
            $0.status.phase = "Healthy"
            $0.status.message = ""
        },
        Row("3 does not apply without workloadRef", RolloutStatus("Healthy")) {
            workloadBehind(&$0)
            $0.spec.workloadRef = nil
        },
        Row("3 does not apply when the generations agree", RolloutStatus("Healthy")) {
            workloadBehind(&$0)
            $0.status.workloadObservedGeneration = LenientString("5")
        },
        Row("4: status.phase verbatim", RolloutStatus("Paused", "CanaryPauseStep")) {
            $0.status.phase = "Paused"
            $0.status.message = "CanaryPauseStep"
        },
        Row("4 over 5: status.phase Healthy although a condition says aborted", RolloutStatus("Healthy")) {
            $0.status.phase = "Healthy"
            $0.status.conditions = [Condition(type: "Progressing", status: "False", reason: "RolloutAborted", message: "m")]
        },
        Row("4: an unknown phase word is kept", RolloutStatus("ScaledDown", "x")) {
            $0.status.phase = "ScaledDown"
            $0.status.message = "x"
        },
        Row("4 does not apply: empty status.phase", RolloutStatus("Paused", "manually paused")) {
            $0.status.phase = ""
            $0.spec.paused = true
        },
    ]

    /// `CalculateRolloutPhase` (B.1 step 5), with their overlaps.
    static let calculatedRows: [StatusRow] = [
        Row("5.1: InvalidSpec", RolloutStatus("Degraded", "InvalidSpec: bad")) {
            $0.status.conditions = [Condition(type: "InvalidSpec", status: "True", message: "bad")]
        },
        Row("5.1: conditions in order, the first match wins", RolloutStatus("Degraded", "ProgressDeadlineExceeded: slow")) {
            $0.status.conditions = [Condition(type: "Available", status: "True", reason: "AvailableReason"),
                                    Condition(type: "Progressing", status: "False", reason: "ProgressDeadlineExceeded", message: "slow"),
                                    Condition(type: "InvalidSpec", status: "True", message: "bad")]
        },
        Row("5.1: RolloutAborted on any condition type", RolloutStatus("Degraded", "RolloutAborted: metric failed")) {
            $0.status.conditions = [Condition(type: "Paused", status: "True", reason: "RolloutAborted", message: "metric failed")]
        },
        Row("5.1 over 5.2: aborted and manually paused", RolloutStatus("Degraded", "RolloutAborted: m")) {
            $0.status.conditions = [Condition(type: "Progressing", status: "False", reason: "RolloutAborted", message: "m")]
            $0.spec.paused = true
        },
        Row("5.1 does not apply: another reason", RolloutStatus("Healthy")) {
            $0.status.conditions = [Condition(type: "Progressing", status: "True", reason: "NewReplicaSetAvailable", message: "ok")]
        },
        Row("5.2: manually paused", RolloutStatus("Paused", "manually paused")) { $0.spec.paused = true },
        Row("5.2 over 5.3: manually paused with a pause condition", RolloutStatus("Paused", "manually paused")) {
            $0.spec.paused = true
            $0.status.pauseConditions = [.init(reason: "BlueGreenPause")]
        },
        Row("5.3: the first pause condition's reason", RolloutStatus("Paused", "InconclusiveAnalysisRun")) {
            $0.status.pauseConditions = [.init(reason: "InconclusiveAnalysisRun"), .init(reason: "CanaryPauseStep")]
        },
        Row("5.3 over 5.4: paused with a restart pending", RolloutStatus("Paused", "CanaryPauseStep")) {
            $0.status.pauseConditions = [.init(reason: "CanaryPauseStep")]
            $0.spec.restartAt = KubeTime(rfc3339: "2026-01-01T00:00:00Z")
        },
        Row("5.4: restart pending", RolloutStatus("Progressing", "rollout is restarting")) {
            $0.spec.restartAt = KubeTime(rfc3339: "2026-01-01T00:00:00Z")
        },
        Row("5.4 over 5.5: restart pending with replicas to update", RolloutStatus("Progressing", "rollout is restarting")) {
            $0.spec.restartAt = KubeTime(rfc3339: "2026-01-01T00:00:00Z")
            $0.status.restartedAt = KubeTime(rfc3339: "2025-12-01T00:00:00Z")
            $0.status.updatedReplicas = 1
        },
        Row("5.4 does not apply once restartedAt caught up", RolloutStatus("Healthy")) {
            $0.spec.restartAt = KubeTime(rfc3339: "2026-01-01T00:00:00Z")
            $0.status.restartedAt = KubeTime(rfc3339: "2026-01-01T00:00:00Z")
        },
        Row("5.5: updated below desired", RolloutStatus("Progressing", "more replicas need to be updated")) { $0.status.updatedReplicas = 2 },
        Row("5.5 over 5.6: updated below desired and available below updated", RolloutStatus("Progressing", "more replicas need to be updated")) {
            $0.status.updatedReplicas = 2
            $0.status.availableReplicas = 1
        },
        Row("5.5: desired defaults to 1", RolloutStatus("Progressing", "more replicas need to be updated")) {
            $0.spec.replicas = nil
            $0.status.updatedReplicas = nil
            $0.status.availableReplicas = nil
        },
        Row("5.6: available below updated", RolloutStatus("Progressing", "updated replicas are still becoming available")) {
            $0.status.availableReplicas = 2
        },
        Row("5.6 over 5.8: available below updated and old replicas left", RolloutStatus("Progressing", "updated replicas are still becoming available")) {
            $0.status.availableReplicas = 2
            $0.status.replicas = 5
        },
        Row("5.8: old replicas pending termination", RolloutStatus("Progressing", "old replicas are pending termination")) { $0.status.replicas = 4 },
        Row("5.8: old replicas before the steps", RolloutStatus("Progressing", "old replicas are pending termination")) {
            $0.status.replicas = 4
            $0.status.stableRS = "old"
        },
        Row("5.8: traffic routing skips the old-replicas check", RolloutStatus("Progressing", "waiting for all steps to complete")) {
            $0.status.replicas = 4
            $0.status.stableRS = "old"
            $0.spec.strategy?.canary?.trafficRouting = .object(["nginx": .object([:])])
        },
        Row("5.8: no stable ReplicaSet yet", RolloutStatus("Progressing", "waiting for all steps to complete")) { $0.status.stableRS = nil },
        Row("5.9: a step-less canary at its stable revision is healthy", RolloutStatus("Healthy")) {
            $0.spec.strategy?.canary?.steps = nil
        },
    ]

    static let blueGreenRows: [StatusRow] = [
        Row("5.7: active selector behind", RolloutStatus("Progressing", "active service cutover pending")) { $0.status.blueGreen?.activeSelector = "old" },
        Row("5.7: no active selector", RolloutStatus("Progressing", "active service cutover pending")) { $0.status.blueGreen = nil },
        Row("5.7: cutover before post-promotion analysis", RolloutStatus("Progressing", "active service cutover pending")) {
            $0.status.blueGreen?.activeSelector = "old"
            $0.status.stableRS = "old"
            $0.spec.strategy?.blueGreen?.postPromotionAnalysis = .object(["templates": .array([])])
        },
        Row("5.7: stable behind, no analysis", RolloutStatus("Progressing", "waiting for post-promotion verification to complete")) {
            $0.status.stableRS = "old"
        },
        Row("5.7: stable behind, analysis not started", RolloutStatus("Progressing", "waiting for analysis to complete")) {
            $0.status.stableRS = "old"
            $0.spec.strategy?.blueGreen?.postPromotionAnalysis = .object(["templates": .array([])])
        },
        Row("5.7: stable behind, analysis running", RolloutStatus("Progressing", "waiting for analysis to complete")) {
            $0.status.stableRS = "old"
            $0.spec.strategy?.blueGreen?.postPromotionAnalysis = .object(["templates": .array([])])
            $0.status.blueGreen?.postPromotionAnalysisRunStatus = .init(name: "ar", status: "Running")
        },
        Row("5.7: stable behind, analysis done", RolloutStatus("Progressing", "waiting for post-promotion verification to complete")) {
            $0.status.stableRS = "old"
            $0.spec.strategy?.blueGreen?.postPromotionAnalysis = .object(["templates": .array([])])
            $0.status.blueGreen?.postPromotionAnalysisRunStatus = .init(name: "ar", status: "Inconclusive")
        },
        Row("5.7: old replicas are not a blue/green rule", RolloutStatus("Healthy")) { $0.status.replicas = 6 },
        Row("5.9: healthy", RolloutStatus("Healthy")) { _ in },
    ]

    @Test(arguments: getPhaseRows + calculatedRows)
    func canaryRow(_ row: StatusRow) {
        #expect(RolloutStatus.of(row.applied(to: Self.healthyCanary)) == row.expected)
    }

    @Test(arguments: blueGreenRows)
    func blueGreenRow(_ row: StatusRow) {
        #expect(RolloutStatus.of(row.applied(to: Self.healthyBlueGreen)) == row.expected)
    }

    /// Issue 21, survivor 1: the state right after a promote, as the plugin reports it.
    @Test func justPromotedIsProgressingNotPaused() {
        var r = Self.healthyCanary
        Self.promotedNotYetUnpaused(&r)
        #expect(RolloutStatus.of(r).line == "Progressing - waiting for rollout to unpause")
        var ref = Self.healthyCanary
        Self.workloadBehind(&ref)
        ref.status.phase = "Healthy"
        #expect(RolloutStatus.of(ref).line == "Progressing - waiting for rollout spec update to be observed for the reference workload")
    }

    @Test(arguments: ["Successful", "Failed", "Error", "Inconclusive"])
    func everyFinishedAnalysisLeavesOnlyVerification(_ phase: String) {
        var r = Self.healthyBlueGreen
        r.status.stableRS = "old"
        r.spec.strategy?.blueGreen?.postPromotionAnalysis = .object(["templates": .array([])])
        r.status.blueGreen?.postPromotionAnalysisRunStatus = .init(name: "ar", status: phase)
        #expect(RolloutStatus.of(r).message == "waiting for post-promotion verification to complete")
    }

    /// Invariants over random rollouts: the first three rules decide alone when they apply;
    /// otherwise a controller's phase is trusted verbatim, and without one the calculated status
    /// is one of the four phases.
    @Test func decisionOrderInvariants() {
        var random = SeededRandom(seed: 21)
        for _ in 0..<2000 {
            let r = random.rollout()
            let s = r.status
            let status = RolloutStatus.of(r)
            let observedBehind = s.observedGeneration.flatMap { Int64($0.value) }.map { $0 < (r.metadata.generation ?? 0) } ?? false
            let unpausing = s.controllerPause == true && (s.pauseConditions ?? []).isEmpty
            let workloadBehind = r.spec.workloadRef != nil
                && r.metadata.annotations?[Annotations.workloadGeneration] != s.workloadObservedGeneration?.value
            if observedBehind {
                #expect(status == RolloutStatus("Progressing", Self.unobserved), "\(r)")
            } else if unpausing {
                #expect(status == RolloutStatus("Progressing", Self.unpause), "\(r)")
            } else if workloadBehind {
                #expect(status == RolloutStatus("Progressing", Self.workload), "\(r)")
            } else if let phase = s.phase, !phase.isEmpty {
                #expect(status == RolloutStatus(phase, s.message ?? ""), "\(r)")
            } else {
                #expect(status == RolloutStatus.calculated(r))
                #expect(status.phase != nil, "\(r)")
                #expect((status.phase == .healthy) == status.message.isEmpty, "\(r)")
                if s.conditions?.contains(where: { $0.reason == "RolloutAborted" }) == true { #expect(status.phase == .degraded) }
                if r.spec.paused == true, s.conditions == nil { #expect(status == RolloutStatus("Paused", "manually paused")) }
            }
        }
    }
}

/// A small deterministic generator (SplitMix64) for the property tests: the same seed gives the
/// same objects on every run, so a failure reproduces.
struct SeededRandom {
    private var state: UInt64
    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    mutating func int(_ range: ClosedRange<Int>) -> Int { range.lowerBound + Int(next() % UInt64(range.count)) }
    mutating func bool() -> Bool { next() & 1 == 1 }
    mutating func maybe<T>(_ value: T) -> T? { bool() ? value : nil }
    mutating func pick<T>(_ values: [T]) -> T { values[int(0...values.count - 1)] }

    /// A rollout whose every field a status or plan rule reads is drawn from a few values that
    /// make the rules meet (equal and different hashes, counts around the desired one).
    mutating func rollout() -> Rollout {
        var r = Rollout(metadata: ObjectMeta(name: "r", namespace: "ns", generation: Int64(int(1...3))))
        r.spec.replicas = maybe(Int32(int(0...3)))
        r.spec.paused = maybe(bool())
        if bool() {
            r.spec.strategy = RolloutStrategy(canary: CanaryStrategy(steps: maybe((0..<int(0...3)).map { CanaryStep(setWeight: Int32($0 * 10)) })))
            if bool() { r.spec.strategy?.canary?.trafficRouting = .object(["nginx": .object([:])]) }
        } else {
            r.spec.strategy = RolloutStrategy(blueGreen: BlueGreenStrategy(activeService: "a"))
            if bool() { r.spec.strategy?.blueGreen?.postPromotionAnalysis = .object([:]) }
            r.status.blueGreen = .init(activeSelector: maybe(pick(["a", "b"])))
            if bool() { r.status.blueGreen?.postPromotionAnalysisRunStatus = .init(name: "ar", status: pick(["Running", "Successful", "Failed"])) }
        }
        if int(0...3) == 0 {
            r.spec.workloadRef = WorkloadRef(apiVersion: "apps/v1", kind: "Deployment", name: "d")
            r.metadata.annotations = [Annotations.workloadGeneration: pick(["1", "2"])]
            r.status.workloadObservedGeneration = LenientString(pick(["1", "2"]))
        }
        r.spec.restartAt = bool() ? KubeTime(rfc3339: pick(["2026-01-01T00:00:00Z", "2026-01-02T00:00:00Z"])) : nil
        r.status.restartedAt = bool() ? KubeTime(rfc3339: pick(["2026-01-01T00:00:00Z", "2026-01-02T00:00:00Z"])) : nil
        r.status.observedGeneration = maybe(LenientString(pick(["1", "2", "3", "abc"])))
        r.status.controllerPause = maybe(bool())
        r.status.pauseConditions = maybe((0..<int(0...2)).map { _ in .init(reason: pick(["CanaryPauseStep", "BlueGreenPause", "InconclusiveAnalysisRun"])) })
        r.status.phase = int(0...2) == 0 ? pick(["Healthy", "Paused", "Degraded", "Progressing", ""]) : nil
        r.status.message = r.status.phase == nil ? nil : pick(["", "CanaryPauseStep"])
        r.status.abort = maybe(bool())
        if int(0...3) == 0 {
            r.status.conditions = [Condition(type: pick(["Progressing", "InvalidSpec", "Available"]), status: "False",
                                             reason: pick(["RolloutAborted", "ProgressDeadlineExceeded", "NewReplicaSetAvailable"]), message: "m")]
        }
        r.status.replicas = maybe(Int32(int(0...4)))
        r.status.updatedReplicas = maybe(Int32(int(0...3)))
        r.status.availableReplicas = maybe(Int32(int(0...3)))
        r.status.currentPodHash = maybe(pick(["a", "b"]))
        r.status.stableRS = maybe(pick(["a", "b"]))
        r.status.currentStepIndex = maybe(Int32(int(0...4)))
        r.status.promoteFull = maybe(bool())
        if r.isCanary, bool() {
            r.status.canary = RolloutStatusFields.Canary()
            r.status.canary?.currentStepAnalysisRunStatus = .init(name: "ar", status: pick(["Inconclusive", "Running"]))
        }
        return r
    }
}
