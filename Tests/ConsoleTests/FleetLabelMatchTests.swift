import Foundation
import Kube
import KubeModel
import Testing
import TerminalUI
import Delivery
@testable import Console

/// The fleet screen matching applications by a label chosen in the config (`fleet: matchLabel:`,
/// `--match-label`): `canary-demo` in three clusters, all labelled `app.kubernetes.io/name:
/// canary-demo`, prod-us's an older install under another namespace and name
/// (`jesse-test-us/canary-demo-v2`). `F` lines the three up by the label, across namespaces;
/// without the label on the row, by namespace and name; the title says which. A cluster that
/// refuses the watch across namespaces is looked in the row's namespace, and the screen says so.
@Suite struct FleetLabelMatchTests {
    static let label = "app.kubernetes.io/name"
    static let app = FleetApp(label: label, value: "canary-demo", namespace: "jesse-test")

    static func labelled(_ set: ObjectSet) -> ObjectSet {
        var set = set
        set.rollouts[0].metadata.labels = [label: "canary-demo"]
        return set
    }

    /// prod-us's older install: the same label, in `jesse-test-us` as `canary-demo-v2`.
    static func olderInstall() throws -> ObjectSet {
        var set = labelled(try FleetLineupScreenTests.onTheOldRevision())
        set.rollouts[0].metadata.namespace = "jesse-test-us"
        set.rollouts[0].metadata.name = "canary-demo-v2"
        for index in set.replicaSets.indices {
            set.replicaSets[index].metadata.namespace = "jesse-test-us"
            set.replicaSets[index].metadata.ownerReferences = set.replicaSets[index].metadata.ownerReferences?.map {
                var owner = $0
                owner.name = "canary-demo-v2"
                return owner
            }
        }
        return set
    }

    static func objects(labelled: Bool = true) throws -> [(ClusterID, ObjectSet)] {
        let mark = labelled ? Self.labelled : { $0 }
        return [(FleetFixtures.staging, mark(try FleetLineupScreenTests.degraded())), (FleetFixtures.prodEU, mark(try FleetLineupScreenTests.paused())),
                (FleetFixtures.prodUS, labelled ? try olderInstall() : try FleetLineupScreenTests.onTheOldRevision())]
    }

    /// Three live clusters, rows built carrying the configured label's value (none configured
    /// when `configured` is false); `F` pressed on prod-eu's row, each cluster's lineup reported
    /// when `report`.
    static func state(configured: Bool = true, labelled: Bool = true, report: Bool = true) throws -> ConsoleState {
        var state = ConsoleState(clusters: FleetFixtures.clusters(), scope: .all, now: Fixtures.now)
        state.deliveries.fleetLabel = configured ? label : nil
        _ = Reducer.start(&state)
        let adapter = try #require(state.deliveries.adapter(for: .rollout))
        for (id, set) in try objects(labelled: labelled) {
            let row = try #require(adapter.row(set.rollouts[0], related: set, now: Fixtures.now, fleetLabel: state.deliveries.fleetLabel))
            _ = Reducer.reduce(&state, .cluster(id, .connection(.live)))
            _ = Reducer.reduce(&state, .cluster(id, .rows(upserted: [row], removed: []).tagged(id)))
        }
        Fixtures.press(&state, "g", "F")
        guard report, case let .fleet(app) = state.screen else { return state }
        for (id, set) in try objects(labelled: labelled) { _ = Reducer.reduce(&state, .cluster(id, .lineup(app.key, set))) }
        return state
    }

    static func grid(_ state: ConsoleState) -> Grid { ConsoleView.render(ScreenSnapshotTests.sized(state, 120, 40), glyphs: .unicode) }

    @Test func rowsCarryOnlyTheConfiguredLabelsValue() throws {
        let set = try Self.olderInstall()
        let adapter = try #require(DeliveryRegistry.standard.adapter(for: .rollout))
        #expect(adapter.row(set.rollouts[0], related: set, now: Fixtures.now, fleetLabel: Self.label)?.fleetLabelValue == "canary-demo")
        #expect(adapter.row(set.rollouts[0], related: set, now: Fixtures.now, fleetLabel: "app")?.fleetLabelValue == nil, "a label it lacks")
        #expect(adapter.row(set.rollouts[0], related: set, now: Fixtures.now, fleetLabel: nil)?.fleetLabelValue == nil, "none configured")
    }

