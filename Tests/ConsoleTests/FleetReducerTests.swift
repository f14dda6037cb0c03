import Foundation
import Testing
import KubeModel
@testable import Console

/// The same namespace, name and kind in several clusters: never one row, never one target.
@Suite struct FleetReducerTests {
    @Test func theSameObjectInTwoClustersIsTwoRows() {
        var table = RowTable()
        let a = Fixtures.checkout
        var b = Fixtures.checkout
        b.ref = b.ref.in(FleetFixtures.prodEU)
        b.status = .degraded
        table[a.ref] = a
        table[b.ref] = b
        #expect(table.count == 2)
        #expect(table.countsByNamespace["shop"] == [.paused: 1, .degraded: 1])
        #expect(table.countsByCluster[.single] == [.paused: 1])
        #expect(table.countsByCluster[FleetFixtures.prodEU] == [.degraded: 1])
        table[b.ref] = nil
        #expect(table[a.ref] == a)
        #expect(table.countsByCluster[FleetFixtures.prodEU] == nil)
        #expect(table.kindsByCluster[FleetFixtures.prodEU] == nil)
    }

    @Test func aRemovalInOneClusterLeavesTheOthers() {
        var state = FleetFixtures.state()
        #expect(state.rows.count == 12)
        let gone = Fixtures.checkoutRef.in(FleetFixtures.prodUS)
        _ = Reducer.reduce(&state, .cluster(FleetFixtures.prodUS, .rows(upserted: [], removed: [gone])))
        #expect(state.rows[gone] == nil)
        #expect(state.rows[Fixtures.checkoutRef.in(FleetFixtures.prodEU)] != nil)
        #expect(state.rows[Fixtures.checkoutRef.in(FleetFixtures.staging)] != nil)
        #expect(state.visibleOrder.count == 11)
    }

    @Test func eachClusterWatchesItsOwnListsAndOnlyTheDetailsClusterItsDetail() {
        var state = FleetFixtures.state()
        let lists = state.neededWatches.filter { $0.resource == .rollouts }
        #expect(Set(lists.map(\.cluster)) == [FleetFixtures.staging, FleetFixtures.prodEU, FleetFixtures.prodUS])
        // Same order as the rows: checkout sorts first, then the same in each cluster by name.
        #expect(state.selectedDelivery == Fixtures.checkoutRef.in(FleetFixtures.prodEU))
        Fixtures.press(&state, "j", "enter")
        let opened = Fixtures.checkoutRef.in(FleetFixtures.prodUS)
        #expect(state.screen == .detail(opened))
        let events = state.neededWatches.filter { $0.resource == .events }
        #expect(events.map(\.cluster) == [FleetFixtures.prodUS])
        #expect(events.first?.detailObject == opened)
    }

    @Test func aClustersConnectionIsItsOwn() {
        var state = FleetFixtures.state()
        let since = Fixtures.now.addingTimeInterval(-12)
        _ = Reducer.reduce(&state, .cluster(FleetFixtures.prodUS, .connection(.reconnecting(since: since, reason: "connection refused"))))
        #expect(state.clusters[FleetFixtures.prodUS]?.connection == .reconnecting(since: since, reason: "connection refused"))
        #expect(state.clusters[FleetFixtures.staging]?.connection == .live)
        // Its rows stay, marked stale; the others' are not.
        #expect(state.rows.count == 12)
        #expect(state.isStale(Fixtures.checkoutRef.in(FleetFixtures.prodUS)))
        #expect(!state.isStale(Fixtures.checkoutRef.in(FleetFixtures.prodEU)))
        // Back: a fresh list replaces its rows, the one that went while it was away goes.
        _ = Reducer.reduce(&state, .cluster(FleetFixtures.prodUS, .rows(upserted: [], removed: [Fixtures.paymentsRef.in(FleetFixtures.prodUS)])))
        _ = Reducer.reduce(&state, .cluster(FleetFixtures.prodUS, .connection(.live)))
        #expect(!state.isStale(Fixtures.checkoutRef.in(FleetFixtures.prodUS)))
        #expect(state.rows.count == 11)
    }

    @Test func aForbiddenNamespaceIsForbiddenInItsClusterOnly() {
        var state = FleetFixtures.state()
        _ = Reducer.reduce(&state, .cluster(FleetFixtures.prodEU, .namespaceForbidden("secret", message: "no")))
        #expect(state.clusters[FleetFixtures.prodEU]?.forbiddenNamespaces == ["secret": "no"])
        #expect(state.clusters[FleetFixtures.staging]?.forbiddenNamespaces == [:])
        #expect(state.forbiddenNamespaces == ["secret": "no"])
    }

