import APIServer
import Foundation
import Testing
@testable import Console

/// A fleet of two live sources on two embedded API servers (each its own port, CA and
/// kubeconfig), driven through the reducer: each cluster's rows arrive under its name, a
/// promote in one reaches that server alone, and a server that stops leaves its rows stale
/// while the other stays live.
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
    }
}
