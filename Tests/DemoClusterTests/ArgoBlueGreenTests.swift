import Foundation
import JSONValue
import KubeModel
import Testing
@testable import APIServer
@testable import DemoCluster

/// The simulated Argo Rollouts controller on blue/green Rollouts.
@Suite struct ArgoBlueGreenTests {
    func deployed(_ strategy: JSON) throws -> (TestCluster, String) {
        let t = try TestCluster()
        try t.create(.analysisTemplates, TestManifests.analysisTemplate)
        try t.create(.rollouts, TestManifests.blueGreen("site", strategy: strategy))
        #expect(t.advance(until: { t.phase(.rollouts, "site") == "Healthy" }, limit: 30))
        let stable = try #require(try t.get(.rollouts, "site")[path: ["status", "stableRS"]]?.stringValue)
        #expect(try t.get(.rollouts, "site")[path: ["status", "blueGreen", "activeSelector"]]?.stringValue == stable)
        try t.setImage(.rollouts, "site", "argoproj/rollouts-demo:green")
        return (t, stable)
    }

    @Test func pausedWithAPreviewUntilPromotedThenOldScaledDownAfterTheDelay() throws {
        let (t, stable) = try deployed(["autoPromotionEnabled": false, "previewReplicaCount": 1])
        #expect(t.advance(until: { t.phase(.rollouts, "site") == "Paused" }, limit: 30))
        var s = try #require(try t.get(.rollouts, "site")["status"])
        let preview = try #require(s["currentPodHash"]?.stringValue)
        #expect(s["message"] == "BlueGreenPause")
        #expect(s[path: ["blueGreen", "activeSelector"]]?.stringValue == stable)
        #expect(s[path: ["blueGreen", "previewSelector"]]?.stringValue == preview)
        #expect(s["selector"]?.stringValue == "app=site,rollouts-pod-template-hash=\(stable)")
        #expect(try t.replicaSets(of: "site") == [stable: 3, preview: 1])
        t.advance(120)
        #expect(t.phase(.rollouts, "site") == "Paused")

        try t.mergeStatus("site", ["status": ["pauseConditions": nil]])
        #expect(t.advance(until: { t.phase(.rollouts, "site") == "Healthy" }, limit: 30))
        s = try #require(try t.get(.rollouts, "site")["status"])
        #expect(s[path: ["blueGreen", "activeSelector"]]?.stringValue == preview)
        #expect(s["stableRS"]?.stringValue == preview)
        let old = try t.get(.replicaSets, "site-\(stable)")
        let deadline = try #require(old[path: ["metadata", "annotations", "argo-rollouts.argoproj.io/scale-down-deadline"]]?.stringValue)
        #expect(KubeTime.parse(deadline).map { $0.timeIntervalSince(t.clock.now) } ?? 0 > 20)
        #expect(old[path: ["spec", "replicas"]] == 3)
        t.advance(31)
        #expect(try t.replicaSets(of: "site") == [stable: 0, preview: 3])
        #expect(try t.get(.replicaSets, "site-\(stable)")[path: ["metadata", "annotations", "argo-rollouts.argoproj.io/scale-down-deadline"]] == nil)
    }

    @Test func autoPromotionSecondsCountDown() throws {
        let (t, _) = try deployed(["autoPromotionSeconds": 60])
        #expect(t.advance(until: { t.phase(.rollouts, "site") == "Paused" }, limit: 30))
        let start = try #require(KubeTime.parse(try t.get(.rollouts, "site")[path: ["status", "pauseConditions"]]?[0]?["startTime"]?.stringValue ?? ""))
        t.clock.advance(by: start.addingTimeInterval(58).timeIntervalSince(t.clock.now))
        #expect(t.phase(.rollouts, "site") == "Paused")
        #expect(t.advance(until: { t.phase(.rollouts, "site") == "Healthy" }, limit: 30))
    }

    @Test func prePromotionAnalysisFailureAbortsAndKeepsTheActiveSide() throws {
        let t = try TestCluster()
        try t.create(.analysisTemplates, TestManifests.analysisTemplate)
        var rollout = TestManifests.blueGreen("site", strategy: ["prePromotionAnalysis": ["templates": [["templateName": "success-rate"]]]])
        rollout[path: ["metadata", "annotations"]] = ["demo.rollscope.dev/analysis-outcome": "Failed"]
        try t.create(.rollouts, rollout)
        #expect(t.advance(until: { t.phase(.rollouts, "site") == "Healthy" }, limit: 30))
        let stable = try #require(try t.get(.rollouts, "site")[path: ["status", "stableRS"]]?.stringValue)
        try t.setImage(.rollouts, "site", "argoproj/rollouts-demo:green")
        #expect(t.advance(until: { t.phase(.rollouts, "site") == "Degraded" }, limit: 90))
        let s = try #require(try t.get(.rollouts, "site")["status"])
        #expect(s[path: ["blueGreen", "activeSelector"]]?.stringValue == stable)
        #expect(s[path: ["blueGreen", "prePromotionAnalysisRunStatus", "status"]] == "Failed")
        #expect(s["message"]?.stringValue?.hasPrefix("RolloutAborted: metric \"success-rate\" assessed Failed") == true)
        let run = try #require(try t.list(.analysisRuns).first)
        #expect(run[path: ["metadata", "labels", "rollout-type"]] == "PrePromotion")
        t.advance(5)
        #expect(try t.replicaSets(of: "site")[stable] == 3)
        #expect(try t.replicaSets(of: "site").values.reduce(0, +) == 3)
    }
}
