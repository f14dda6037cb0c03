import Foundation
import JSONValue
import KubeModel
import Testing
@testable import APIServer
@testable import DemoCluster

/// Objects an admin can store with numbers at their extremes (custom resources have no schema
/// checks here, as a CRD without bounds has none): the simulated controllers must never trap,
/// loop or allocate on them, and run them clamped.
@Suite struct HostileSpecTests {
    static let extremes: [JSON] = [.int(.min), .int(.max), .int(-1), .int(0), .int(Int64(Int32.max)), .int(Int64(Int32.min)),
                                   .double(1e300), .double(-1e300), "1e300", "inf", "-inf", "NaN", "9999999999h"]

    /// Replica counts that are not huge (a huge one runs `SpecNumbers.maxReplicas` pods, checked once below).
    static let smallReplicas: [JSON] = [.int(.min), .int(-1), .int(0), .int(Int64(Int32.min)), .double(-1e300), .double(1e300), "NaN", "inf"]

    @Test func replicaCountsAtTheExtremesAreSimulatedClamped() throws {
        let t = try TestCluster()
        try t.create(.rollouts, TestManifests.canary("smallest", replicas: .min, steps: [["setWeight": 50]]))
        try t.create(.rollouts, TestManifests.canary("negative", replicas: -1, steps: []))
        t.advance(20)
        #expect(try t.replicaSets(of: "smallest").values.allSatisfy { $0 == 0 })
        #expect(try t.replicaSets(of: "negative").values.allSatisfy { $0 == 0 })
        #expect(try t.list(.pods).isEmpty)
        // A revision annotation at Int64.max: the next revision must not overflow.
        for rs in try t.list(.replicaSets) {
            try t.store.patch(.replicaSets, namespace: "demo", name: rs.name, type: .merge,
                              patch: ["metadata": ["annotations": ["rollout.argoproj.io/revision": .string(String(Int64.max))]]])
        }
        try t.setImage(.rollouts, "smallest", "argoproj/rollouts-demo:green")
        t.advance(5)
        // The new ReplicaSet is made; revisions saturate at the int32 bound rather than overflow.
        #expect(try t.replicaSets(of: "smallest").count == 2)
        let revision = try t.get(.rollouts, "smallest").annotation("rollout.argoproj.io/revision")
        #expect(revision == String(SpecNumbers.maxCount), "\(revision ?? "none")")
        #expect(CanaryStrategy.share(Int(Int32.max), of: SpecNumbers.maxReplicas) == SpecNumbers.maxReplicas)
        #expect(CanaryStrategy.share(25, of: 3) == 1)
    }

    @Test func aHugeReplicaCountRunsAtMostTheSimulationsBound() throws {
        let t = try TestCluster()
        try t.create(.rollouts, TestManifests.canary("largest", replicas: .max, steps: [["setWeight": 50]]))
        // One tick: the ReplicaSet is made and its pods created (they start seconds later, not simulated here).
        t.clock.advance(by: 0.5)
        #expect(try t.replicaSets(of: "largest").values.map { $0 } == [Int64(SpecNumbers.maxReplicas)])
        #expect(try t.list(.pods).count == SpecNumbers.maxReplicas)
    }

    @Test func everyNumberAndDurationAtItsExtremes() throws {
        let t = try TestCluster()
        try t.create(.analysisTemplates, TestManifests.analysisTemplate)
        for (i, value) in Self.extremes.enumerated() {
            let replicas = Self.smallReplicas[i % Self.smallReplicas.count]
            let steps: [JSON] = [["setWeight": value], ["setCanaryScale": ["weight": value]], ["setCanaryScale": ["replicas": replicas]],
                                 ["pause": ["duration": value]], ["experiment": ["duration": value, "templates": [["name": "t", "replicas": replicas, "specRef": "canary"]]]],
                                 ["analysis": ["templates": [["templateName": "success-rate"]]]]]
            let extra: JSON = ["progressDeadlineSeconds": value,
                               "strategy": ["canary": ["steps": .array(steps),
                                                       "trafficRouting": ["maxTrafficWeight": value, "nginx": ["stableIngress": "x"]]]]]
            try t.create(.rollouts, TestManifests.canary("canary-\(i)", replicas: 2, steps: steps, extra: extra))
            try t.create(.rollouts, TestManifests.blueGreen("bluegreen-\(i)", replicas: 2, strategy: [
                "autoPromotionEnabled": true, "autoPromotionSeconds": value, "scaleDownDelaySeconds": value, "previewReplicaCount": replicas]))
        }
        t.advance(30)
        // A new revision of each walks the steps with the extreme values.
        for i in Self.extremes.indices {
            try t.setImage(.rollouts, "canary-\(i)", "argoproj/rollouts-demo:green")
            try t.setImage(.rollouts, "bluegreen-\(i)", "argoproj/rollouts-demo:green")
            try t.mergeStatus("canary-\(i)", ["status": ["currentStepIndex": .int(.max)]])
        }
        t.advance(120)
        let pods = try t.list(.pods).count
        #expect(pods < 200, "weights are percentages of spec.replicas: \(pods) pods")
        #expect(t.phase(.rollouts, "canary-0") != "")
    }

