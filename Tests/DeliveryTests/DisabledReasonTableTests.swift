import Foundation
import KubeModel
import Testing
@testable import Delivery

/// Every refusal of `RolloutDisabledReason`, each with its exact text, in every status an action
/// meets, and the neighbouring case where it does not apply.
@Suite struct RolloutDisabledReasonTableTests {
    static var paused: Rollout {
        var r = StatusDecisionTableTests.healthyCanary
        r.status.currentPodHash = "new"
        r.status.stableRS = "old"
        r.status.currentStepIndex = 1
        r.status.pauseConditions = [.init(reason: "CanaryPauseStep")]
        r.status.controllerPause = true
        return r
    }

    @Sendable static func progressing(_ r: inout Rollout) {
        r.status.pauseConditions = nil
        r.status.controllerPause = nil
    }

    @Sendable static func aborted(_ r: inout Rollout) {
        progressing(&r)
        r.status.abort = true
        r.status.conditions = [Condition(type: "Progressing", status: "False", reason: "RolloutAborted", message: "metric failed")]
    }

    @Sendable static func healthy(_ r: inout Rollout) {
        progressing(&r)
        r.status.stableRS = "new"
    }

    @Sendable static func timedOut(_ r: inout Rollout) {
        progressing(&r)
        r.status.conditions = [Condition(type: "Progressing", status: "False", reason: "ProgressDeadlineExceeded", message: "slow")]
    }

    typealias ReasonRow = Row<Rollout, String?>
    static let whollyPromoted = "nothing to promote: the rollout is fully promoted"

