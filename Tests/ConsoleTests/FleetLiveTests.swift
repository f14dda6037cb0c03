import APIServer
import Foundation
import JSONValue
import Testing
@testable import Console

/// A fleet of two live sources on two embedded API servers (each its own port, CA and
/// kubeconfig), driven through the reducer: each cluster's rows arrive under its name, a
/// promote in one reaches that server alone, and a server that stops leaves its rows stale
/// while the other stays live, until it is back: then a fresh list replaces them.
@Suite(.serialized) struct FleetLiveTests {
    /// A console on a fleet of `members`, started: every cluster watched whole unless `scope`
    /// names a namespace; rows carrying `fleetLabel`'s value when one is given.
    static func console(_ members: [(String, LiveSource)], scope: NamespaceScope = .all, fleetLabel: String? = nil) -> (FleetSource, ConsoleState) {
        let fleet = FleetSource(members: members) { name in throw CancellationError() }
        var registry = DeliveryRegistry.standard
        registry.fleetLabel = fleetLabel
        fleet.enable(registry)
        let watchAll = scope == .all
        var state = ConsoleState(clusters: fleet.clusters.map { ClusterState(id: $0.id, identity: $0.identity, watchAllNamespaces: watchAll) },
                                 scope: scope, now: Date())
        state.deliveries = registry
        state.served = fleet.initiallyServed
        fleet.start(wake: {})
        return (fleet, state)
    }

    /// Drains `fleet` into `state` and opens the watches the reducer asks for, until `done` holds (at most 10 s).
    static func pump(_ state: inout ConsoleState, _ fleet: FleetSource, until done: (ConsoleState) -> Bool) async {
        for _ in 0..<200 {
            var effects = Console.Reducer.start(&state)
            for event in fleet.drain() { effects += Console.Reducer.reduce(&state, event) }
            for case let .watch(specs) in effects { fleet.setWatches(specs) }
            if done(state) { return }
            try? await Task.sleep(nanoseconds: 50_000_000)
        }
    }

    /// `F` on a live fleet: each member reports the application's objects (`.lineup`), so the
    /// fleet screen lines it up; a promote in one cluster shows there alone, live. Each cluster's
    /// server version (`GET /version`) reaches the clusters pane.
    @Test func theFleetScreenLinesUpLiveClusters() async throws {
        let (east, eastSource, _) = try LiveSourceTests.start()
        let (west, westSource, _) = try LiveSourceTests.start()
        defer { east.stop(); west.stop() }
        let (fleet, started) = Self.console([("east", eastSource), ("west", westSource)])
        defer { fleet.stop() }
        var state = started
        let (eastID, westID) = (ClusterID("east"), ClusterID("west"))
        let eastRef = ObjectRef(kind: .rollout, namespace: "shop", name: "checkout", cluster: eastID)
        await Self.pump(&state, fleet) { $0.rows[eastRef] != nil && $0.rows[eastRef.in(westID)] != nil }
        #expect(state.clusters[eastID]?.serverVersion == "v1.32.0-rollscope-demo")
        #expect(state.clusters[westID]?.serverVersion == "v1.32.0-rollscope-demo")

        for case let .watch(specs) in Fixtures.press(&state, "g", "F") { fleet.setWatches(specs) }
        let app = FleetApp(namespace: "shop", name: "checkout")
        await Self.pump(&state, fleet) { $0.lineupObjects.count == 2 }
        var model = FleetScreenModel(state, app)
        #expect(model.lines.map(\.row.ref.cluster) == [eastID, westID])
        #expect(model.lines.map { $0.entry?.waitingFor } == ["promotion", "promotion"])
        #expect(model.summary == "admin-token paused at step 1/3 on revision 0; admin-token paused at step 1/3 on revision 0",
                "both servers' context is named admin-token: each line still has its own cluster's entry")

