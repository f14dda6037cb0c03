import Foundation
import JSONValue
import Testing
@testable import DemoCluster

/// The clock, the seeded generator, template hashes, durations and the phase rules.
@Suite struct BuildingBlockTests {
    @Test func virtualClockRunsDueWorkInOrder() {
        let clock = VirtualClock()
        let log = Log()
        clock.schedule(after: 5) { log.add("b") }
        clock.schedule(after: 1) { log.add("a"); clock.schedule(after: 1) { log.add("a2") } }
        clock.schedule(after: 10) { log.add("c") }
        clock.advance(by: 5)
        #expect(log.items == ["a", "a2", "b"])
        clock.advance(by: 4.9)
        #expect(log.items == ["a", "a2", "b"])
        clock.advance(by: 0.1)
        #expect(log.items == ["a", "a2", "b", "c"])
    }

    @Test func seededGeneratorIsDeterministic() {
        var a = SeededGenerator(seed: 1)
        var b = SeededGenerator(seed: 1)
        var c = SeededGenerator(seed: 2)
        let first = (0..<4).map { _ in a.next() }
        #expect(first == (0..<4).map { _ in b.next() })
        #expect(first != (0..<4).map { _ in c.next() })
    }

    @Test func podTemplateHashIgnoresKeyOrderAndItsOwnLabel() {
        let a: JSON = ["metadata": ["labels": ["app": "x"]], "spec": ["containers": [["name": "x", "image": "i:1"]]]]
        let b: JSON = ["spec": ["containers": [["image": "i:1", "name": "x"]]],
                       "metadata": ["labels": ["rollouts-pod-template-hash": "abc", "app": "x"]]]
        let c: JSON = ["metadata": ["labels": ["app": "x"]], "spec": ["containers": [["name": "x", "image": "i:2"]]]]
        let hash = PodTemplateHash.of(a)
        #expect(hash == PodTemplateHash.of(b))
        #expect(hash != PodTemplateHash.of(c))
        #expect(hash.allSatisfy { "bcdfghjklmnpqrstvwxz2456789".contains($0) })
        #expect((8...10).contains(hash.count))
    }

    @Test func stepDurations() {
        #expect(StepDuration.seconds(30) == 30)
        #expect(StepDuration.seconds("45") == 45)
        #expect(StepDuration.seconds("30s") == 30)
        #expect(StepDuration.seconds("5m") == 300)
        #expect(StepDuration.seconds("1h30m") == 5400)
        #expect(StepDuration.seconds("500ms") == 0.5)
        #expect(StepDuration.seconds("soon") == nil)
        #expect(StepDuration.seconds(nil) == nil)
    }

    @Test func phaseRulesMatchThePlugin() {
        let canary: JSON = ["replicas": 2, "strategy": ["canary": ["steps": [["setWeight": 50]]]]]
        #expect(RolloutPhase.calculate(spec: canary, status: ["conditions": [["type": "Progressing", "reason": "ProgressDeadlineExceeded", "message": "timed out"]]])
                == ("Degraded", "ProgressDeadlineExceeded: timed out"))
        var paused = canary
        paused["paused"] = true
        #expect(RolloutPhase.calculate(spec: paused, status: [:]) == ("Paused", "manually paused"))
        #expect(RolloutPhase.calculate(spec: canary, status: ["pauseConditions": [["reason": "CanaryPauseStep"]]]) == ("Paused", "CanaryPauseStep"))
        #expect(RolloutPhase.calculate(spec: canary, status: ["updatedReplicas": 1]) == ("Progressing", "more replicas need to be updated"))
        #expect(RolloutPhase.calculate(spec: canary, status: ["updatedReplicas": 2, "availableReplicas": 1])
                == ("Progressing", "updated replicas are still becoming available"))
        #expect(RolloutPhase.calculate(spec: canary, status: ["updatedReplicas": 2, "availableReplicas": 2, "replicas": 3])
                == ("Progressing", "old replicas are pending termination"))
        #expect(RolloutPhase.calculate(spec: canary, status: ["updatedReplicas": 2, "availableReplicas": 2, "replicas": 2,
                                                              "currentPodHash": "a", "stableRS": "b"])
                == ("Progressing", "waiting for all steps to complete"))
        #expect(RolloutPhase.calculate(spec: canary, status: ["updatedReplicas": 2, "availableReplicas": 2, "replicas": 2,
                                                              "currentPodHash": "a", "stableRS": "a"]) == ("Healthy", ""))
        let blueGreen: JSON = ["replicas": 1, "strategy": ["blueGreen": ["activeService": "s"]]]
        #expect(RolloutPhase.calculate(spec: blueGreen, status: ["updatedReplicas": 1, "availableReplicas": 1, "currentPodHash": "a",
                                                                 "blueGreen": ["activeSelector": "b"]])
                == ("Progressing", "active service cutover pending"))
    }

    @Test func flaggerStrategyRules() {
        let kubernetes = CanaryAnalysis(canary: ["spec": ["provider": "kubernetes", "analysis": ["interval": "5s"]]])
        #expect(kubernetes.strategy == .blueGreen)
        #expect(kubernetes.iterations == 10)
        #expect(kubernetes.interval == 10)
        let ab = CanaryAnalysis(canary: ["spec": ["provider": "istio", "analysis": ["iterations": 5, "match": [["headers": [:]]]]]])
        #expect(ab.strategy == .abTesting)
        let weights = CanaryAnalysis(canary: ["spec": ["analysis": ["stepWeights": [5, 10, 25]]]])
        #expect(weights.strategy == .canary)
        #expect(weights.maxWeight == 25)
        #expect(weights.nextWeight(after: 10) == 25)
        let step = CanaryAnalysis(canary: ["spec": ["analysis": ["stepWeight": 20, "maxWeight": 50]]])
        #expect(step.nextWeight(after: 40) == 60)
    }
}

/// Collects strings from scheduled work.
final class Log: @unchecked Sendable {
    private let lock = NSLock()
    private var storage: [String] = []
    func add(_ s: String) { lock.lock(); storage.append(s); lock.unlock() }
    var items: [String] { lock.lock(); defer { lock.unlock() }; return storage }
}
