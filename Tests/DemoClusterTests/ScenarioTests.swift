import Foundation
import JSONValue
import KubeModel
import Delivery
import Testing
@testable import APIServer
@testable import DemoCluster

/// The default and scale scenarios, run on a virtual clock.
@Suite struct ScenarioTests {
    func run(seed: UInt64, seconds: TimeInterval) throws -> TestCluster {
        let t = try TestCluster(scenario: .default, seed: seed, namespaces: [])
        t.advance(seconds)
        return t
    }

    @Test func defaultScenarioShowsEveryState() throws {
        let t = try run(seed: 42, seconds: 240)
        let namespaces = Set(try t.store.list(.namespaces, namespace: nil).items.map(\.name))
        #expect(namespaces == ["shop", "web", "training-development", "podinfo", "flagger-system"])
        #expect(t.store.count(.rollouts) >= 10)
        #expect(t.store.count(.canaries) >= 4)
        func state(_ ns: String, _ name: String) -> String {
            let s = (try? t.get(.rollouts, name, ns: ns))?["status"]
            return "\(s?["phase"]?.stringValue ?? "") \(s?["message"]?.stringValue ?? "")"
        }
        #expect(state("shop", "cart") == "Paused CanaryPauseStep")
        #expect(state("shop", "payments").hasPrefix("Degraded RolloutAborted: metric \"success-rate\" assessed Failed"))
        #expect(state("shop", "recommendations") == "Degraded RolloutAborted: Rollout aborted update to revision 2")
        #expect(state("shop", "search").hasPrefix("Degraded ProgressDeadlineExceeded"))
        #expect(state("shop", "reviews") == "Paused InconclusiveAnalysisRun")
        #expect(state("web", "frontend") == "Paused BlueGreenPause")
        #expect(state("web", "rollouts-demo-rollout") == "Paused BlueGreenPause")
        #expect(state("web", "worker").hasPrefix("Degraded ProgressDeadlineExceeded"))
        // The plugin's rules, computed from the rest of each simulated status, agree with the phase written.
        for ns in ["shop", "web"] {
            for rollout in try t.list(.rollouts, ns: ns) {
                #expect(try !t.pluginLine(rollout.name, ns: ns).hasPrefix("disagree"), "\(ns)/\(rollout.name)")
            }
        }
        let flagger = try t.objectSet(ns: "podinfo")
        let kinds = Dictionary(uniqueKeysWithValues: flagger.canaries.map { ($0.metadata.name, CanaryInfo($0, objects: flagger).strategy) })
        #expect(kinds == ["podinfo": .canary, "podinfo-ab": .abTesting, "podinfo-bg": .blueGreen, "podinfo-legacy": .canary])
        #expect(t.phase(.canaries, "api-gateway", ns: "training-development") == "Waiting")
        #expect(t.phase(.canaries, "podinfo-bg", ns: "podinfo") == "WaitingPromotion")
        #expect(t.phase(.canaries, "podinfo-legacy", ns: "podinfo") == "Failed")
        #expect(try t.list(.pods, ns: "web").contains {
            $0[path: ["status", "containerStatuses"]]?[0]?[path: ["state", "waiting", "reason"]] == "CrashLoopBackOff"
        })
        #expect(try t.list(.pods, ns: "shop").contains {
            $0[path: ["status", "containerStatuses"]]?[0]?[path: ["state", "waiting", "reason"]] == "ImagePullBackOff"
        })
        #expect(t.cluster.summary.contains("namespaces: flagger-system, podinfo, shop, training-development, web"))
        #expect(t.cluster.summary.contains("\(t.store.count(.rollouts)) Rollouts, \(t.store.count(.canaries)) Canaries"))
        // The loadtester stands behind its Service, reachable through the service proxy.
        #expect(t.cluster.loadTesters.namespaces == ["podinfo", "training-development"])
        // Flagger runs as its chart installs it, its gauge set by the canaries' iterations.
        #expect(try t.list(.pods, ns: "flagger-system").map { $0[path: ["metadata", "labels", "app.kubernetes.io/name"]] } == ["flagger"])
        #expect(t.cluster.flaggerMetrics.page().contains(
            "flagger_canary_metric_analysis{metric=\"request-success-rate\",name=\"podinfo-legacy\",namespace=\"podinfo\"} "))
    }

    /// The plain Deployments of namespace `web`, one per state of `kubectl rollout status`.
    @Test func defaultScenarioPlainDeployments() throws {
        let t = try run(seed: 42, seconds: 240)
        let set = try t.objectSet(ns: "web")
        func status(_ name: String) throws -> DeploymentStatus {
            DeploymentStatus.of(try #require(set.deployment(named: name, namespace: "web")))
        }
        #expect(try status("landing") == DeploymentStatus(verdict: .rolledOut, message: #"deployment "landing" successfully rolled out"#, phase: .healthy))
        #expect(try status("reports") == DeploymentStatus(
            verdict: .waiting, message: #"Waiting for deployment "reports" rollout to finish: 0 out of 2 new replicas have been updated..."#, phase: .paused))
        #expect(try status("billing") == DeploymentStatus(verdict: .failed, message: #"deployment "billing" exceeded its progress deadline"#, phase: .degraded))
        // `api` keeps releasing: several revisions by now, each rolled one pod at a time.
        let api = try #require(set.deployment(named: "api", namespace: "web"))
        #expect((api.revision ?? 0) >= 3)
        #expect(DeploymentInfo(api, objects: set).revisions.first?.revision == api.revision)
        // The Rollout's workloadRef Deployment and Flagger's primaries and targets are there as
        // before, and are not deliveries of their own (they are in their Rollout's or Canary's tree).
        #expect(set.deployment(named: "rollouts-demo", namespace: "web") != nil)
        #expect(set.deployments.filter { DeploymentInfo.isPlain($0, in: set) }.map(\.metadata.name).sorted() == ["api", "billing", "landing", "reports"])
        let podinfo = try t.objectSet(ns: "podinfo")
        #expect(podinfo.deployment(named: "podinfo-primary", namespace: "podinfo") != nil)
        #expect(podinfo.deployments.filter { DeploymentInfo.isPlain($0, in: podinfo) }.map(\.metadata.name) == ["flagger-loadtester"])
    }

    @Test func releasesKeepArriving() throws {
        let t = try run(seed: 3, seconds: 30)
        func revisions() throws -> Int {
            try ["shop", "web", "podinfo"].flatMap { try t.list(.replicaSets, ns: $0) }.count
        }
        let before = try revisions()
        t.advance(300)
        #expect(try revisions() > before)
    }

    @Test func aSeedReplaysTheSameCluster() throws {
        func podNames(_ seed: UInt64) throws -> [String] {
            let t = try run(seed: seed, seconds: 20)
            return try t.list(.pods, ns: "shop").map(\.name).sorted()
        }
        let a = try podNames(11)
        #expect(!a.isEmpty)
        #expect(try podNames(11) == a)
        #expect(try podNames(12) != a)
    }

    @Test func scaleScenarioMakesRealisticPods() throws {
        let t = try TestCluster(scenario: .scale(namespaces: 2, rolloutsPerNamespace: 3, podsPerRollout: 4), namespaces: [])
        t.advance(15)
        #expect(t.store.count(.rollouts) == 6)
        #expect(t.store.count(.pods) == 24)
        let pods = try t.store.list(.pods, namespace: nil).items
        #expect(pods.allSatisfy { (3000...4500).contains($0.bytes.count) })
        #expect(pods.allSatisfy { $0.json[path: ["status", "phase"]] == "Running" })
        #expect(try t.store.list(.rollouts, namespace: nil).items.allSatisfy { $0.json[path: ["status", "phase"]] == "Healthy" })
    }
}
