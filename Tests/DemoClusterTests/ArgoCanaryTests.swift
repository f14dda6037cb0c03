import Foundation
import JSONValue
import KubeModel
import Testing
@testable import APIServer
@testable import DemoCluster

/// The simulated Argo Rollouts controller on canary Rollouts, driven with the plugin's own patches.
@Suite struct ArgoCanaryTests {
    static let steps: [JSON] = [["setWeight": 25], ["pause": [:]], ["setWeight": 50], ["pause": ["duration": "30s"]],
                                ["analysis": ["templates": [["templateName": "success-rate"]]]]]

    /// A cluster with Rollout `web` (4 replicas, `steps`) deployed and Healthy at revision 1.
    func deployed(steps: [JSON] = steps, annotations: JSON = [:], extra: JSON = [:]) throws -> TestCluster {
        let t = try TestCluster()
        try t.create(.analysisTemplates, TestManifests.analysisTemplate)
        try t.create(.rollouts, TestManifests.canary("web", steps: steps, annotations: annotations, extra: extra))
        #expect(t.advance(until: { t.phase(.rollouts, "web") == "Healthy" }, limit: 30))
        return t
    }

    func status(_ t: TestCluster, _ name: String = "web") throws -> JSON { try t.get(.rollouts, name)["status"] ?? [:] }

    @Test func initialDeploymentSkipsStepsAndIsHealthy() throws {
        let t = try deployed()
        let s = try status(t)
        let hash = try #require(s["currentPodHash"]?.stringValue)
        #expect(s["stableRS"]?.stringValue == hash)
        #expect(s["currentStepIndex"] == 5)
        #expect(s["observedGeneration"] == "1")
        #expect(s["replicas"] == 4 && s["availableReplicas"] == 4 && s["updatedReplicas"] == 4 && s["readyReplicas"] == 4)
        #expect(s["selector"] == "app=web")
        #expect(s["message"] == "")
        let web = try t.get(.rollouts, "web")
        #expect(web.condition("Available")?["status"] == "True")
        #expect(web.condition("Progressing")?["reason"] == "NewReplicaSetAvailable")
        #expect(web.condition("Healthy")?["status"] == "True")
        let rs = try t.get(.replicaSets, "web-\(hash)")
        #expect(rs[path: ["metadata", "annotations", "rollout.argoproj.io/revision"]] == "1")
        #expect(rs[path: ["metadata", "labels", "rollouts-pod-template-hash"]]?.stringValue == hash)
        let pods = try t.list(.pods)
        #expect(pods.count == 4)
        #expect(pods.allSatisfy { $0[path: ["status", "phase"]] == "Running" && $0.condition("Ready")?["status"] == "True" })
        #expect(pods.allSatisfy { $0[path: ["metadata", "labels", "rollouts-pod-template-hash"]]?.stringValue == hash })
    }

    @Test func stepsPauseAndPromoteToTheEnd() throws {
        let t = try deployed()
        let stable = try #require(try status(t)["stableRS"]?.stringValue)
        try t.setImage(.rollouts, "web", "argoproj/rollouts-demo:green")
        #expect(t.advance(until: { t.phase(.rollouts, "web") == "Paused" }, limit: 30))
        var s = try status(t)
        let canary = try #require(s["currentPodHash"]?.stringValue)
        #expect(canary != stable)
        #expect(s["message"] == "CanaryPauseStep")
        #expect(s["currentStepIndex"] == 1)
        #expect(s["controllerPause"] == true)
        #expect(s["pauseConditions"]?[0]?["reason"] == "CanaryPauseStep")
        #expect(s["pauseConditions"]?[0]?["startTime"]?.stringValue != nil)
        #expect(try t.replicaSets(of: "web") == [stable: 3, canary: 1])
        #expect(try t.get(.replicaSets, "web-\(canary)")[path: ["metadata", "annotations", "rollout.argoproj.io/revision"]] == "2")
        #expect(try t.get(.rollouts, "web").condition("Progressing")?["reason"] == "RolloutPaused")

        // `kubectl argo rollouts promote web`: pause conditions present → clear them on /status.
        try t.mergeStatus("web", ["status": ["pauseConditions": nil]])
        #expect(t.advance(until: { (try? status(t))?["currentStepIndex"] == 3 }, limit: 30))
        s = try status(t)
        #expect(s["message"] == "CanaryPauseStep")
        #expect(try t.replicaSets(of: "web") == [stable: 2, canary: 2])

        // The timed pause ends by itself, then the analysis runs and the rollout completes.
        t.advance(25)
        #expect(try status(t)["currentStepIndex"] == 3)
        #expect(t.advance(until: { (try? status(t))?["currentStepIndex"] == 4 }, limit: 10))
        let runs = try t.list(.analysisRuns)
        #expect(runs.count == 1)
        #expect(runs.first?.name == "web-\(canary)-2-4")
        #expect(runs.first?[path: ["metadata", "labels", "rollout-type"]] == "Step")
        #expect(runs.first?[path: ["metadata", "labels", "step-index"]] == "4")
        #expect(t.advance(until: { t.phase(.rollouts, "web") == "Healthy" }, limit: 60))
        s = try status(t)
        #expect(s["stableRS"]?.stringValue == canary)
        #expect(s["currentStepIndex"] == 5)
        #expect(try t.get(.analysisRuns, "web-\(canary)-2-4")[path: ["status", "phase"]] == "Successful")
        #expect(try t.replicaSets(of: "web") == [stable: 0, canary: 4])
    }

