import Foundation
import KubeModel
import Testing
@testable import Delivery

/// The info model on the upstream scenarios (`info_test.go` cases) and the rules behind it.
@Suite struct RolloutInfoTests {
    func info(_ scenario: String, _ name: String) throws -> RolloutInfo {
        let set = try Fixtures.scenario(scenario)
        return RolloutInfo(try #require(set.rollout(named: name, namespace: nil)), objects: set)
    }

    @Test func canaryRevisionsAndImages() throws {
        let i = try info("canary", "canary-demo")
        #expect(i.revisions.map(\.revision) == [31, 30, 29])
        #expect(i.images.map(\.text) == ["argoproj/rollouts-demo:does-not-exist (canary)", "argoproj/rollouts-demo:green (stable)"])
        #expect(i.step == "0/8")
        #expect(i.setWeight == 20)
        #expect(i.actualWeight == 0)
    }

    @Test func pingPongTags() throws {
        let i = try info("canary", "canary-demo-pingpong")
        #expect(i.images.map(\.text) == ["argoproj/rollouts-demo:does-not-exist (canary, ping)", "argoproj/rollouts-demo:green (pong, stable)"]
                || i.images.map(\.text) == ["argoproj/rollouts-demo:does-not-exist (canary, ping)", "argoproj/rollouts-demo:green (stable, pong)"])
        let stable = try #require(i.replicaSets.first { $0.stable })
        #expect(stable.tags == ["stable", "pong"])
        let canary = try #require(i.replicaSets.first { $0.canary })
        #expect(canary.tags == ["canary", "ping"])
    }

    @Test func actualWeightFromTrafficRouter() throws {
        #expect(try info("canary", "canary-demo-weights").actualWeight == 20)
        let na = try info("canary", "canary-demo-weights-na")
        #expect(na.actualWeight == na.setWeight)
    }

    @Test func blueGreenRevisionsAndImages() throws {
        let i = try info("blue-green", "bluegreen-demo")
        #expect(i.revisions.map(\.revision) == [11, 10, 8])
        #expect(i.images.map(\.text) == ["argoproj/rollouts-demo:blue (stable, active)", "argoproj/rollouts-demo:green (preview)"])
        #expect(i.strategy == "BlueGreen")
        #expect(i.setWeight == nil)
    }

    @Test func experimentRevisionHoldsReplicaSetExperimentAndRun() throws {
        let i = try info("experiment-analysis", "rollout-experiment-analysis")
        let rev2 = try #require(i.revisions.first { $0.revision == 2 })
        #expect(rev2.replicaSets.count == 1)
        #expect(rev2.experiments.count == 1)
        #expect(rev2.analysisRuns.count == 1)
        let run = rev2.analysisRuns[0]
        #expect((run.successful, run.failed, run.inconclusive, run.error) == (4, 4, 1, 1))
        #expect(run.jobs.count == 8)
        #expect(rev2.experiments[0].replicaSets.map(\.template) == [nil, nil], "the fixture has the template name as a label, not an annotation")
    }

