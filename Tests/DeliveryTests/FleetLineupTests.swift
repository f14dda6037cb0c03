import Foundation
import KubeModel
import Testing
@testable import Delivery

/// `FleetLineup`, `FleetText` and the CLUSTER column (`TextTable.byCluster`, `ClusterItem`) on
/// the upstream fixtures placed in three "clusters" in different states: the canary scenario's
/// `canary-demo` Degraded on revision 31 (staging, as the fixture is), paused at its indefinite
/// step on 31 (prod-eu) and Healthy on 30 (prod-us); Flagger's istio `podinfo` waiting for
/// promotion in one cluster and promoted in another.
@Suite struct FleetLineupTests {
    /// The canary scenario's `canary-demo` alone (the other rollouts of the folder left out), with
    /// its ReplicaSets.
    static func canaryDemo() throws -> ObjectSet {
        var set = try Fixtures.scenario("canary")
        set.rollouts = set.rollouts.filter { $0.metadata.name == "canary-demo" }
        return set
    }

    /// prod-eu: the controller paused it at step 1 (`pause: {}`), revision 31 still canary.
    static func pausedAtStep() throws -> ObjectSet {
        var set = try canaryDemo()
        set.rollouts[0].status.phase = "Paused"
        set.rollouts[0].status.message = "CanaryPauseStep"
        set.rollouts[0].status.currentStepIndex = 1
        set.rollouts[0].status.pauseConditions = [.init(reason: "CanaryPauseStep", startTime: Fixtures.weekAgo)]
        return set
    }

    /// prod-us: revision 31 never came; revision 30 is current and stable.
    static func healthyOnStable() throws -> ObjectSet {
        var set = try canaryDemo()
        set.replicaSets = set.replicaSets.filter { $0.revision != 31 }
        set.rollouts[0].metadata.annotations?[Annotations.revision] = "30"
        set.rollouts[0].status.phase = "Healthy"
        set.rollouts[0].status.currentPodHash = set.rollouts[0].status.stableRS
        set.rollouts[0].status.currentStepIndex = 8
        return set
    }

    static func clusters() throws -> [ClusterObjects] {
        [ClusterObjects(cluster: "staging", objects: try canaryDemo()), ClusterObjects(cluster: "prod-eu", objects: try pausedAtStep()),
         ClusterObjects(cluster: "prod-us", objects: try healthyOnStable())]
    }

    /// Flagger's istio example with its podinfo Deployment in `test`, at `phase` on `image`.
    static func podinfo(_ phase: String, applied: String, promoted: String, image: String, weight: Int32? = nil) throws -> ObjectSet {
        var set = try ManifestReader.read(Fixtures.text(Fixtures.flagger.appendingPathComponent("examples/istio-canary.yaml")), file: "canary")
        set.append(try ManifestReader.read(Fixtures.text(Fixtures.flagger.appendingPathComponent("workloads/podinfo-deployment.yaml")), file: "deploy"))
        set.canaries[0].status = .init(phase: phase, canaryWeight: weight, lastAppliedSpec: applied)
        set.canaries[0].status.lastPromotedSpec = promoted
        set.deployments[0].metadata.namespace = "test"
        set.deployments[0].spec.template?.spec?.containers?[0].image = image
        return set
    }

