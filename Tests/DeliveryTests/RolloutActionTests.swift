import Foundation
import JSONValue
import KubeModel
import Testing
@testable import Delivery

/// Each Argo action's exact requests (the plugin's `promote_test.go` and `undo_test.go` cases).
@Suite struct RolloutActionTests {
    let base = "/apis/argoproj.io/v1alpha1/namespaces/ns/rollouts/r"

    func canary(steps: Int = 2, index: Int32? = nil) -> Rollout {
        var r = Rollout(metadata: ObjectMeta(name: "r", namespace: "ns"))
        r.spec.strategy = RolloutStrategy(canary: CanaryStrategy(steps: (0..<steps).map { CanaryStep(setWeight: Int32($0 + 1)) }))
        r.status.currentStepIndex = index
        return r
    }

    func plan(_ action: RolloutAction, _ r: Rollout, objects: ObjectSet = ObjectSet()) throws -> ActionPlan {
        try RolloutRequests.plan(action, for: r, objects: objects, now: Fixtures.now)
    }

    @Test func promoteAdvancesTheStepCappedAtTheEnd() throws {
        let p = try plan(.promote, canary())
        #expect(p.requests == [.patch("\(base)/status", .merge, #"{"status":{"pauseConditions":null, "currentStepIndex":1}}"#)])
        #expect(p.onNotFound == [.patch(base, .merge, #"{"status":{"pauseConditions":null, "currentStepIndex":1}}"#)])
        #expect(p.message == "rollout 'r' promoted")
        let end = try plan(.promote, canary(index: 2))
        #expect(end.requests.first?.body == Data(#"{"status":{"pauseConditions":null, "currentStepIndex":2}}"#.utf8))
    }

    @Test func promoteManuallyPausedWithPauseCondition() throws {
        var r = canary()
        r.spec.paused = true
        r.status.pauseConditions = [.init(reason: "CanaryPauseStep")]
        r.status.controllerPause = true
        let p = try plan(.promote, r)
        #expect(p.requests == [.patch("\(base)/status", .merge, #"{"status":{"pauseConditions":null}}"#),
                               .patch(base, .merge, #"{"spec":{"paused":false}}"#)])
        #expect(p.onNotFound == [.patch(base, .merge, #"{"spec":{"paused":false},"status":{"pauseConditions":null}}"#)])
    }

    @Test func promoteAfterInconclusiveStepAnalysis() throws {
        var r = canary(index: 0)
        r.status.pauseConditions = [.init(reason: "InconclusiveAnalysisRun")]
        r.status.controllerPause = true
        r.status.canary = RolloutStatusFields.Canary()
        r.status.canary?.currentStepAnalysisRunStatus = .init(name: "ar", status: "Inconclusive")
        let p = try plan(.promote, r)
        #expect(p.requests == [.patch("\(base)/status", .merge, #"{"status":{"pauseConditions":null, "controllerPause":false, "currentStepIndex":1}}"#)])
        #expect(p.onNotFound == [.patch(base, .merge, #"{"status":{"pauseConditions":null}}"#)])
    }

    @Test func promoteOnHealthyBlueGreenSendsNothing() throws {
        var r = Rollout(metadata: ObjectMeta(name: "r", namespace: "ns"))
        r.spec.strategy = RolloutStrategy(blueGreen: BlueGreenStrategy(activeService: "a"))
        let p = try plan(.promote, r)
        #expect(p.requests.isEmpty)
        #expect(p.onNotFound == nil)
        #expect(p.message == "rollout 'r' promoted")
        #expect(RolloutDisabledReason.of(.promote, { var x = r; x.status.currentPodHash = "h"; x.status.stableRS = "h"; return x }())
                == "nothing to promote: the active ReplicaSet is already the current revision")
    }