    @Test func experimentTemplateAnnotationTagsImages() throws {
        var set = try Fixtures.scenario("experiment-analysis")
        for i in set.replicaSets.indices {
            if let t = set.replicaSets[i].metadata.labels?[Annotations.experimentTemplateName] {
                set.replicaSets[i].metadata.annotations = (set.replicaSets[i].metadata.annotations ?? [:]).merging([Annotations.experimentTemplateName: t]) { $1 }
            }
        }
        let e = ExperimentInfo(try #require(set.experiment(named: "rollout-experiment-analysis-6f646bf7b7-1-vcv27", namespace: nil)), objects: set)
        #expect(e.images.map(\.text) == ["argoproj/rollouts-demo:blue (Σ:baseline)", "argoproj/rollouts-demo:yellow (Σ:canary)"])
        let r = RolloutInfo(try #require(set.rollout(named: "rollout-experiment-analysis", namespace: nil)), objects: set)
        #expect(r.images.map(\.text) == ["argoproj/rollouts-demo:blue (stable, Σ:baseline)", "argoproj/rollouts-demo:yellow (canary, Σ:canary)"])
        let ascii = RolloutText.experiment(e, now: Fixtures.now, style: TextStyle(glyphs: .ascii))
        #expect(ascii.contains("argoproj/rollouts-demo:blue (E:baseline)"))
        #expect(ascii.unicodeScalars.allSatisfy { $0.isASCII })
    }

    @Test func invalidAndAborted() throws {
        let invalid = try info("rollout-invalid", "rollout-invalid")
        #expect(invalid.status == "Degraded")
        #expect(invalid.message.hasPrefix("InvalidSpec: "))
        let aborted = try info("rollout-aborted", "rollout-background-analysis")
        #expect(aborted.status == "Degraded")
        #expect(aborted.message == #"RolloutAborted: metric "web" assessed Failed due to failed (1) > failureLimit (0)"#)
        #expect(aborted.setWeight == 0)
    }

    @Test func setWeightRules() {
        var r = Rollout(metadata: ObjectMeta(name: "r"))
        r.spec.strategy = RolloutStrategy(canary: CanaryStrategy(steps: [CanaryStep(setWeight: 10), CanaryStep(pause: .init()), CanaryStep(setWeight: 40)]))
        r.status.currentStepIndex = 1
        #expect(CanaryWeights.setWeight(r) == 10, "nearest setWeight at or before the index")
        r.status.currentStepIndex = 3
        #expect(CanaryWeights.setWeight(r) == 100, "all steps done: the maximum")
        r.spec.strategy?.canary?.trafficRouting = .object(["maxTrafficWeight": .int(1000)])
        #expect(CanaryWeights.setWeight(r) == 1000)
        r.status.abort = true
        #expect(CanaryWeights.setWeight(r) == 0)
        r.status.abort = nil
        r.spec.strategy?.canary?.steps = [CanaryStep(pause: .init())]
        r.status.currentStepIndex = 0
        #expect(CanaryWeights.setWeight(r) == 0, "no setWeight before the current step")
    }

    @Test func replicaSetHealth() {
        var rs = ReplicaSet(metadata: ObjectMeta(name: "rs", generation: 2), spec: .init(replicas: 2), status: .init(availableReplicas: 2, observedGeneration: 1))
        #expect(ReplicaSetInfo.health(rs) == "Progressing", "generation not observed")
        rs.status.observedGeneration = 2
        #expect(ReplicaSetInfo.health(rs) == "Healthy")
        rs.status.availableReplicas = 1
        #expect(ReplicaSetInfo.health(rs) == "Progressing")
        rs.status.conditions = [Condition(type: "ReplicaFailure", status: "True")]
        #expect(ReplicaSetInfo.health(rs) == "ReplicaFailure")
        rs.status.conditions = nil
        rs.spec.replicas = 0
        #expect(ReplicaSetInfo.health(rs) == "ScaledDown")
    }

    @Test func scaleDownDelayPassed() {
        var rs = ReplicaSetInfo(ReplicaSet(metadata: ObjectMeta(name: "x")), rollout: nil, objects: ObjectSet())
        rs.scaleDownDeadline = KubeTime.format(Fixtures.now.addingTimeInterval(-10))
        #expect(rs.scaleDownDelay(now: Fixtures.now) == "passed")
        rs.scaleDownDeadline = "soon"
        #expect(rs.scaleDownDelay(now: Fixtures.now) == "")
    }

    @Test func humanDuration() {
        let cases: [(TimeInterval, String)] = [(-5, "<invalid>"), (-0.5, "0s"), (45, "45s"), (119, "119s"), (200, "3m20s"), (300, "5m"),
                                               (1500, "25m"), (3 * 3600 + 59 * 60 + 59, "3h59m"), (20 * 3600, "20h"),
                                               (7 * 86400, "7d"), (3 * 86400 + 4 * 3600, "3d4h"), (400 * 86400, "400d"),
                                               (760 * 86400, "2y30d"), (9 * 365 * 86400, "9y")]
        for (interval, text) in cases { #expect(HumanDuration.format(interval) == text) }
    }

    @Test func colourWrapsIconsTagsAndKeepsAlignment() throws {
        let set = try Fixtures.scenario("blue-green")
        let info = RolloutInfo(try #require(set.rollout(named: "bluegreen-demo", namespace: nil)), objects: set)
        let colored = RolloutText.rollout(info, now: Fixtures.now, style: TextStyle(color: true))
        #expect(colored.contains("\u{1B}[32mstable\u{1B}[0m, \u{1B}[32mactive\u{1B}[0m"))
        #expect(colored.contains("\u{1B}[0m॥\u{1B}[0m Paused"))
        let stripped = colored.replacingOccurrences(of: "\u{1B}\\[[0-9]+m", with: "", options: .regularExpression)
        #expect(stripped == RolloutText.rollout(info, now: Fixtures.now))
    }

    @Test func asciiGlyphs() throws {
        let set = try Fixtures.scenario("canary")
        let info = RolloutInfo(try #require(set.rollout(named: "canary-demo", namespace: nil)), objects: set)
        let text = RolloutText.rollout(info, now: Fixtures.now, style: TextStyle(glyphs: .ascii))
        #expect(text.unicodeScalars.allSatisfy { $0.isASCII })
        #expect(text.contains("|  `--& canary-demo-65fb5ffc84"), "one ASCII set: the console's ReplicaSet stand-in")
    }
}