    @Test func abortScalesTheCanaryDownAndRetryStartsTheStepsAgain() throws {
        let t = try deployed()
        let stable = try #require(try status(t)["stableRS"]?.stringValue)
        try t.setImage(.rollouts, "web", "argoproj/rollouts-demo:green")
        #expect(t.advance(until: { t.phase(.rollouts, "web") == "Paused" }, limit: 30))
        let canary = try #require(try status(t)["currentPodHash"]?.stringValue)

        try t.mergeStatus("web", ["status": ["abort": true]])
        #expect(t.advance(until: { t.phase(.rollouts, "web") == "Degraded" }, limit: 10))
        var s = try status(t)
        #expect(s["message"] == "RolloutAborted: Rollout aborted update to revision 2")
        #expect(s["abortedAt"]?.stringValue != nil)
        #expect(s["pauseConditions"] == nil)
        #expect(try t.get(.rollouts, "web").condition("Progressing")?["status"] == "False")
        t.advance(10)
        #expect(try t.replicaSets(of: "web") == [stable: 4, canary: 0])
        #expect(try t.list(.pods).filter { $0[path: ["metadata", "labels", "rollouts-pod-template-hash"]]?.stringValue == canary }.isEmpty)
        #expect(try t.list(.events).contains { $0["reason"] == "RolloutAborted" })

        // `kubectl argo rollouts retry rollout web`.
        let seen = try t.observe(.rollouts, "web")
        try t.mergeStatus("web", ["status": ["abort": false]])
        t.advance(1)
        #expect(seen.versions.contains { $0.condition("Progressing")?["reason"] == "RolloutRetry" })
        #expect(t.advance(until: { t.phase(.rollouts, "web") == "Paused" }, limit: 30))
        s = try status(t)
        #expect(s["currentStepIndex"] == 1)
        #expect(s["abortedAt"] == nil)
        #expect(try t.replicaSets(of: "web") == [stable: 3, canary: 1])
    }

    @Test func failedAnalysisAbortsWithTheMetricMessage() throws {
        let t = try deployed(steps: [["setWeight": 50], ["analysis": ["templates": [["templateName": "success-rate"]]]]],
                             annotations: ["demo.rollscope.dev/analysis-outcome": "Failed"])
        let stable = try #require(try status(t)["stableRS"]?.stringValue)
        try t.setImage(.rollouts, "web", "argoproj/rollouts-demo:red")
        #expect(t.advance(until: { t.phase(.rollouts, "web") == "Degraded" }, limit: 90))
        let s = try status(t)
        #expect(s["abort"] == true)
        #expect(s["message"] == #"RolloutAborted: metric "success-rate" assessed Failed due to failed (1) > failureLimit (0)"#)
        #expect(s[path: ["canary", "currentStepAnalysisRunStatus", "status"]] == "Failed")
        let run = try #require(try t.list(.analysisRuns).first)
        #expect(run[path: ["status", "phase"]] == "Failed")
        #expect(run[path: ["status", "metricResults"]]?[0]?["failed"] == 1)
        t.advance(10)
        #expect(try t.replicaSets(of: "web")[stable] == 4)
    }

    @Test func inconclusiveAnalysisPausesUntilPromoted() throws {
        let t = try deployed(steps: [["setWeight": 50], ["analysis": ["templates": [["templateName": "success-rate"]]]]],
                             annotations: ["demo.rollscope.dev/analysis-outcome": "Inconclusive"])
        try t.setImage(.rollouts, "web", "argoproj/rollouts-demo:red")
        #expect(t.advance(until: { t.phase(.rollouts, "web") == "Paused" }, limit: 90))
        let s = try status(t)
        #expect(s["message"] == "InconclusiveAnalysisRun")
        #expect(s[path: ["canary", "currentStepAnalysisRunStatus", "status"]] == "Inconclusive")
        // The plugin's promote on an inconclusive step.
        try t.mergeStatus("web", ["status": ["pauseConditions": nil, "controllerPause": false, "currentStepIndex": 2]])
        #expect(t.advance(until: { t.phase(.rollouts, "web") == "Healthy" }, limit: 30))
        #expect(try status(t)["stableRS"] == (try status(t))["currentPodHash"])
    }