    @Test func aMutationGoesToItsClusterNamingIt() throws {
        var state = FleetFixtures.state()
        Fixtures.press(&state, "j")
        let target = Fixtures.checkoutRef.in(FleetFixtures.prodUS)
        #expect(state.selectedDelivery == target)
        Fixtures.press(&state, "p")
        guard case let .confirm(dialog) = state.overlay else { Issue.record("no dialog"); return }
        #expect(dialog.target == target)
        #expect(dialog.context == "prod-us")
        #expect(dialog.cluster == DialogCluster(name: "prod-us", context: "prod-us", server: "https://prod-us.example:6443", production: false))
        let sent = try #require(Fixtures.press(&state, "tab", "enter").compactMap(\.sentMutation).first)
        #expect(sent.target == target)
        #expect(sent.context == "prod-us")
        #expect(state.statusLine?.text == "prod-us: promote rollout/checkout…")
        _ = Reducer.reduce(&state, .mutationFinished(id: sent.id, outcome: .succeeded))
        #expect(state.statusLine?.text == "prod-us: promote rollout/checkout (namespace shop): done")
    }

    @Test func aReadOnlyClusterRefusesWithTheReason() {
        var state = FleetFixtures.state(prodEU: ClusterSettings(context: "prod-eu", readOnly: true))
        #expect(state.selectedDelivery == Fixtures.checkoutRef.in(FleetFixtures.prodEU))
        #expect(!FooterHints.hints(state).contains { $0.description == "promote" })
        Fixtures.press(&state, "p")
        #expect(state.overlay == nil)
        #expect(state.statusLine == StatusMessage("cannot promote rollout/checkout: prod-eu is read-only (config)", isError: true))
        // Another cluster's row still can be promoted.
        Fixtures.press(&state, "j", "p")
        if case .confirm = state.overlay {} else { Issue.record("prod-us should ask") }
    }

    @Test func theFilterMatchesClusters() {
        var state = FleetFixtures.state()
        Fixtures.press(&state, "/", "c", "l", "u", "s", "t", "e", "r", "=", "p", "r", "o", "d", "enter")
        #expect(Set(state.visibleRows.map(\.ref.cluster)) == [FleetFixtures.prodEU, FleetFixtures.prodUS])
        // A display name is matched as plain text, and terms combine with it.
        state.filters[.deliveries] = "eu"
        Reducer.syncSelection(&state)
        #expect(Set(state.visibleRows.map(\.ref.cluster)) == [FleetFixtures.prodEU])
        state.filters[.deliveries] = "cluster=staging checkout"
        Reducer.syncSelection(&state)
        #expect(state.visibleRows.map(\.ref) == [Fixtures.checkoutRef.in(FleetFixtures.staging)])
    }

    @Test func sortingByClusterIsOfferedOnlyWithSeveral() {
        var state = FleetFixtures.state()
        for _ in 0..<6 { Fixtures.press(&state, "s") }
        #expect(state.sort.column == .cluster)
        #expect(state.visibleRows.first?.ref.cluster == FleetFixtures.prodEU)
        var single = Fixtures.state()
        for _ in 0..<6 { Fixtures.press(&single, "s") }
        #expect(single.sort.column == .namespace)
    }

    @Test func theNamespaceScopeCoversEveryCluster() {
        var state = FleetFixtures.state()
        Fixtures.press(&state, ":", "n", "s", "space", "s", "h", "o", "p", "enter")
        #expect(state.scope == .one("shop"))
        #expect(state.visibleRows.count == 6)
        #expect(Set(state.visibleRows.map(\.ref.cluster)).count == 3)
    }

    @Test func aClusterThatLeavesTakesItsRows() {
        var state = FleetFixtures.state()
        Fixtures.press(&state, "enter")
        _ = Reducer.reduce(&state, .fleetChanged([ClusterMember(id: FleetFixtures.staging, identity: FleetFixtures.identity(FleetFixtures.staging))]))
        #expect(state.clusterOrder == [FleetFixtures.staging])
        #expect(!state.isFleet)
        #expect(state.rows.count == 4)
        #expect(state.screen == .main)
        #expect(state.clusters[FleetFixtures.staging]?.connection == .live)
    }

