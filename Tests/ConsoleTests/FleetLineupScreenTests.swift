import Foundation
import KubeModel
import Testing
import TerminalUI
import Delivery
@testable import Console

/// The fleet screen on `FleetLineup`: the upstream canary scenario's `canary-demo` in three
/// clusters, as each cluster's source reports it (`.lineup`): Degraded on revision 31 in staging
/// (as the fixture is), paused at its indefinite step on 31 in prod-eu, Healthy on 30 in prod-us.
/// Each line shows its cluster's revision, image, step or weight and who it waits for, under the
/// lineup's summary; the status line and every confirm dialog name the cluster in its colour.
@Suite struct FleetLineupScreenTests {
    static let app = FleetApp(namespace: "jesse-test", name: "canary-demo")

    /// staging: the fixture as it is (Degraded on 31, stable 30).
    static func degraded() throws -> ObjectSet {
        var set = try DetailPagesTests.scenario("canary")
        set.rollouts = set.rollouts.filter { $0.metadata.name == "canary-demo" }
        return set
    }

    /// prod-eu: paused by the controller at step 1 (`pause: {}`), 31 still the canary.
    static func paused() throws -> ObjectSet {
        var set = try degraded()
        set.rollouts[0].status.phase = "Paused"
        set.rollouts[0].status.message = "CanaryPauseStep"
        set.rollouts[0].status.currentStepIndex = 1
        set.rollouts[0].status.pauseConditions = [.init(reason: "CanaryPauseStep", startTime: KubeTime(Fixtures.now.addingTimeInterval(-90)))]
        return set
    }

    /// prod-us: 31 never came; 30 is current and stable.
    static func onTheOldRevision() throws -> ObjectSet {
        var set = try degraded()
        set.replicaSets = set.replicaSets.filter { $0.revision != 31 }
        set.rollouts[0].metadata.annotations?[Annotations.revision] = "30"
        set.rollouts[0].status.phase = "Healthy"
        set.rollouts[0].status.currentPodHash = set.rollouts[0].status.stableRS
        set.rollouts[0].status.currentStepIndex = 8
        return set
    }

    static func objects() throws -> [(ClusterID, ObjectSet)] {
        [(FleetFixtures.staging, try degraded()), (FleetFixtures.prodEU, try paused()), (FleetFixtures.prodUS, try onTheOldRevision())]
    }

    /// Three live clusters holding `canary-demo` (rows built by the Argo adapter from the same
    /// objects), prod-eu's selected (the list's first); `F` pressed, and each cluster's lineup reported when `report`.
    static func state(report: Bool = true) throws -> ConsoleState {
        var state = ConsoleState(clusters: FleetFixtures.clusters(), scope: .all, now: Fixtures.now)
        _ = Reducer.start(&state)
        let adapter = try #require(DeliveryRegistry.standard.adapter(for: .rollout))
        for (id, set) in try objects() {
            let row = try #require(adapter.row(set.rollouts[0], related: set, now: Fixtures.now))
            _ = Reducer.reduce(&state, .cluster(id, .connection(.live)))
            _ = Reducer.reduce(&state, .cluster(id, .rows(upserted: [row], removed: []).tagged(id)))
        }
        Fixtures.press(&state, "g", "F")
        if report {
            for (id, set) in try objects() { _ = Reducer.reduce(&state, .cluster(id, .lineup(app.key, set))) }
        }
        return state
    }