    @Test func manualPauseThenFullPromotion() throws {
        let t = try deployed()
        try t.setImage(.rollouts, "web", "argoproj/rollouts-demo:green")
        #expect(t.advance(until: { t.phase(.rollouts, "web") == "Paused" }, limit: 30))
        try t.mergeSpec(.rollouts, "web", ["spec": ["paused": true]])
        t.advance(2)
        var web = try t.get(.rollouts, "web")
        #expect(web[path: ["status", "message"]] == "manually paused")
        #expect(web.condition("Paused")?["status"] == "True")
        #expect(web[path: ["status", "observedGeneration"]] == "3")
        // `promote --full`: promoteFull on /status, then paused:false on the spec.
        try t.mergeStatus("web", ["status": ["promoteFull": true]])
        try t.mergeSpec(.rollouts, "web", ["spec": ["paused": false]])
        #expect(t.advance(until: { t.phase(.rollouts, "web") == "Healthy" }, limit: 30))
        web = try t.get(.rollouts, "web")
        #expect(web[path: ["status", "stableRS"]] == web[path: ["status", "currentPodHash"]])
        #expect(web[path: ["status", "promoteFull"]] == nil)
        #expect(web.condition("Paused") == nil)
    }

    @Test func restartReplacesEveryPod() throws {
        let t = try deployed()
        let before = Set(try t.list(.pods).map(\.name))
        let at = KubeTime.format(t.clock.now.addingTimeInterval(2))
        try t.mergeSpec(.rollouts, "web", ["spec": ["restartAt": .string(at)]])
        t.advance(3)
        #expect(t.phase(.rollouts, "web") == "Progressing")
        #expect(try status(t)["message"] == "rollout is restarting")
        #expect(t.advance(until: { (try? status(t))?["restartedAt"]?.stringValue == at }, limit: 120))
        let after = try t.list(.pods)
        #expect(after.count == 4)
        #expect(before.isDisjoint(with: Set(after.map(\.name))))
        #expect(t.advance(until: { t.phase(.rollouts, "web") == "Healthy" }, limit: 30))
    }

    @Test func undoBringsTheOldReplicaSetBackAsANewRevision() throws {
        let t = try deployed(steps: [["setWeight": 50]])
        let first = try #require(try status(t)["stableRS"]?.stringValue)
        try t.setImage(.rollouts, "web", "argoproj/rollouts-demo:green")
        #expect(t.advance(until: { (try? status(t))?["stableRS"]?.stringValue != first && t.phase(.rollouts, "web") == "Healthy" }, limit: 60))
        // `kubectl argo rollouts undo web`: the template of revision 1 without the hash label, as a JSON patch.
        var template = try #require(try t.get(.replicaSets, "web-\(first)")[path: ["spec", "template"]])
        template[path: ["metadata", "labels", "rollouts-pod-template-hash"]] = nil
        try t.store.patch(.rollouts, namespace: "demo", name: "web", type: .json,
                          patch: [["op": "replace", "path": "/spec/template", "value": template]])
        #expect(t.advance(until: { t.phase(.rollouts, "web") == "Healthy" && (try? status(t))?["stableRS"]?.stringValue == first }, limit: 60))
        #expect(try t.replicaSets(of: "web").count == 2)
        let rs = try t.get(.replicaSets, "web-\(first)")
        #expect(rs[path: ["metadata", "annotations", "rollout.argoproj.io/revision"]] == "3")
        #expect(try t.get(.rollouts, "web")[path: ["metadata", "annotations", "rollout.argoproj.io/revision"]] == "3")
    }

    @Test func podsThatCannotPullReachTheProgressDeadline() throws {
        let t = try deployed(steps: [["setWeight": 25], ["pause": [:]]], extra: ["progressDeadlineSeconds": 30])
        try t.setImage(.rollouts, "web", "argoproj/rollouts-demo:does-not-exist")
        t.advance(10)
        let hash = try #require(try status(t)["currentPodHash"]?.stringValue)
        let pod = try #require(try t.list(.pods).first { $0[path: ["metadata", "labels", "rollouts-pod-template-hash"]]?.stringValue == hash })
        #expect(pod[path: ["status", "containerStatuses"]]?[0]?[path: ["state", "waiting", "reason"]] == "ImagePullBackOff")
        #expect(pod[path: ["status", "phase"]] == "Pending")
        #expect(t.phase(.rollouts, "web") == "Progressing")
        #expect(t.advance(until: { t.phase(.rollouts, "web") == "Degraded" }, limit: 60))
        #expect(try status(t)["message"]?.stringValue == "ProgressDeadlineExceeded: ReplicaSet \"web-\(hash)\" has timed out progressing.")
    }