    /// (action, row): the row changes the paused canary.
    static let rows: [(RolloutAction, ReasonRow)] = [
        (.abort, Row("abort while paused", nil) { _ in }),
        (.abort, Row("abort while progressing", nil, progressing)),
        (.abort, Row("abort while healthy", "only a progressing or paused rollout can be aborted (it is Healthy)", healthy)),
        (.abort, Row("abort while degraded", "only a progressing or paused rollout can be aborted (it is Degraded)", timedOut)),
        (.abort, Row("abort when aborted (also degraded)", "the rollout is already aborted", aborted)),
        (.abort, Row("abort by the controller's phase", "only a progressing or paused rollout can be aborted (it is Healthy)") {
            $0.status.phase = "Healthy"
            $0.status.message = ""
        }),
        (.promote, Row("promote while paused", nil) { _ in }),
        (.promote, Row("promote while progressing", nil, progressing)),
        (.promote, Row("promote when aborted (also degraded)", "the rollout is aborted: retry it before promoting", aborted)),
        (.promote, Row("promote when degraded", "the rollout is degraded (ProgressDeadlineExceeded: slow)", timedOut)),
        (.promote, Row("promote when fully promoted", whollyPromoted, healthy)),
        (.promote, Row("promote a promoted but manually paused rollout", nil) { healthy(&$0); $0.spec.paused = true }),
        (.promote, Row("promote a promoted rollout with a pause condition", nil) { healthy(&$0); $0.status.pauseConditions = [.init(reason: "CanaryPauseStep")] }),
        (.promote, Row("promote a blue/green at its revision", "nothing to promote: the active ReplicaSet is already the current revision") {
            healthy(&$0)
            $0.spec.strategy = RolloutStrategy(blueGreen: BlueGreenStrategy(activeService: "a"))
            $0.status.blueGreen = .init(activeSelector: "new")
        }),
        (.promote, Row("promote without a current hash", nil) { healthy(&$0); $0.status.currentPodHash = nil; $0.status.stableRS = nil }),
        (.promoteFull, Row("promote --full while paused", nil) { _ in }),
        (.promoteFull, Row("promote --full twice", "a full promotion is already under way") { $0.status.promoteFull = true }),
        (.promoteFull, Row("promote --full twice on blue/green: no such refusal", nil) {
            $0.status.promoteFull = true
            $0.spec.strategy = RolloutStrategy(blueGreen: BlueGreenStrategy(activeService: "a"))
        }),
        (.promoteFull, Row("promote --full when aborted", "the rollout is aborted: retry it before promoting") { aborted(&$0); $0.status.promoteFull = true }),
        (.promoteFull, Row("promote --full when promoted", whollyPromoted) { healthy(&$0); $0.status.promoteFull = true }),
        (.retry, Row("retry when aborted", nil, aborted)),
        (.retry, Row("retry when degraded but not aborted", "nothing to retry: the rollout is not aborted", timedOut)),
        (.retry, Row("retry while paused", "nothing to retry: the rollout is not aborted") { _ in }),
        (.restart(delay: 0), Row("restart", nil) { _ in }),
        (.restart(delay: 0), Row("restart pending", "a restart is already pending") { $0.spec.restartAt = KubeTime(rfc3339: "2026-01-01T00:00:00Z") }),
        (.restart(delay: 0), Row("restart done", nil) {
            $0.spec.restartAt = KubeTime(rfc3339: "2026-01-01T00:00:00Z")
            $0.status.restartedAt = KubeTime(rfc3339: "2026-01-01T00:00:00Z")
        }),
        (.pause, Row("pause", nil) { _ in }),
        (.pause, Row("pause when manually paused", "the rollout is already paused") { $0.spec.paused = true }),
        (.resume, Row("resume when manually paused", nil) { $0.spec.paused = true }),
        (.resume, Row("resume a controller pause", "the rollout is not manually paused") { _ in }),
        (.setImage(container: "web", image: "x"), Row("set image of a container", nil) {
            $0.spec.template = PodTemplateSpec(spec: PodSpec(containers: [Container(name: "web")]))
        }),
        (.setImage(container: "init", image: "x"), Row("set image of an init container", nil) {
            $0.spec.template = PodTemplateSpec(spec: PodSpec(containers: [Container(name: "web")], initContainers: [Container(name: "init")]))
        }),
        (.setImage(container: "*", image: "x"), Row("set image of every container", nil) { _ in }),
        (.setImage(container: "nope", image: "x"), Row("set image of a missing container", "there is no container named \"nope\"") {
            $0.spec.template = PodTemplateSpec(spec: PodSpec(containers: [Container(name: "web")]))
        }),
        (.setImage(container: "nope", image: "x"), Row("set image through a workloadRef", nil) {
            $0.spec.workloadRef = WorkloadRef(apiVersion: "apps/v1", kind: "Deployment", name: "d")
        }),
    ]

    @Test(arguments: rows)
    func reason(_ action: RolloutAction, _ row: ReasonRow) {
        #expect(RolloutDisabledReason.of(action, row.applied(to: Self.paused)) == row.expected)
    }

    /// Issue 21, survivor 3: abort is allowed while Progressing, not only while Paused, and
    /// refused when Healthy or Degraded.
    @Test func abortFollowsTheDashboard() {
        var r = Self.paused
        Self.progressing(&r)
        #expect(RolloutStatus.of(r).phase == .progressing)
        #expect(RolloutDisabledReason.of(.abort, r) == nil)
        Self.healthy(&r)
        #expect(RolloutDisabledReason.of(.abort, r) == "only a progressing or paused rollout can be aborted (it is Healthy)")
    }