        Fixtures.press(&state, "j")
        let sent = Fixtures.press(&state, "p", "tab", "enter").compactMap(\.sentMutation)
        #expect(sent.map(\.target) == [eastRef.in(westID)])
        for mutation in sent { fleet.send(mutation) }
        await Self.pump(&state, fleet) { FleetScreenModel($0, app).lines.last?.entry?.waitingFor == nil }
        model = FleetScreenModel(state, app)
        #expect(model.lines.map { $0.entry?.waitingFor } == ["promotion", nil], "west's line follows its server; east's stays")
    }

    /// `F` with a match label on a live fleet watching one namespace: west's copy of checkout is
    /// an older install (`shop-us/checkout-v2`, outside the list's namespace) carrying the same
    /// `app.kubernetes.io/name`; the lineup watch selects by the label across namespaces, so it
    /// is lined up beside east's `shop/checkout`, and a promote on its line goes to its own name.
    @Test func theFleetScreenFindsALabelsApplicationInAnotherNamespace() async throws {
        let (east, eastSource, _) = try LiveSourceTests.start()
        let (west, westSource, _) = try LiveSourceTests.start()
        defer { east.stop(); west.stop() }
        let label: JSON = ["metadata": ["labels": ["app.kubernetes.io/name": "checkout"]]]
        _ = try east.store.patch(.rollouts, namespace: "shop", name: "checkout", type: .merge, patch: label)
        _ = try west.store.delete(.rollouts, namespace: "shop", name: "checkout")
        _ = try west.store.create(.namespaces, namespace: nil, object: ["metadata": ["name": "shop-us"]])
        let older: JSON = ["apiVersion": "argoproj.io/v1alpha1", "kind": "Rollout",
                           "metadata": ["name": "checkout-v2", "namespace": "shop-us", "labels": ["app.kubernetes.io/name": "checkout"]],
                           "spec": ["replicas": 1, "strategy": ["canary": ["steps": [["setWeight": 20], ["pause": [:]]]]]]]
        _ = try west.store.create(.rollouts, namespace: "shop-us", object: older)
        let paused: JSON = ["status": ["currentStepIndex": 1, "phase": "Paused", "message": "CanaryPauseStep",
                                       "pauseConditions": [["reason": "CanaryPauseStep", "startTime": "2027-01-15T08:00:00Z"]]]]
        _ = try west.store.patch(.rollouts, namespace: "shop-us", name: "checkout-v2", type: .merge, patch: paused, subresource: "status")
        let (fleet, started) = Self.console([("east", eastSource), ("west", westSource)], scope: .one("shop"), fleetLabel: "app.kubernetes.io/name")
        defer { fleet.stop() }
        var state = started
        let eastRef = ObjectRef(kind: .rollout, namespace: "shop", name: "checkout", cluster: ClusterID("east"))
        let westRef = ObjectRef(kind: .rollout, namespace: "shop-us", name: "checkout-v2", cluster: ClusterID("west"))
        await Self.pump(&state, fleet) { $0.rows[eastRef] != nil && $0.clusters[ClusterID("west")]?.connection == .live }
        #expect(state.rows[eastRef]?.fleetLabelValue == "checkout")
        #expect(state.rows[westRef] == nil, "the list watches shop alone")

        for case let .watch(specs) in Fixtures.press(&state, "g", "F") { fleet.setWatches(specs) }
        let app = FleetApp(label: "app.kubernetes.io/name", value: "checkout", namespace: "shop")
        #expect(state.screen == .fleet(app))
        await Self.pump(&state, fleet) { $0.lineupObjects.count == 2 && $0.fleetRows.count == 2 }
        await Self.pump(&state, fleet) { FleetScreenModel($0, app).lines.allSatisfy { $0.entry != nil } }
        let model = FleetScreenModel(state, app)
        #expect(model.lines.map(\.row.ref) == [eastRef, westRef])
        #expect(model.lines.map { $0.entry?.name } == ["checkout", "checkout-v2"])
        #expect(model.lines.map { $0.entry?.waitingFor } == ["promotion", "promotion"])
        #expect(model.summary?.hasPrefix("admin-token paused at step 1/3") == true, "\(model.summary ?? "-")")

        Fixtures.press(&state, "j")
        west.faults.clearRequests()
        let sent = Fixtures.press(&state, "p", "tab", "enter").compactMap(\.sentMutation)
        #expect(sent.map(\.target) == [westRef])
        for mutation in sent { fleet.send(mutation) }
        await Self.pump(&state, fleet) { FleetScreenModel($0, app).lines.last?.entry?.waitingFor == nil }
        let patches = west.faults.requests.filter { $0.method == "PATCH" }
        #expect(!patches.isEmpty && patches.allSatisfy { $0.uri.contains("/namespaces/shop-us/rollouts/checkout-v2") }, "\(patches.map(\.uri))")
    }

    @Test func twoServersOneConsole() async throws {
        let (east, eastSource, _) = try LiveSourceTests.start()
        let (west, westSource, _) = try LiveSourceTests.start()
        defer { east.stop(); west.stop() }
        let (fleet, started) = Self.console([("east", eastSource), ("west", westSource)])
        defer { fleet.stop() }
        var state = started
        let eastRef = ObjectRef(kind: .rollout, namespace: "shop", name: "checkout", cluster: ClusterID("east"))
        let westRef = eastRef.in(ClusterID("west"))
        await Self.pump(&state, fleet) { $0.rows[eastRef] != nil && $0.rows[westRef] != nil }
        #expect(state.rows.count == 2, "the same rollout in two clusters is two rows")

        // Promote in west only.
        while state.selectedDelivery != westRef, state.deliveryCursor < state.visibleOrder.count - 1 { Fixtures.press(&state, "j") }
        east.faults.clearRequests()
        west.faults.clearRequests()
        let sent = Fixtures.press(&state, "p", "tab", "enter").compactMap(\.sentMutation)
        #expect(sent.map(\.target) == [westRef])
        for mutation in sent { fleet.send(mutation) }
        await Self.pump(&state, fleet) { $0.rows[westRef]?.awaitsPromotion == false }
        #expect(west.faults.requests.filter { $0.method == "PATCH" }.count == 1)
        #expect(east.faults.requests.filter { $0.method == "PATCH" }.isEmpty, "east is untouched")
        #expect(state.rows[eastRef]?.awaitsPromotion == true)

        // East goes away: its row stays, stale; west stays live.
        east.stop()
        await Self.pump(&state, fleet) { $0.clusters[ClusterID("east")]?.isStale == true }
        #expect(state.isStale(eastRef))
        #expect(state.rows[eastRef] != nil)
        #expect(state.clusters[ClusterID("west")]?.connection == .live)

        // East is back (same port and credentials) holding another rollout: the fresh list
        // replaces its rows, the one that went while it was away goes; west's stays as it was.
        let back = try EmbeddedAPIServer(options: .init(port: east.port), credentials: east.credentials)
        defer { back.stop() }
        _ = try back.store.create(.namespaces, namespace: nil, object: ["metadata": ["name": "shop"]])
        let cart: JSON = ["apiVersion": "argoproj.io/v1alpha1", "kind": "Rollout", "metadata": ["name": "cart", "namespace": "shop"],
                          "spec": ["replicas": 1, "strategy": ["canary": ["steps": [["setWeight": 20]]]]]]
        _ = try back.store.create(.rollouts, namespace: "shop", object: cart)
        try back.start()
        let cartRef = ObjectRef(kind: .rollout, namespace: "shop", name: "cart", cluster: ClusterID("east"))
        await Self.pump(&state, fleet) { $0.rows[cartRef] != nil && $0.rows[eastRef] == nil && $0.clusters[ClusterID("east")]?.connection == .live }
        #expect(state.rows[cartRef] != nil)
        #expect(state.rows[eastRef] == nil, "gone while east was away")
        #expect(!state.isStale(cartRef))
        #expect(state.rows[westRef]?.awaitsPromotion == false)
    }
}