    @Test func promoteFull() throws {
        var r = canary()
        r.status.currentPodHash = "new"
        r.status.stableRS = "old"
        r.spec.paused = true
        let p = try plan(.promoteFull, r)
        #expect(p.requests == [.patch("\(base)/status", .merge, #"{"status":{"promoteFull":true}}"#), .patch(base, .merge, #"{"spec":{"paused":false}}"#)])
        #expect(p.onNotFound == [.patch(base, .merge, #"{"spec":{"paused":false},"status":{"promoteFull":true}}"#)])
        #expect(p.message == "rollout 'r' fully promoted")
        r.status.stableRS = "new"
        r.spec.paused = nil
        #expect(try plan(.promoteFull, r).requests.isEmpty)
    }

    @Test func abortRetryPauseResumeRestart() throws {
        let r = canary()
        #expect(try plan(.abort, r) == ActionPlan(requests: [.patch("\(base)/status", .merge, #"{"status":{"abort":true}}"#)],
                                                  onNotFound: [.patch(base, .merge, #"{"status":{"abort":true}}"#)], message: "rollout 'r' aborted"))
        #expect(try plan(.retry, r).requests == [.patch("\(base)/status", .merge, #"{"status":{"abort":false}}"#)])
        #expect(try plan(.pause, r).requests == [.patch(base, .merge, #"{"spec":{"paused":true}}"#)])
        #expect(try plan(.resume, r).requests == [.patch(base, .merge, #"{"spec":{"paused":false}}"#)])
        let restart = try plan(.restart(delay: 10), r)
        #expect(restart.requests == [.patch(base, .merge, "{\n\t\"spec\": {\n\t\t\"restartAt\": \"2026-01-01T00:00:10Z\"\n\t}\n}")])
        #expect(restart.message == "rollout 'r' restarts in 10s")
    }

    @Test func terminateAndRetryExperiment() throws {
        let r = canary()
        #expect(try plan(.terminateAnalysisRun(name: "a"), r) == ActionPlan(
            requests: [.patch("/apis/argoproj.io/v1alpha1/namespaces/ns/analysisruns/a", .merge, #"{"spec":{"terminate":true}}"#)],
            message: "analysisRun 'a' terminated"))
        #expect(try plan(.terminateExperiment(name: "e"), r).requests == [.patch("/apis/argoproj.io/v1alpha1/namespaces/ns/experiments/e", .merge, #"{"spec":{"terminate":true}}"#)])
        #expect(try plan(.retryExperiment(name: "e"), r) == ActionPlan(
            requests: [.patch("/apis/argoproj.io/v1alpha1/namespaces/ns/experiments/e", .merge, #"{"status":null}"#)], message: "experiment 'e' retried"))
    }

    func canaryScenario() throws -> ObjectSet { try Fixtures.scenario("canary") }

    /// The JSON patch body of an undo, decoded for comparison.
    func undoValue(_ p: ActionPlan) throws -> JSON {
        let body = try #require(p.requests.first?.body)
        let ops = try #require(try JSON(parsing: body).arrayValue)
        #expect(ops.count == 1)
        #expect(ops[0]["op"] == .string("replace"))
        #expect(ops[0]["path"] == .string("/spec/template"))
        return try #require(ops[0]["value"])
    }

    @Test func undoToPreviousRevision() throws {
        let set = try canaryScenario()
        let r = try #require(set.rollout(named: "canary-demo", namespace: nil))
        let p = try plan(.undo(toRevision: nil), r, objects: set)
        #expect(p.message == "rollout 'canary-demo' undo")
        #expect(p.requests.first?.path == "/apis/argoproj.io/v1alpha1/namespaces/jesse-test/rollouts/canary-demo")
        #expect(p.requests.first?.contentType == "application/json-patch+json")
        let stable = try #require(set.replicaSets.first { $0.metadata.name == "canary-demo-877894d5b" })
        #expect(try undoValue(p) == RolloutRequests.withoutHashLabel(try #require(stable.spec.template?.raw)))
        #expect(try undoValue(p)["metadata"]?["labels"] == .object(["app": .string("canary-demo")]))
    }

    @Test func undoToNamedRevisionAndErrors() throws {
        let set = try canaryScenario()
        let r = try #require(set.rollout(named: "canary-demo", namespace: nil))
        let old = try #require(set.replicaSets.first { $0.metadata.name == "canary-demo-859c99b45c" })
        #expect(try undoValue(plan(.undo(toRevision: 29), r, objects: set)) == RolloutRequests.withoutHashLabel(try #require(old.spec.template?.raw)))
        let same = try plan(.undo(toRevision: 31), r, objects: set)
        #expect(same.requests.isEmpty)
        #expect(same.message == "skipped rollback (current template already matches revision 31)")
        #expect(throws: ActionError("unable to find specified revision 1 in history")) { try plan(.undo(toRevision: 1), r, objects: set) }
        var lonely = r
        lonely.metadata.name = "guestbook"
        lonely.metadata.uid = "other"
        #expect(throws: ActionError("no revision found for rollout \"guestbook\"")) { try plan(.undo(toRevision: nil), lonely, objects: set) }
    }

    @Test func undoPatchesTheReferencedWorkload() throws {
        let set = try canaryScenario()
        let toRS = try plan(.undo(toRevision: 29), try #require(set.rollout(named: "canary-demo-workloadRef", namespace: nil)), objects: set)
        #expect(toRS.requests.first?.path == "/apis/apps/v1/namespaces/jesse-test/replicasets/canary-demo-65fb5ffc84")
        let toDeploy = try plan(.undo(toRevision: 29), try #require(set.rollout(named: "canary-demo-workloadRef-deploy", namespace: nil)), objects: set)
        #expect(toDeploy.requests.first?.path == "/apis/apps/v1/namespaces/jesse-test/deployments/canary-demo-deploy")
        let value = try undoValue(toDeploy)
        guard case .array(let containers)? = value["spec"]?["containers"] else { Issue.record("no containers"); return }
        #expect(containers.first?["image"] == .string("argoproj/rollouts-demo:asdf"))
    }

    @Test func setImageReplacesNamedContainersAndPutsTheWholeObject() throws {
        let object = #"{"apiVersion":"argoproj.io/v1alpha1","kind":"Rollout","metadata":{"name":"r","namespace":"ns","resourceVersion":"7"},"spec":{"template":{"spec":{"containers":[{"name":"web","image":"a:1"},{"name":"side","image":"s:1"}]}}},"status":{"phase":"Healthy"}}"#
        let p = try RolloutRequests.setImage(container: "web", image: "a:2", object: Data(object.utf8), rolloutName: "r")
        #expect(p.message == "rollout \"r\" image updated")
        let request = try #require(p.requests.first)
        #expect(request.method == .put)
        #expect(request.path == base)
        let sent = try JSON(parsing: try #require(request.body))
        var expected = try JSON(parsing: object)
        expected["spec"] = ["template": ["spec": ["containers": [["name": "web", "image": "a:2"], ["name": "side", "image": "s:1"]]]]]
        #expect(sent == expected)
        #expect(throws: ActionError("unable to find container named \"nope\"")) {
            try RolloutRequests.setImage(container: "nope", image: "x", object: Data(object.utf8), rolloutName: "r")
        }
    }

    /// The PUT sends the object back as read: member order, an int64 extreme and unknown fields
    /// survive (they used to go through `[String: Any]` and come back with sorted keys).
    @Test func setImageKeepsExactIntegersAndMemberOrder() throws {
        let object = #"{"kind":"Rollout","apiVersion":"argoproj.io/v1alpha1","metadata":{"namespace":"ns","name":"r","generation":9223372036854775807},"spec":{"zz":-9223372036854775808,"template":{"spec":{"containers":[{"image":"a:1","name":"web","ports":[{"containerPort":8080}]}]}},"aa":1.5}}"#
        let p = try RolloutRequests.setImage(container: "web", image: "a:2", object: Data(object.utf8), rolloutName: "r")
        let body = String(decoding: try #require(p.requests.first?.body), as: UTF8.self)
        #expect(body == object.replacingOccurrences(of: "a:1", with: "a:2"))
    }

    @Test func disabledReasons() throws {
        var r = canary(index: 1)
        r.metadata.generation = 1
        r.spec.replicas = 1
        r.status.updatedReplicas = 1
        r.status.availableReplicas = 1
        r.status.currentPodHash = "new"
        r.status.stableRS = "old"
        r.status.pauseConditions = [.init(reason: "CanaryPauseStep")]
        #expect(RolloutDisabledReason.of(.promote, r) == nil)
        #expect(RolloutDisabledReason.of(.abort, r) == nil)
        #expect(RolloutDisabledReason.of(.retry, r) == "nothing to retry: the rollout is not aborted")
        #expect(RolloutDisabledReason.of(.resume, r) == "the rollout is not manually paused")
        r.status.abort = true
        r.status.conditions = [Condition(type: "Progressing", status: "False", reason: "RolloutAborted", message: "m")]
        #expect(RolloutDisabledReason.of(.promote, r) == "the rollout is aborted: retry it before promoting")
        #expect(RolloutDisabledReason.of(.abort, r) == "the rollout is already aborted")
        #expect(RolloutDisabledReason.of(.retry, r) == nil)
        r.spec.paused = true
        #expect(RolloutDisabledReason.of(.pause, r) == "the rollout is already paused")
        #expect(RolloutDisabledReason.of(.setImage(container: "nope", image: "x"), r) == "there is no container named \"nope\"")
        let set = try canaryScenario()
        let demo = try #require(set.rollout(named: "canary-demo", namespace: nil))
        #expect(RolloutDisabledReason.of(.undo(toRevision: nil), demo, objects: set) == nil)
        #expect(RolloutDisabledReason.of(.undo(toRevision: nil), demo) == "there is no previous revision to go back to")
        #expect(RolloutDisabledReason.of(.undo(toRevision: 5), demo, objects: set) == "revision 5 is not in the history")
    }
}

/// The deprecated skip flags and the reads that `undo` and `set image` start with.
@Suite struct RolloutReadRequestTests {
    @Test func skipFlags() throws {
        var r = Rollout(metadata: ObjectMeta(name: "r", namespace: "ns"))
        r.spec.strategy = RolloutStrategy(canary: CanaryStrategy(steps: [CanaryStep(setWeight: 1), CanaryStep(setWeight: 2)]))
        #expect(try RolloutRequests.promoteSkipping(r, currentStep: true, allSteps: false).requests.first?.body == Data(#"{"status":{"currentStepIndex":1}}"#.utf8))
        #expect(try RolloutRequests.promoteSkipping(r, currentStep: false, allSteps: true).requests.first?.body == Data(#"{"status":{"currentStepIndex":2}}"#.utf8))
        r.status.currentStepIndex = 2
        #expect(try RolloutRequests.promoteSkipping(r, currentStep: true, allSteps: false).requests.first?.body == Data(#"{"status":{"currentStepIndex":2}}"#.utf8))
        #expect(throws: ActionError("Cannot use skip-current-step and skip-all-steps flags at the same time")) {
            try RolloutRequests.promoteSkipping(r, currentStep: true, allSteps: true)
        }
        r.spec.strategy?.canary?.steps = []
        #expect(throws: ActionError("Cannot skip steps of a rollout without steps")) { try RolloutRequests.promoteSkipping(r, currentStep: true, allSteps: false) }
        r.spec.strategy = RolloutStrategy(blueGreen: BlueGreenStrategy(activeService: "a"))
        #expect(throws: ActionError("Cannot skip steps of a bluegreen rollout. Run without a flags")) { try RolloutRequests.promoteSkipping(r, currentStep: true, allSteps: false) }
    }

    @Test func readsBeforeUndoAndSetImage() throws {
        let set = try Fixtures.scenario("canary")
        let demo = try #require(set.rollout(named: "canary-demo", namespace: nil))
        #expect(RolloutRequests.undoListRequest(demo).pathAndQuery == "/apis/apps/v1/namespaces/jesse-test/replicasets?labelSelector=app%3Dcanary-demo")
        #expect(RolloutRequests.setImageTarget(demo).path == "/apis/argoproj.io/v1alpha1/namespaces/jesse-test/rollouts/canary-demo")
        let ref = try #require(set.rollout(named: "canary-demo-workloadRef-deploy", namespace: nil))
        #expect(RolloutRequests.setImageTarget(ref).path == "/apis/apps/v1/namespaces/jesse-test/deployments/canary-demo-deploy")
    }
}