    @Test func fLinesUpTheLabelsApplicationUnderAnyNamespaceAndName() throws {
        let state = try Self.state()
        #expect(state.screen == .fleet(Self.app))
        let model = FleetScreenModel(state, Self.app)
        #expect(model.lines.map { "\($0.row.ref.cluster.rawValue) \($0.row.ref.namespace)/\($0.row.ref.name)" }
            == ["staging jesse-test/canary-demo", "prod-eu jesse-test/canary-demo", "prod-us jesse-test-us/canary-demo-v2"])
        #expect(model.lines.map { $0.entry?.revision } == ["31", "31", "30"], "each line has its own cluster's entry")
        #expect(model.summary == "staging degraded at step 0/8 on revision 31; eu paused at step 1/8 on revision 31; prod-us runs 30"
            + " (clusters differ on revision and image)")
        #expect(state.fleetCursor == 1, "on prod-eu's line, where F was pressed")
        let grid = Self.grid(state)
        #expect(grid.line(2).contains("canary-demo  matched by app.kubernetes.io/name=canary-demo, in 3 of 3 clusters"), "\(grid.line(2))")
        #expect((0..<grid.size.height).contains { grid.line($0).contains("prod-us") && grid.line($0).contains("jesse-test-us/canary-demo-v2") },
                "matched by label, each line names its object")
        try ScreenSnapshotTests.check(state, "fleet-lineup-label", ascii: false)
    }

    @Test func theLineupWatchSelectsByLabelInEveryNamespace() throws {
        let state = try Self.state()
        for id in state.clusterOrder {
            let spec = WatchSpec(resource: .rollouts, namespace: nil, labelSelector: "app.kubernetes.io/name=canary-demo", cluster: id,
                                 lineupKey: Self.app.key)
            #expect(state.neededWatches.contains(spec), "\(id.rawValue)")
        }
        #expect(WatchSpec.lineup(.rollouts, Self.app).lineupKey == .label(Self.label, value: "canary-demo"))
    }

    @Test func aRowWithoutTheLabelIsMatchedByNamespaceAndName() throws {
        let state = try Self.state(labelled: false)
        let app = FleetApp(namespace: "jesse-test", name: "canary-demo")
        #expect(state.screen == .fleet(app))
        #expect(FleetScreenModel(state, app).lines.map(\.row.ref.cluster) == [FleetFixtures.staging, FleetFixtures.prodEU, FleetFixtures.prodUS])
        #expect(Self.grid(state).line(2).contains("jesse-test/canary-demo  matched by namespace/name jesse-test/canary-demo, in 3 of 3 clusters"))
        // No label configured: the same, whatever the objects carry.
        #expect(try Self.state(configured: false).screen == .fleet(app))
    }

    @Test func promoteActsOnTheSelectedClustersOwnObject() throws {
        var state = try Self.state()
        Fixtures.press(&state, "j")
        Fixtures.press(&state, "R")
        guard case let .confirm(dialog) = state.overlay else { Issue.record("no dialog"); return }
        #expect(dialog.target == ObjectRef(kind: .rollout, namespace: "jesse-test-us", name: "canary-demo-v2", cluster: FleetFixtures.prodUS))
        let text = (0..<40).map { Self.grid(state).line($0) }.joined(separator: "\n")
        #expect(text.contains("canary-demo-v2"), "the dialog names prod-us's own object:\n\(text)")
        let sent = Fixtures.press(&state, "tab", "enter").compactMap(\.sentMutation)
        #expect(sent.map(\.target) == [dialog.target])
    }

    @Test func aClusterRefusingTheWatchAcrossNamespacesIsLookedInTheRowsNamespace() throws {
        var state = try Self.state()
        var tracker = ConnectionTracker(listResources: DeliveryRegistry.standard.listResources)
        let across = WatchSpec.lineup(.rollouts, Self.app)
        let (events, action) = tracker.state(.forbidden("rollouts.argoproj.io is forbidden"), of: across)
        #expect(action == nil && tracker.connection == .connecting, "the fleet screen's watch is not the list")
        for event in events { _ = Reducer.reduce(&state, .cluster(FleetFixtures.prodUS, event)) }
        #expect(state.lineupNarrowed[FleetFixtures.prodUS] == "rollouts.argoproj.io is forbidden")
        #expect(state.clusters[FleetFixtures.prodUS]?.connection == .live)
        let narrowed = WatchSpec.lineup(.rollouts, Self.app, acrossNamespaces: false).in(FleetFixtures.prodUS)
        #expect(narrowed.namespace == "jesse-test" && narrowed.labelSelector == "app.kubernetes.io/name=canary-demo")
        #expect(state.neededWatches.contains(narrowed) && !state.neededWatches.contains(across.in(FleetFixtures.prodUS)))
        #expect(state.neededWatches.contains(across.in(FleetFixtures.staging)), "the others still look everywhere")
        #expect(Self.grid(state).line(4).contains("only namespace jesse-test in prod-us (may not list across namespaces)"), "\(Self.grid(state).line(4))")
        Fixtures.press(&state, "esc")
        #expect(state.lineupNarrowed.isEmpty)
    }

    @Test func theSourceReportsEveryObjectCarryingTheLabel() throws {
        var store = ObjectStore(registry: .standard)
        for set in [try Self.olderInstall(), Self.labelled(try FleetLineupScreenTests.paused())] {
            _ = store.apply(.replaced(set.rollouts), from: WatchSpec(resource: .rollouts, namespace: set.rollouts[0].metadata.namespace))
        }
        let reported = LineupObjects.build(Self.app.key, store: store, registry: .standard)
        #expect(Set(reported.rollouts.map(\.metadata.key)) == ["jesse-test/canary-demo", "jesse-test-us/canary-demo-v2"])
        #expect(LineupObjects.namespaces(Self.app.key, of: reported) == ["jesse-test", "jesse-test-us"])
        #expect(LineupObjects.build(.label(Self.label, value: "other"), store: store, registry: .standard) == ObjectSet())
    }

    @Test func theSummaryNamesEachClusterInItsColour() throws {
        let grid = Self.grid(try Self.state())
        let (x, y) = try FleetLineupScreenTests.find("staging degraded", in: grid)
        #expect(grid[x, y].role == .healthy && grid[x + 6, y].role == .healthy, "staging is green in the config")
        #expect(grid[x + "staging ".count, y].role == .normal)
        let (ex, ey) = try FleetLineupScreenTests.find("eu paused", in: grid)
        #expect(ey == y && grid[ex, ey].role == .degraded && grid[ex + 1, ey].role == .degraded, "prod-eu (`eu`) is red")
        let (ux, uy) = try FleetLineupScreenTests.find("prod-us runs", in: grid)
        #expect(uy == y && grid[ux, uy].role == .normal, "prod-us has no colour")
    }
}