    @Test func aClustersNoticeNamesIt() {
        var state = FleetFixtures.state()
        _ = Reducer.reduce(&state, .cluster(FleetFixtures.prodEU, .notice(StatusMessage("pods: forbidden", isError: true))))
        #expect(state.statusLine == StatusMessage("eu: pods: forbidden", isError: true))
    }

    @Test func ctxAddsAndRemovesContexts() {
        var state = FleetFixtures.state()
        #expect(Fixtures.press(&state, ":", "c", "t", "x", "space", "+", "p", "r", "o", "d", "-", "a", "p", "enter") == [.addContext("prod-ap")])
        #expect(Fixtures.press(&state, ":", "c", "t", "x", "space", "+", "s", "t", "a", "g", "i", "n", "g", "enter").isEmpty)
        #expect(state.statusLine == StatusMessage("context staging is already shown", isError: true))
        #expect(Fixtures.press(&state, ":", "c", "t", "x", "space", "-", "s", "t", "a", "g", "i", "n", "g", "enter") == [.removeContext("staging")])
        #expect(Fixtures.press(&state, ":", "c", "t", "x", "space", "-", "n", "o", "enter").isEmpty)
        #expect(state.statusLine == StatusMessage("context no is not shown", isError: true))
        // A cluster that joins takes the config's word on it.
        state.clusterSettings["prod-ap"] = ClusterSettings(context: "prod-ap", name: "ap", production: true)
        let members = state.orderedClusters.map { ClusterMember(id: $0.id, identity: $0.identity) }
            + [ClusterMember(id: ClusterID("prod-ap"), identity: FleetFixtures.identity(ClusterID("prod-ap")))]
        _ = Reducer.reduce(&state, .fleetChanged(members))
        #expect(state.clusters[ClusterID("prod-ap")]?.displayName == "ap")
        #expect(state.clusters[ClusterID("prod-ap")]?.settings.production == true)
        #expect(state.rows.count == 12, "the others keep their rows")
        #expect(state.neededWatches.contains { $0.cluster == ClusterID("prod-ap") })
    }

    /// `:ctx` alone lists the kubeconfig's contexts: space shows or hides one, `o` shows it alone.
    @Test func theContextsList() {
        var state = FleetFixtures.state()
        state.kubeconfigContexts = ["prod-ap", "prod-eu", "prod-us", "staging"]
        Fixtures.press(&state, ":", "c", "t", "x", "enter")
        #expect(state.overlay == .contexts(ContextPicker(names: ["prod-ap", "prod-eu", "prod-us", "staging"], cursor: 3)))
        #expect(state.keyScope == .contexts)
        #expect(Fixtures.press(&state, "g", "space") == [.addContext("prod-ap")])
        #expect(Fixtures.press(&state, "j", "space") == [.removeContext("prod-eu")])
        #expect(Fixtures.press(&state, "j", "o") == [.switchContext("prod-us")])
        #expect(state.overlay == nil)
        Fixtures.press(&state, ":", "c", "t", "x", "enter", "esc")
        #expect(state.overlay == nil)
    }

    /// `F` lines the selected application up across the clusters; the detail's keys act on the
    /// selected cluster's line, each dialog naming it.
    @Test func theFleetScreenActsOnOneClusterAtATime() throws {
        var state = FleetFixtures.state()
        Fixtures.press(&state, "j", "F")
        #expect(state.screen == .fleet(FleetApp(namespace: "shop", name: "checkout")))
        #expect(state.fleetRows.map(\.ref.cluster) == [FleetFixtures.staging, FleetFixtures.prodEU, FleetFixtures.prodUS])
        #expect(state.targetRow?.ref == Fixtures.checkoutRef.in(FleetFixtures.prodUS), "the cursor stays on the row F was pressed on")
        Fixtures.press(&state, "k", "p")
        guard case let .confirm(dialog) = state.overlay else { Issue.record("no dialog"); return }
        #expect(dialog.target == Fixtures.checkoutRef.in(FleetFixtures.prodEU))
        #expect(dialog.cluster?.production == true)
        let sent = try #require(Fixtures.press(&state, "tab", "enter").compactMap(\.sentMutation).first)
        #expect(sent.target.cluster == FleetFixtures.prodEU)
        Fixtures.press(&state, "esc")
        #expect(state.screen == .main)
    }
}