    @Test func eachClusterSaysWhereItsReleaseStands() throws {
        let state = try Self.state()
        let model = FleetScreenModel(state, Self.app)
        #expect(model.lines.map(\.row.ref.cluster) == [FleetFixtures.staging, FleetFixtures.prodEU, FleetFixtures.prodUS])
        #expect(model.lines.map { $0.entry?.revision } == ["31", "31", "30"])
        #expect(model.lines.map { $0.entry?.waitingFor } == [nil, "promotion", nil])
        #expect(model.lines[1].entry?.progress == "1/8 (20%)")
        #expect(model.lines[2].entry?.images == ["argoproj/rollouts-demo:green"])
        #expect(model.summary == "staging degraded at step 0/8 on revision 31; eu paused at step 1/8 on revision 31; prod-us runs 30"
            + " (clusters differ on revision and image)", "clusters named as on screen (prod-eu is `eu` in the config)")
        try ScreenSnapshotTests.check(state, "fleet-lineup", ascii: false)
    }

    @Test func beforeAnyClusterReportsTheRowsStillShow() throws {
        let state = try Self.state(report: false)
        let model = FleetScreenModel(state, Self.app)
        #expect(model.lines.count == 3 && model.lines.allSatisfy { $0.entry == nil } && model.summary == nil)
        let grid = ConsoleView.render(ScreenSnapshotTests.sized(state, 120, 40), glyphs: .unicode)
        #expect((0..<grid.size.height).contains { grid.line($0).contains("prod-us") && grid.line($0).contains("Healthy") })
    }

    @Test func fWatchesTheApplicationInEveryClusterAndLeavingForgetsIt() throws {
        var state = try Self.state()
        for id in state.clusterOrder {
            #expect(state.neededWatches.contains(WatchSpec.lineup(.rollouts, Self.app).in(id)))
        }
        #expect(WatchSpec.lineup(.rollouts, Self.app).lineupKey == Self.app.key)
        #expect(WatchSpec(resource: .rollouts, namespace: "jesse-test").lineupKey == nil)
        Fixtures.press(&state, "esc")
        #expect(state.lineupObjects.isEmpty)
        #expect(!state.neededWatches.contains { $0.lineupKey != nil })
        // A late report of an application no longer on screen is dropped.
        _ = Reducer.reduce(&state, .cluster(FleetFixtures.staging, .lineup(Self.app.key, try Self.degraded())))
        #expect(state.lineupObjects.isEmpty)
    }

    @Test func theSourceReportsTheApplicationWithWhatItRelatesTo() throws {
        var store = ObjectStore(registry: .standard)
        let set = try Self.paused()
        _ = store.apply(.replaced(set.rollouts), from: WatchSpec(resource: .rollouts, namespace: nil))
        _ = store.apply(.replaced(set.replicaSets), from: WatchSpec(resource: .replicaSets, namespace: nil))
        let reported = LineupObjects.build(Self.app.key, store: store, registry: .standard)
        #expect(reported.rollouts.map(\.metadata.name) == ["canary-demo"])
        #expect(Set(reported.replicaSets.map(\.metadata.name)) == Set(set.replicaSets.filter { $0.metadata.ownerReferences?.first?.name == "canary-demo" }.map(\.metadata.name)))
        let entry = FleetLineup([ClusterObjects(cluster: "eu", objects: reported)]).applications[0].entries[0]
        #expect(entry.revision == "31" && entry.waitingFor == "promotion")
        #expect(LineupObjects.build(FleetApp(namespace: "jesse-test", name: "nothing").key, store: store, registry: .standard) == ObjectSet())
    }

    @Test func fIsHintedOnlyWithSeveralClusters() throws {
        let fleet = FleetFixtures.state()
        #expect(FooterHints.hints(fleet).contains(KeyHint("F", "fleet")))
        #expect(!FooterHints.hints(Fixtures.state()).contains(KeyHint("F", "fleet")))
        #expect(!FooterHints.hints(try Self.state()).contains(KeyHint("F", "fleet")), "not on the fleet screen itself")
    }

    /// Where `text` starts on the grid, as (x, y).
    static func find(_ text: String, in grid: Grid) throws -> (Int, Int) {
        let row = try #require((0..<grid.size.height).last { grid.line($0).contains(text) })
        let x = try #require(grid.line(row).range(of: text).map { grid.line(row)[..<$0.lowerBound].count })
        return (x, row)
    }

    @Test func aMutationsResultStartsWithTheClusterInItsColour() throws {
        var state = try Self.state()
        #expect(state.fleetCursor == 1, "on the line of the row selected in the list: prod-eu's")
        let mutation = try #require(Fixtures.press(&state, "p", "tab", "enter").compactMap(\.sentMutation).first)
        #expect(mutation.target.cluster == FleetFixtures.prodEU, "promote acts on the selected line's cluster alone")
        _ = Reducer.reduce(&state, .mutationFinished(id: mutation.id, outcome: .succeeded))
        let line = try #require(state.statusLine)
        #expect(line.text.hasPrefix("eu: promote"))
        #expect(line.prefixLength == "eu: ".count && line.cluster == FleetFixtures.prodEU)
        let grid = ConsoleView.render(ScreenSnapshotTests.sized(state, 120, 40), glyphs: .unicode)
        let (x, y) = try Self.find("eu: promote", in: grid)
        #expect(grid[x, y].role == .degraded && grid[x + 1, y].role == .degraded, "the cluster's name in its colour (prod-eu is red)")
        #expect(grid[x + "eu: ".count, y].role == .info, "the rest as any message")
        // A cluster the config gives no colour: its name first, drawn as the rest.
        Fixtures.press(&state, "j")
        let restart = try #require(Fixtures.press(&state, "R", "tab", "enter").compactMap(\.sentMutation).first)
        _ = Reducer.reduce(&state, .mutationFinished(id: restart.id, outcome: .succeeded))
        #expect(state.statusLine?.text.hasPrefix("prod-us: restart") == true && state.statusLine?.cluster == FleetFixtures.prodUS)
        let plain = ConsoleView.render(ScreenSnapshotTests.sized(state, 120, 40), glyphs: .unicode)
        let (px, py) = try Self.find("prod-us: restart", in: plain)
        #expect(plain[px, py].role == .info)
    }

    @Test func everyConfirmDialogNamesTheClusterInItsColour() throws {
        var state = try Self.state()
        Fixtures.press(&state, "k", "R")
        guard case .confirm = state.overlay else { Issue.record("no dialog"); return }
        try ScreenSnapshotTests.check(state, "fleet-confirm-staging", ascii: false)
        let grid = ConsoleView.render(ScreenSnapshotTests.sized(state, 120, 40), glyphs: .unicode)
        let (x, y) = try Self.find("cluster staging", in: grid)
        #expect(grid[x, y].role == .healthy, "staging is green in the config")
    }
}
