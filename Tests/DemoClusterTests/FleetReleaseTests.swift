import Foundation
import JSONValue
import KubeModel
import Testing
@testable import APIServer
@testable import DemoCluster

/// The demo fleet's release (`--clusters 3`): the same applications in every cluster, the release
/// out in staging, under way in prod-eu (waiting for promotion, one application failing its
/// analysis), not started in prod-us; each played for the head start on a virtual clock.
@Suite struct FleetReleaseTests {
    static let headStart: TimeInterval = 120

    func played(_ stage: ReleaseStage, seed: UInt64 = 42) throws -> TestCluster {
        let t = try TestCluster(scenario: .fleetRelease(stage), seed: seed, namespaces: [])
        t.advance(Self.headStart)
        return t
    }

    /// Revision, first container's image and `Phase - message` as the plugin prints it (its rules
    /// computed from the simulated status agreeing with the phase written).
    func rollout(_ t: TestCluster, _ ns: String, _ name: String) throws -> (revision: String, image: String, line: String) {
        let object = try t.get(.rollouts, name, ns: ns)
        return (object.annotation("rollout.argoproj.io/revision") ?? "",
                object[path: ["spec", "template", "spec", "containers"]]?[0]?["image"]?.stringValue ?? "",
                try t.pluginLine(name, ns: ns))
    }

    /// The canary's phase and the image its primary runs.
    func canary(_ t: TestCluster, _ name: String) throws -> (phase: String, primary: String) {
        let primary = try t.get(.deployments, "\(name)-primary", ns: "podinfo")
        return (t.phase(.canaries, name, ns: "podinfo"),
                primary[path: ["spec", "template", "spec", "containers"]]?[0]?["image"]?.stringValue ?? "")
    }

    @Test func stagingRunsTheNewRevisionEverywhere() throws {
        let t = try played(.released)
        for (ns, name) in [("shop", "cart"), ("shop", "checkout"), ("shop", "payments"), ("web", "frontend")] {
            let r = try rollout(t, ns, name)
            #expect(r.revision == "2", "\(ns)/\(name)")
            #expect(r.image == FleetRelease.newImage, "\(ns)/\(name)")
            #expect(r.line == "Healthy", "\(ns)/\(name)")
        }
        #expect(try canary(t, "podinfo") == ("Succeeded", FleetRelease.newPodinfo))
    }

    @Test func prodEUIsMidRolloutWaitingAndFailingOneAnalysis() throws {
        let t = try played(.rollingOut)
        let cart = try rollout(t, "shop", "cart")
        #expect(cart.revision == "2")
        #expect(cart.line == "Paused - CanaryPauseStep")
        #expect(try t.get(.rollouts, "cart", ns: "shop")[path: ["status", "currentStepIndex"]] == 1, "paused at its indefinite pause (STEP 1/4)")
        #expect(try rollout(t, "web", "frontend").line == "Paused - BlueGreenPause")
        let payments = try rollout(t, "shop", "payments")
        #expect(payments.revision == "2")
        #expect(payments.line.hasPrefix("Degraded - RolloutAborted: metric \"success-rate\" assessed Failed"), "\(payments.line)")
        #expect(try rollout(t, "shop", "checkout") == ("2", FleetRelease.newImage, "Healthy"))
        #expect(try canary(t, "podinfo") == ("WaitingPromotion", FleetRelease.oldPodinfo))
    }

    @Test func prodUSStillRunsTheOldRevision() throws {
        let t = try played(.notStarted)
        for (ns, name) in [("shop", "cart"), ("shop-us", "checkout-v2"), ("shop", "payments"), ("web", "frontend")] {
            #expect(try rollout(t, ns, name) == ("1", FleetRelease.oldImage, "Healthy"), "\(ns)/\(name)")
        }
        #expect(try canary(t, "podinfo") == ("Initialized", FleetRelease.oldPodinfo))
    }

    /// Matched by `app.kubernetes.io/name` across the fleet, every cluster has the same
    /// applications, each object's pod template labelled as it is; by namespace and name, prod-us's
    /// older install of checkout (`shop-us/checkout-v2`) is missed.
    @Test func everyClusterHasTheSameApplicationsByLabel() throws {
        var byLabel: Set<[String]> = [], byName: [[String]] = []
        for (index, stage) in ReleaseStage.stages(count: 3).enumerated() {
            let t = try played(stage, seed: 42 + UInt64(index))
            let objects = try [ResourceType.rollouts, .canaries].flatMap { r in try t.store.list(r, namespace: nil).items.map { (r, $0) } }
            byLabel.insert(objects.map { r, object in "\(r.plural)/\(object.labels[FleetRelease.appLabel] ?? "-")" }.sorted())
            byName.append(objects.map { r, object in "\(r.plural)/\(object.key)" }.sorted())
            for (r, object) in objects where r == .rollouts {
                #expect(object.json[path: ["spec", "template", "metadata", "labels", FleetRelease.appLabel]]?.stringValue == object.labels[FleetRelease.appLabel],
                        "\(object.key)")
            }
        }
        #expect(byLabel.count == 1, "\(byLabel)")
        #expect(byLabel.first == ["canaries/podinfo", "rollouts/cart", "rollouts/catalog", "rollouts/checkout", "rollouts/frontend", "rollouts/payments"])
        #expect(byName[0] == byName[1], "staging and prod-eu: the same namespaces and names")
        #expect(Set(byName[0]).subtracting(byName[2]) == ["rollouts/shop/checkout"])
        #expect(Set(byName[2]).subtracting(byName[0]) == ["rollouts/shop-us/checkout-v2"])
    }
}