    /// The objects-dependent refusals: undo's history, AnalysisRuns and Experiments by phase.
    @Test func historyRunsAndExperiments() throws {
        var r = Self.paused
        r.metadata.uid = "u1"
        func rs(_ revision: String, owner: String = "u1") -> ReplicaSet {
            ReplicaSet(metadata: ObjectMeta(name: "r-\(revision)", namespace: "ns", uid: "rs\(revision)",
                                            annotations: [Annotations.revision: revision],
                                            ownerReferences: [OwnerReference(kind: "Rollout", name: "r", uid: owner, controller: true)]))
        }
        let one = ObjectSet(replicaSets: [rs("1"), rs("2", owner: "other")])
        let two = ObjectSet(replicaSets: [rs("1"), rs("2")])
        #expect(RolloutDisabledReason.of(.undo(toRevision: nil), r, objects: one) == "there is no previous revision to go back to")
        #expect(RolloutDisabledReason.of(.undo(toRevision: nil), r, objects: two) == nil)
        #expect(RolloutDisabledReason.of(.undo(toRevision: 2), r, objects: one) == "revision 2 is not in the history")
        #expect(RolloutDisabledReason.of(.undo(toRevision: 2), r, objects: two) == nil)

        func run(_ name: String, ns: String = "ns", phase: String?, terminate: Bool? = nil) -> AnalysisRun {
            var a = AnalysisRun(metadata: ObjectMeta(name: name, namespace: ns))
            a.status.phase = phase
            a.spec.terminate = terminate
            return a
        }
        let runs = ObjectSet(analysisRuns: [run("running", phase: "Running"), run("done", phase: "Successful"),
                                            run("told", phase: "Running", terminate: true), run("elsewhere", ns: "other", phase: "Running")])
        #expect(RolloutDisabledReason.of(.terminateAnalysisRun(name: "running"), r, objects: runs) == nil)
        #expect(RolloutDisabledReason.of(.terminateAnalysisRun(name: "done"), r, objects: runs) == "the AnalysisRun has already finished (Successful)")
        #expect(RolloutDisabledReason.of(.terminateAnalysisRun(name: "told"), r, objects: runs) == "the AnalysisRun has already been told to terminate")
        #expect(RolloutDisabledReason.of(.terminateAnalysisRun(name: "elsewhere"), r, objects: runs) == "no AnalysisRun named elsewhere")

        func experiment(_ name: String, phase: String?, terminate: Bool? = nil) -> Experiment {
            var e = Experiment(metadata: ObjectMeta(name: name, namespace: "ns"))
            e.status.phase = phase
            e.spec.terminate = terminate
            return e
        }
        let experiments = ObjectSet(experiments: [experiment("running", phase: "Running"), experiment("failed", phase: "Failed"),
                                                  experiment("told", phase: "Running", terminate: true)])
        #expect(RolloutDisabledReason.of(.terminateExperiment(name: "running"), r, objects: experiments) == nil)
        #expect(RolloutDisabledReason.of(.terminateExperiment(name: "failed"), r, objects: experiments) == "the Experiment has already finished (Failed)")
        #expect(RolloutDisabledReason.of(.terminateExperiment(name: "told"), r, objects: experiments) == "the Experiment has already been told to terminate")
        #expect(RolloutDisabledReason.of(.terminateExperiment(name: "none"), r, objects: experiments) == "no Experiment named none")
        #expect(RolloutDisabledReason.of(.retryExperiment(name: "failed"), r, objects: experiments) == nil)
        #expect(RolloutDisabledReason.of(.retryExperiment(name: "told"), r, objects: experiments) == "the Experiment is still running")
        #expect(RolloutDisabledReason.of(.retryExperiment(name: "none"), r, objects: experiments) == "no Experiment named none")
    }

    /// Over random rollouts: abort is allowed exactly while not aborted and Progressing or Paused,
    /// retry exactly when aborted, pause and resume exactly one at a time.
    @Test func invariants() {
        var random = SeededRandom(seed: 77)
        for _ in 0..<2000 {
            let r = random.rollout()
            let phase = RolloutStatus.of(r).phase
            let aborted = r.status.abort == true
            #expect((RolloutDisabledReason.of(.abort, r) == nil) == (!aborted && (phase == .progressing || phase == .paused)), "\(r)")
            #expect((RolloutDisabledReason.of(.retry, r) == nil) == aborted)
            #expect((RolloutDisabledReason.of(.pause, r) == nil) != (RolloutDisabledReason.of(.resume, r) == nil))
            if aborted || phase == .degraded { #expect(RolloutDisabledReason.of(.promote, r) != nil) }
        }
    }
}