    /// Values each of which trapped the old controllers: a weight difference, a date ten to the 300 seconds away, a weight sum.
    @Test func valuesThatTrappedTheOldControllers() throws {
        let t = try TestCluster(namespaces: ["demo", FlaggerTests.ns])
        try t.create(.rollouts, TestManifests.canary("weights", replicas: 2, steps: [["setWeight": .int(.max)], ["pause": [:]]], extra: [
            "strategy": ["canary": ["steps": [["setWeight": .int(.max)], ["pause": [:]]],
                                    "trafficRouting": ["maxTrafficWeight": .int(.min), "nginx": ["stableIngress": "x"]]]]]))
        try t.create(.rollouts, TestManifests.blueGreen("delay", replicas: 1, strategy: ["scaleDownDelaySeconds": .double(1e300)]))
        t.advance(20)
        try t.setImage(.rollouts, "weights", "argoproj/rollouts-demo:green")
        try t.setImage(.rollouts, "delay", "argoproj/rollouts-demo:green")
        t.advance(30)
        #expect(try t.get(.rollouts, "weights")[path: ["status", "canary", "weights", "canary", "weight"]] == 0)
        let deadlines = try t.list(.replicaSets).compactMap { $0.annotation(BlueGreenStrategy.deadlineAnnotation) }
        #expect(deadlines.count == 1)
        #expect(deadlines.allSatisfy { KubeTime.parse($0).map { $0 > t.clock.now.addingTimeInterval(86400 * 365 * 9) } == true })
        let ns = FlaggerTests.ns
        try t.create(.deployments, ["metadata": ["name": "sum"], "spec": ["replicas": 1, "selector": ["matchLabels": ["app": "sum"]],
                                                                          "template": TestManifests.template("sum", "podinfo:1")]], ns: ns)
        try t.create(.canaries, ["apiVersion": "flagger.app/v1beta1", "kind": "Canary", "metadata": ["name": "sum"],
                                 "spec": ["targetRef": ["apiVersion": "apps/v1", "kind": "Deployment", "name": "sum"],
                                          "analysis": ["interval": "10s", "maxWeight": .int(.max), "stepWeight": .int(.max - 1)]]], ns: ns)
        t.advance(60)
        try t.setImage(.deployments, "sum", "podinfo:2", ns: ns)
        t.advance(300)
        #expect(t.phase(.canaries, "sum", ns: ns) == "Succeeded")
    }

    @Test func flaggerCanaryNumbersAtTheirExtremes() throws {
        let ns = FlaggerTests.ns
        let t = try TestCluster(namespaces: [ns])
        for (i, value) in Self.extremes.enumerated() {
            try t.create(.deployments, ["metadata": ["name": .string("app-\(i)")],
                                        "spec": ["replicas": 1, "selector": ["matchLabels": ["app": .string("app-\(i)")]],
                                                 "template": TestManifests.template("app-\(i)", "podinfo:1")]], ns: ns)
            try t.create(.canaries, ["apiVersion": "flagger.app/v1beta1", "kind": "Canary", "metadata": ["name": .string("app-\(i)")],
                                     "spec": ["targetRef": ["apiVersion": "apps/v1", "kind": "Deployment", "name": .string("app-\(i)")],
                                              "progressDeadlineSeconds": value,
                                              "analysis": ["interval": value, "threshold": value, "maxWeight": value, "stepWeight": value,
                                                           "stepWeights": [value, value], "iterations": value]]], ns: ns)
        }
        t.advance(60)
        for i in Self.extremes.indices {
            try t.setImage(.deployments, "app-\(i)", "podinfo:2", ns: ns)
            try t.store.patch(.canaries, namespace: ns, name: "app-\(i)", type: .merge,
                              patch: ["status": ["failedChecks": .int(.max), "iterations": .int(.min), "canaryWeight": .int(.max)]],
                              subresource: "status")
        }
        t.advance(600)
        #expect(t.phase(.canaries, "app-0", ns: ns) != "")
    }

    @Test func stepDurationsAreFiniteAndBounded() {
        #expect(StepDuration.seconds("1e300") == SpecNumbers.maxSeconds)
        #expect(StepDuration.seconds("inf") == nil)
        #expect(StepDuration.seconds("NaN") == nil)
        #expect(StepDuration.seconds(.double(-5)) == 0)
        #expect(StepDuration.seconds("1h30m") == 5400)
        // Past Int64 nanoseconds Go refuses the duration (the pause is then indefinite, as in Argo Rollouts).
        #expect(StepDuration.seconds("99999999999999999999999h") == nil)
    }
}