    @Test func aRolloutIsLinedUpAcrossThreeClusters() throws {
        let lineup = FleetLineup(try Self.clusters())
        #expect(lineup.applications.map(\.name) == ["jesse-test/canary-demo"])
        let app = try #require(lineup.applications.first)
        #expect(app.entries.map(\.cluster) == ["staging", "prod-eu", "prod-us"])
        let (staging, eu, us) = (app.entries[0], app.entries[1], app.entries[2])
        #expect(staging.status == "Degraded" && staging.revision == "31" && staging.stableRevision == "30")
        #expect(staging.images == ["argoproj/rollouts-demo:does-not-exist"])
        #expect(staging.waitingFor == nil, "a degraded rollout goes nowhere, but no promote is awaited")
        #expect(eu.status == "Paused" && eu.step == "1/8" && eu.weight == 20 && eu.waitingFor == "promotion")
        #expect(eu.progress == "1/8 (20%)")
        #expect(us.status == "Healthy" && us.revision == "30" && us.stableRevision == nil && us.images == ["argoproj/rollouts-demo:green"])
        #expect(app.revisionsDiffer && app.imagesDiffer && app.missingFrom.isEmpty)
        #expect(app.summary == "staging degraded at step 0/8 on revision 31; prod-eu paused at step 1/8 on revision 31; prod-us runs 30"
            + " (clusters differ on revision and image)")
    }

    @Test func aTimedPauseOrAManualOneIsToldApart() throws {
        var timed = try Self.pausedAtStep()
        timed.rollouts[0].status.currentStepIndex = 3
        #expect(FleetLineup([ClusterObjects(cluster: "a", objects: timed)]).applications[0].entries[0].waitingFor == nil,
                "step 3 pauses 10s: it resumes by itself")
        var manual = try Self.healthyOnStable()
        manual.rollouts[0].spec.paused = true
        manual.rollouts[0].status.phase = nil
        manual.rollouts[0].status.conditions = nil
        let entry = FleetLineup([ClusterObjects(cluster: "a", objects: manual)]).applications[0].entries[0]
        #expect(entry.status == "Paused" && entry.waitingFor == "resume")
        #expect(FleetLineup([ClusterObjects(cluster: "a", objects: manual)]).applications[0].summary == "a paused by hand at step 8/8 on revision 30")
    }

    @Test func clustersThatAgreeAndOneThatHasNone() throws {
        let us = try Self.healthyOnStable()
        let lineup = FleetLineup([ClusterObjects(cluster: "prod-eu", objects: us), ClusterObjects(cluster: "prod-us", objects: us),
                                  ClusterObjects(cluster: "dev", objects: ObjectSet())])
        let app = try #require(lineup.applications.first)
        #expect(!app.revisionsDiffer && !app.imagesDiffer)
        #expect(app.missingFrom == ["dev"])
        #expect(app.summary == "prod-eu runs 30; prod-us runs 30; none in dev")
    }

    @Test func canariesShowTheirPhaseAndWhatTheyWaitFor() throws {
        let waiting = try Self.podinfo("WaitingPromotion", applied: "7d9c5b", promoted: "5f6d8a", image: "ghcr.io/stefanprodan/podinfo:6.0.1", weight: 50)
        let done = try Self.podinfo("Succeeded", applied: "5f6d8a", promoted: "5f6d8a", image: "ghcr.io/stefanprodan/podinfo:6.0.0")
        let lineup = FleetLineup([ClusterObjects(cluster: "prod-eu", objects: waiting), ClusterObjects(cluster: "prod-us", objects: done)])
        let app = try #require(lineup.applications.first)
        #expect(app.name == "test/podinfo")
        let (eu, us) = (app.entries[0], app.entries[1])
        #expect(eu.kind == "Canary" && eu.status == "WaitingPromotion" && eu.revision == "7d9c5b" && eu.stableRevision == "5f6d8a")
        #expect(eu.waitingFor == "approval (confirm-promotion)" && eu.weight == 50 && eu.progress == "50%")
        #expect(us.stableRevision == nil && us.waitingFor == nil)
        #expect(app.summary == "prod-eu waits for approval (confirm-promotion) on ghcr.io/stefanprodan/podinfo:6.0.1;"
            + " prod-us runs ghcr.io/stefanprodan/podinfo:6.0.0 (clusters differ on revision and image)")
    }

    /// An older install in one cluster: another namespace and another name, the same
    /// `app.kubernetes.io/name` (as a Helm chart sets it): only the label lines it up with the others.
    @Test func aLabelMatchesUnderAnotherNamespaceAndName() throws {
        func labelled(_ set: ObjectSet) -> ObjectSet {
            var set = set
            set.rollouts[0].metadata.labels = ["app.kubernetes.io/name": "canary-demo"]
            return set
        }
        var older = labelled(try Self.healthyOnStable())
        older.rollouts[0].metadata.namespace = "jesse-test-us"
        older.rollouts[0].metadata.name = "canary-demo-v2"
        let clusters = [ClusterObjects(cluster: "staging", objects: labelled(try Self.canaryDemo())),
                        ClusterObjects(cluster: "prod-eu", objects: labelled(try Self.pausedAtStep())),
                        ClusterObjects(cluster: "prod-us", objects: older)]
        let byName = FleetLineup(clusters, named: "jesse-test/canary-demo")
        #expect(byName.applications.map(\.name) == ["jesse-test/canary-demo"])
        #expect(byName.applications[0].missingFrom == ["prod-us"], "namespace and name miss the older install")
        let byLabel = FleetLineup(clusters, match: .label("app.kubernetes.io/name"), named: "canary-demo")
        let app = try #require(byLabel.applications.first)
        #expect(byLabel.applications.count == 1 && app.name == "canary-demo" && app.missingFrom.isEmpty)
        #expect(app.entries.map { "\($0.cluster) \($0.namespace)/\($0.name)" }
            == ["staging jesse-test/canary-demo", "prod-eu jesse-test/canary-demo", "prod-us jesse-test-us/canary-demo-v2"])
        #expect(app.entries[2].revision == "30" && app.entries[2].status == "Healthy")
    }

    /// The summary in pieces, each cluster's name apart (the console colours it): joined, the summary.
    @Test func theSummaryInPiecesSetsEachClusterApart() throws {
        let app = try #require(FleetLineup(try Self.clusters() + [ClusterObjects(cluster: "dev", objects: ObjectSet())]).applications.first)
        #expect(app.summaryParts.map(\.text).joined() == app.summary)
        #expect(app.summaryParts.compactMap(\.cluster) == ["staging", "prod-eu", "prod-us", "dev"])
        #expect(app.summaryParts.filter { $0.cluster != nil }.allSatisfy { $0.text == $0.cluster })
        #expect(app.summary.hasSuffix("prod-us runs 30; none in dev (clusters differ on revision and image)"))
        let none = try #require(FleetLineup([ClusterObjects(cluster: "a", objects: try Self.canaryDemo())]).applications.first)
        #expect(none.summaryParts.map(\.text) == ["a", " degraded at step 0/8 on revision 31"])
    }

    @Test func aLabelMatchesAcrossNamespacesAndANameNarrows() throws {
        var moved = try Self.healthyOnStable()
        moved.rollouts[0].metadata.namespace = "prod"
        let clusters = [ClusterObjects(cluster: "staging", objects: try Self.canaryDemo()), ClusterObjects(cluster: "prod-us", objects: moved)]
        #expect(FleetLineup(clusters).applications.map(\.name) == ["jesse-test/canary-demo", "prod/canary-demo"])
        let byLabel = FleetLineup(clusters, match: .label("app"))
        #expect(byLabel.applications.map(\.name) == ["canary-demo"])
        #expect(byLabel.applications[0].entries.map(\.namespace) == ["jesse-test", "prod"])
        #expect(FleetLineup(clusters, match: .label("app.kubernetes.io/name")).applications.count == 2, "no such label: namespace and name")
        #expect(FleetLineup(clusters, named: "canary-demo").applications.count == 2, "a name matches its objects")
        #expect(FleetLineup(clusters, named: "prod/canary-demo").applications.map(\.name) == ["prod/canary-demo"])
        #expect(FleetLineup(clusters, named: "cart").applications.isEmpty)
    }

    @Test func theFleetTableAndItsDocument() throws {
        let lineup = FleetLineup(try Self.clusters())
        #expect(FleetText.lineup(lineup) == """
            APP                     CLUSTER  REVISION        IMAGE                                  STATUS    STEP-WEIGHT  WAITING
            jesse-test/canary-demo  staging  31 (stable 30)  argoproj/rollouts-demo:does-not-exist  Degraded  0/8 (20%)    -
            jesse-test/canary-demo  prod-eu  31 (stable 30)  argoproj/rollouts-demo:does-not-exist  Paused    1/8 (20%)    promotion
            jesse-test/canary-demo  prod-us  30              argoproj/rollouts-demo:green           Healthy   8/8 (100%)   -

            jesse-test/canary-demo: staging degraded at step 0/8 on revision 31; prod-eu paused at step 1/8 on revision 31; prod-us runs 30 (clusters differ on revision and image)

            """)
        #expect(FleetText.lineup(FleetLineup([])) == "")
        let json = try OutputFormat.json.render(FleetText.document(lineup))
        let back = try OutputFormat.json.parse(ViewList<FleetApplication>.self, from: json)
        #expect(back.kind == "FleetApplicationList" && back.items == lineup.applications)
    }

    @Test func tablesOfSeveralClustersGainACLUSTERColumn() throws {
        let staging = ListText.rolloutsTable(try Self.canaryDemo().rollouts, options: .init(allNamespaces: true))
        let us = ListText.rolloutsTable(try Self.healthyOnStable().rollouts, options: .init(allNamespaces: true))
        let merged = TextTable.byCluster([("staging", staging), ("prod-us", us)]).text
        let lines = merged.split(separator: "\n").map(String.init)
        #expect(lines.count == 3)
        #expect(lines[0].hasPrefix("CLUSTER  NAMESPACE   NAME         STRATEGY   STATUS"))
        #expect(lines[1].hasPrefix("staging  jesse-test  canary-demo  Canary     Degraded"), "\(merged)")
        #expect(lines[2].hasPrefix("prod-us  jesse-test  canary-demo  Canary     Healthy "), "\(merged)")
        // The plugin's columns unchanged: each line is the one-cluster line after the cluster's cell.
        let alone: [String] = staging.text.split(separator: "\n").map(String.init)
        let withoutCluster = String(lines[1].dropFirst("staging  ".count))
        #expect(withoutCluster == alone[1])
        #expect(TextTable.byCluster([("a", TextTable(header: ["NAME"], rows: []))]).text == "")

        let usObjects = try Self.healthyOnStable()
        let info = RolloutInfo(usObjects.rollouts[0], objects: usObjects)
        let document = ViewList(kind: "RolloutViewList", items: [ClusterItem(cluster: "prod-us", item: info)])
        let json = try OutputFormat.json.render(document)
        #expect(json.contains(#""cluster" : "prod-us""#) && json.contains(#""name" : "canary-demo""#))
        #expect(try OutputFormat.json.parse(ViewList<ClusterItem<RolloutInfo>>.self, from: json) == document)
    }
}
