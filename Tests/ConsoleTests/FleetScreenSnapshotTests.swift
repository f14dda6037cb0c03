import Foundation
import Testing
import TerminalUI
@testable import Console

/// The fleet's screens: three clusters' rows (one cluster away, its rows stale), the clusters
/// pane, the header summing them, and a production cluster's confirm dialog.
@Suite struct FleetScreenSnapshotTests {
    static func fleetWithOneAway() -> ConsoleState {
        var state = FleetFixtures.state()
        _ = Reducer.reduce(&state, .cluster(FleetFixtures.prodUS, .connection(.reconnecting(
            since: Fixtures.now.addingTimeInterval(-75), reason: "connection refused"))))
        return state
    }

    @Test func listOfThreeClusters() throws {
        try ScreenSnapshotTests.check(Self.fleetWithOneAway(), "fleet-list", ascii: false)
    }

    @Test func namespacesPaneUnderTheClustersPane() throws {
        var state = Self.fleetWithOneAway()
        Fixtures.press(&state, "tab")
        try assertSnapshot(ConsoleView.render(ScreenSnapshotTests.sized(state, 80, 24), glyphs: .unicode), named: "fleet-namespaces-80x24")
    }

    @Test func productionConfirmDialog() throws {
        var state = FleetFixtures.state()
        Fixtures.press(&state, "p")
        try ScreenSnapshotTests.check(state, "fleet-confirm-production", ascii: false)
        let grid = ConsoleView.render(ScreenSnapshotTests.sized(state, 120, 40), glyphs: .unicode)
        let row = try #require((0..<grid.size.height).first { grid.line($0).contains("PRODUCTION: eu") })
        let x = try #require(grid.line(row).range(of: "PRODUCTION").map { grid.line(row)[..<$0.lowerBound].count })
        #expect(grid[x, row].role == .error)
    }

    @Test func otherClustersDialogNamesItQuietly() throws {
        var state = FleetFixtures.state()
        Fixtures.press(&state, "j", "p")
        try assertSnapshot(ConsoleView.render(ScreenSnapshotTests.sized(state, 80, 24), glyphs: .unicode), named: "fleet-confirm-80x24")
    }

    @Test func contextsList() throws {
        var state = Self.fleetWithOneAway()
        state.kubeconfigContexts = ["prod-ap", "prod-eu", "prod-us", "staging"]
        Fixtures.press(&state, ":", "c", "t", "x", "enter", "j")
        try assertSnapshot(ConsoleView.render(ScreenSnapshotTests.sized(state, 80, 24), glyphs: .unicode), named: "fleet-contexts-80x24")
    }

    @Test func oneApplicationAcrossTheClusters() throws {
        var state = Self.fleetWithOneAway()
        Fixtures.press(&state, "F")
        try ScreenSnapshotTests.check(state, "fleet-app", ascii: false)
    }

    @Test func serverVersionsBesideEachClustersConnection() throws {
        var state = Self.fleetWithOneAway()
        for id in state.clusterOrder { _ = Reducer.reduce(&state, .cluster(id, .serverVersion("v1.32.0"))) }
        #expect(state.clusters[FleetFixtures.staging]?.serverVersion == "v1.32.0")
        try ScreenSnapshotTests.check(state, "fleet-versions", ascii: false)
        let grid = ConsoleView.render(ScreenSnapshotTests.sized(state, 120, 40), glyphs: .unicode)
        #expect((0..<grid.size.height).contains { grid.line($0).contains("live v1.32.0") })
        // A long one is cut to its release where the pane is narrow; nothing where even that does not fit.
        #expect(ClustersPaneView.versionText("v1.32.0-rollscope-demo", room: 14) == " v1.32.0")
        #expect(ClustersPaneView.versionText("v1.32.0-rollscope-demo", room: 40) == " v1.32.0-rollscope-demo")
        #expect(ClustersPaneView.versionText("v1.29.3+k3s1", room: 8) == " v1.29.3")
        #expect(ClustersPaneView.versionText("v1.32.0", room: 5) == nil)
        // Another context on that cluster's line: its version is asked again, the old one forgotten.
        _ = Reducer.reduce(&state, .cluster(FleetFixtures.staging, .contextChanged(FleetFixtures.identity(FleetFixtures.staging))))
        #expect(state.clusters[FleetFixtures.staging]?.serverVersion == nil)
        #expect(state.clusters[FleetFixtures.prodUS]?.serverVersion == "v1.32.0")
    }
}
