import KubeModel
import Testing
@testable import Delivery

/// The plugin's decision order, branch by branch (`GetRolloutPhase` then `CalculateRolloutPhase`).
@Suite struct RolloutStatusTests {
    /// A healthy canary: every count at the desired 3, stable == current.
    func healthyCanary() -> Rollout {
        var r = Rollout(metadata: ObjectMeta(name: "r", namespace: "ns", generation: 2))
        r.spec.replicas = 3
        r.spec.strategy = RolloutStrategy(canary: CanaryStrategy(steps: [CanaryStep(setWeight: 50)]))
        r.status.observedGeneration = LenientString("2")
        r.status.replicas = 3
        r.status.updatedReplicas = 3
        r.status.availableReplicas = 3
        r.status.currentPodHash = "abc"
        r.status.stableRS = "abc"
        return r
    }

    func healthyBlueGreen() -> Rollout {
        var r = healthyCanary()
        r.spec.strategy = RolloutStrategy(blueGreen: BlueGreenStrategy(activeService: "a"))
        r.status.blueGreen = .init(activeSelector: "abc")
        return r
    }

    @Test func healthy() {
        #expect(RolloutStatus.of(healthyCanary()) == RolloutStatus("Healthy"))
        #expect(RolloutStatus.of(healthyBlueGreen()) == RolloutStatus("Healthy"))
    }

    @Test func specNotObservedYet() {
        var r = healthyCanary()
        r.status.observedGeneration = LenientString("1")
        #expect(RolloutStatus.of(r) == RolloutStatus("Progressing", "waiting for rollout spec update to be observed"))
        r.status.observedGeneration = LenientString("7d66d4485f")
        #expect(RolloutStatus.of(r).status == "Healthy")
        r.status.observedGeneration = LenientString("3")
        #expect(RolloutStatus.of(r).status == "Healthy")
    }

    @Test func controllerPauseWithoutConditions() {
        var r = healthyCanary()
        r.status.controllerPause = true
        #expect(RolloutStatus.of(r) == RolloutStatus("Progressing", "waiting for rollout to unpause"))
        r.status.pauseConditions = [.init(reason: "CanaryPauseStep")]
        #expect(RolloutStatus.of(r) == RolloutStatus("Paused", "CanaryPauseStep"))
    }

    @Test func workloadGenerationNotObserved() {
        var r = healthyCanary()
        r.spec.workloadRef = WorkloadRef(apiVersion: "apps/v1", kind: "Deployment", name: "d")
        r.metadata.annotations = [Annotations.workloadGeneration: "5"]
        r.status.workloadObservedGeneration = LenientString("4")
        #expect(RolloutStatus.of(r) == RolloutStatus("Progressing", "waiting for rollout spec update to be observed for the reference workload"))
        r.status.workloadObservedGeneration = LenientString("5")
        #expect(RolloutStatus.of(r).status == "Healthy")
    }

    @Test func controllerPhaseIsTrustedVerbatim() {
        var r = healthyCanary()
        r.status.phase = "Paused"
        r.status.message = "CanaryPauseStep"
        #expect(RolloutStatus.of(r) == RolloutStatus("Paused", "CanaryPauseStep"))
    }

    @Test func degradedConditionsInOrder() {
        var r = healthyCanary()
        r.status.conditions = [Condition(type: "Progressing", status: "False", reason: "ProgressDeadlineExceeded", message: "timed out")]
        #expect(RolloutStatus.of(r) == RolloutStatus("Degraded", "ProgressDeadlineExceeded: timed out"))
        r.status.conditions = [Condition(type: "Progressing", status: "False", reason: "RolloutAborted", message: "metric failed")]
        #expect(RolloutStatus.of(r) == RolloutStatus("Degraded", "RolloutAborted: metric failed"))
        r.status.conditions!.insert(Condition(type: "InvalidSpec", status: "True", message: "bad selector"), at: 0)
        #expect(RolloutStatus.of(r) == RolloutStatus("Degraded", "InvalidSpec: bad selector"))
    }

    @Test func manualPauseComesBeforePauseConditions() {
        var r = healthyCanary()
        r.status.pauseConditions = [.init(reason: "BlueGreenPause")]
        #expect(RolloutStatus.of(r) == RolloutStatus("Paused", "BlueGreenPause"))
        r.spec.paused = true
        #expect(RolloutStatus.of(r) == RolloutStatus("Paused", "manually paused"))
    }

    @Test func restartPending() {
        var r = healthyCanary()
        r.spec.restartAt = KubeTime(rfc3339: "2026-01-01T00:00:00Z")
        #expect(RolloutStatus.of(r) == RolloutStatus("Progressing", "rollout is restarting"))
        r.status.restartedAt = r.spec.restartAt
        #expect(RolloutStatus.of(r).status == "Healthy")
    }

    @Test func replicaCounts() {
        var r = healthyCanary()
        r.status.updatedReplicas = 2
        #expect(RolloutStatus.of(r) == RolloutStatus("Progressing", "more replicas need to be updated"))
        r.status.updatedReplicas = 3
        r.status.availableReplicas = 2
        #expect(RolloutStatus.of(r) == RolloutStatus("Progressing", "updated replicas are still becoming available"))
        r.spec.replicas = nil
        r.status.updatedReplicas = 0
        #expect(RolloutStatus.of(r).message == "more replicas need to be updated", "replicas default to 1")
    }

    @Test func blueGreenCutoverAndAnalysis() {
        var r = healthyBlueGreen()
        r.status.blueGreen?.activeSelector = "old"
        #expect(RolloutStatus.of(r) == RolloutStatus("Progressing", "active service cutover pending"))
        r.status.blueGreen?.activeSelector = "abc"
        r.status.stableRS = "old"
        #expect(RolloutStatus.of(r) == RolloutStatus("Progressing", "waiting for post-promotion verification to complete"))
        r.spec.strategy?.blueGreen?.postPromotionAnalysis = .object(["templates": .array([])])
        #expect(RolloutStatus.of(r) == RolloutStatus("Progressing", "waiting for analysis to complete"))
        r.status.blueGreen?.postPromotionAnalysisRunStatus = .init(name: "ar", status: "Running")
        #expect(RolloutStatus.of(r).message == "waiting for analysis to complete")
        r.status.blueGreen?.postPromotionAnalysisRunStatus?.status = "Successful"
        #expect(RolloutStatus.of(r).message == "waiting for post-promotion verification to complete")
    }

    @Test func canaryOldReplicasAndSteps() {
        var r = healthyCanary()
        r.status.replicas = 4
        #expect(RolloutStatus.of(r) == RolloutStatus("Progressing", "old replicas are pending termination"))
        r.spec.strategy?.canary?.trafficRouting = .object(["nginx": .object([:])])
        #expect(RolloutStatus.of(r).message != "old replicas are pending termination", "traffic routing skips the check")
        r.status.stableRS = "old"
        #expect(RolloutStatus.of(r) == RolloutStatus("Progressing", "waiting for all steps to complete"))
    }

    @Test func statusLine() {
        #expect(RolloutStatus("Healthy").line == "Healthy")
        #expect(RolloutStatus("Paused", "BlueGreenPause").line == "Paused - BlueGreenPause")
        #expect(StatusOutcome.once(RolloutStatus("Progressing", "x")).exitCode == 0)
    }
}
