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
    @Test func twoServersOneConsole() async throws {
        let (east, eastSource, _) = try LiveSourceTests.start()
        let (west, westSource, _) = try LiveSourceTests.start()
        defer { east.stop(); west.stop() }
        let fleet = FleetSource(members: [("east", eastSource), ("west", westSource)]) { name in throw CancellationError() }
        defer { fleet.stop() }
        var state = ConsoleState(clusters: fleet.clusters.map { ClusterState(id: $0.id, identity: $0.identity, watchAllNamespaces: true) },
                                 scope: .all, now: Date())
        state.served = fleet.initiallyServed
        fleet.start(wake: {})
        func pump(until done: (ConsoleState) -> Bool) async {
            for _ in 0..<200 {
                var effects = Console.Reducer.start(&state)
                for event in fleet.drain() { effects += Console.Reducer.reduce(&state, event) }
                for case let .watch(specs) in effects { fleet.setWatches(specs) }
                if done(state) { return }
                try? await Task.sleep(nanoseconds: 50_000_000)
            }
        }
        let eastRef = ObjectRef(kind: .rollout, namespace: "shop", name: "checkout", cluster: ClusterID("east"))
        let westRef = eastRef.in(ClusterID("west"))
        await pump { $0.rows[eastRef] != nil && $0.rows[westRef] != nil }
        #expect(state.rows.count == 2, "the same rollout in two clusters is two rows")

        // Promote in west only.
        while state.selectedDelivery != westRef, state.deliveryCursor < state.visibleOrder.count - 1 { Fixtures.press(&state, "j") }
        east.faults.clearRequests()
        west.faults.clearRequests()
        let sent = Fixtures.press(&state, "p", "tab", "enter").compactMap(\.sentMutation)
        #expect(sent.map(\.target) == [westRef])
        for mutation in sent { fleet.send(mutation) }
        await pump { $0.rows[westRef]?.awaitsPromotion == false }
        #expect(west.faults.requests.filter { $0.method == "PATCH" }.count == 1)
        #expect(east.faults.requests.filter { $0.method == "PATCH" }.isEmpty, "east is untouched")
        #expect(state.rows[eastRef]?.awaitsPromotion == true)

        // East goes away: its row stays, stale; west stays live.
        east.stop()
        await pump { $0.clusters[ClusterID("east")]?.isStale == true }
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
        await pump { $0.rows[cartRef] != nil && $0.rows[eastRef] == nil && $0.clusters[ClusterID("east")]?.connection == .live }
        #expect(state.rows[cartRef] != nil)
        #expect(state.rows[eastRef] == nil, "gone while east was away")
        #expect(!state.isStale(cartRef))
        #expect(state.rows[westRef]?.awaitsPromotion == false)
    }
}