    @Test func crashingPodsShowCrashLoopBackOff() throws {
        let t = try deployed(steps: [["setWeight": 25], ["pause": [:]]])
        try t.store.patch(.rollouts, namespace: "demo", name: "web", type: .json, patch: [
            ["op": "replace", "path": "/spec/template/spec/containers/0/image", "value": "argoproj/rollouts-demo:orange"],
            ["op": "add", "path": "/spec/template/metadata/annotations", "value": ["demo.rollscope.dev/fault": "CrashLoopBackOff"]],
        ])
        t.advance(10)
        let crashing = try t.list(.pods).filter { $0[path: ["metadata", "annotations", "demo.rollscope.dev/fault"]] != nil }
        #expect(crashing.count == 1)
        let container = crashing.first?[path: ["status", "containerStatuses"]]?[0]
        #expect(container?[path: ["state", "waiting", "reason"]] == "CrashLoopBackOff")
        #expect(container?["restartCount"] == 3)
        #expect(crashing.first?[path: ["status", "phase"]] == "Running")
    }

    @Test func experimentStepRunsItsReplicaSets() throws {
        let t = try deployed(steps: [["setWeight": 25],
                                     ["experiment": ["duration": "30s", "templates": [["name": "baseline", "specRef": "stable"],
                                                                                      ["name": "candidate", "specRef": "canary"]]]]])
        try t.setImage(.rollouts, "web", "argoproj/rollouts-demo:green")
        #expect(t.advance(until: { (try? t.list(.experiments))?.first?[path: ["status", "phase"]] == "Running" }, limit: 30))
        let experiment = try #require(try t.list(.experiments).first)
        let sets = try t.list(.replicaSets).filter { $0[path: ["metadata", "ownerReferences"]]?[0]?["kind"] == "Experiment" }
        #expect(Set(sets.compactMap { $0[path: ["metadata", "annotations", "experiment.argoproj.io/template-name"]]?.stringValue }) == ["baseline", "candidate"])
        #expect(try status(t)[path: ["canary", "currentExperiment"]]?.stringValue == experiment.name)
        #expect(t.advance(until: { t.phase(.rollouts, "web") == "Healthy" }, limit: 60))
        #expect(try t.get(.experiments, experiment.name)[path: ["status", "phase"]] == "Successful")
    }

    @Test func workloadRefFollowsTheDeploymentTemplate() throws {
        let t = try TestCluster()
        try t.create(.deployments, ["metadata": ["name": "rollouts-demo"],
                                    "spec": ["replicas": 0, "selector": ["matchLabels": ["app": "rollouts-demo"]],
                                             "template": TestManifests.template("rollouts-demo", "argoproj/rollouts-demo:blue")]])
        try t.create(.rollouts, GuideExamples.workloadRefRollout)
        #expect(t.advance(until: { t.phase(.rollouts, "rollouts-demo-rollout") == "Healthy" }, limit: 30))
        try t.setImage(.deployments, "rollouts-demo", "argoproj/rollouts-demo:green")
        #expect(t.advance(until: { t.phase(.rollouts, "rollouts-demo-rollout") == "Paused" }, limit: 30))
        let ro = try t.get(.rollouts, "rollouts-demo-rollout")
        #expect(ro[path: ["status", "message"]] == "BlueGreenPause")
        #expect(ro[path: ["status", "workloadObservedGeneration"]] == "2")
        #expect(ro[path: ["metadata", "annotations", "rollout.argoproj.io/workload-generation"]] == "2")

        try t.create(.rollouts, ["metadata": ["name": "orphan"],
                                 "spec": ["selector": ["matchLabels": ["app": "x"]],
                                          "workloadRef": ["apiVersion": "apps/v1", "kind": "Deployment", "name": "missing"],
                                          "strategy": ["canary": ["steps": []]]]])
        t.advance(2)
        #expect(t.phase(.rollouts, "orphan") == "Degraded")
        #expect(try t.get(.rollouts, "orphan")[path: ["status", "message"]]?.stringValue?.hasPrefix("InvalidSpec: ") == true)
    }
}
