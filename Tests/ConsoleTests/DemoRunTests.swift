import APIServer
import DemoCluster
import Foundation
import Testing
@testable import Console

/// The console's data path on the demo cluster (simulated controllers): a rollout paused for
/// promotion is promoted through the reducer's confirm flow, and the controller's step
/// advance comes back through the watch.
@Suite(.serialized) struct DemoRunTests {
    @Test func aPausedRolloutIsPromotedAndTheStepAdvances() async throws {
        let server = try EmbeddedAPIServer()
        try server.start()
        let demo = try DemoCluster(server: server, options: DemoOptions(seed: 7, speed: 20, releaseIntervalSeconds: 0))
        try demo.start()
        defer { demo.stop(); server.stop() }
        let dir = NSTemporaryDirectory() + "rollscope-demo-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        try server.writeKubeconfig(to: dir + "/config")
        let (source, _) = try LiveSource.open(options: ConsoleOptions(kubeconfig: [dir + "/config"]), environment: ["HOME": dir])
        defer { source.stop() }
        source.start(wake: {})

        var state = ConsoleState(identity: source.identity, scope: .all, watchAllNamespaces: true, now: Date())
        func apply(_ effects: [ConsoleEffect]) {
            for effect in effects {
                if case let .watch(specs) = effect { source.setWatches(specs) }
                if case let .send(mutation) = effect { source.send(mutation) }
            }
        }
        func pump(until done: (ConsoleState) -> Bool) async {
            for _ in 0..<400 where !done(state) {
                for event in source.drain() { apply(Console.Reducer.reduce(&state, event)) }
                try? await Task.sleep(nanoseconds: 50_000_000)
            }
        }
        apply(Console.Reducer.start(&state))
        // A canary Rollout waiting on an indefinite pause step, with promote planned (not the one the
        // scenario aborts as soon as it pauses, as an operator would).
        func waiting(_ state: ConsoleState) -> DeliveryRow? {
            state.rows.values.sorted { $0.ref < $1.ref }.first {
                $0.ref.kind == .rollout && $0.ref.name != "recommendations" && $0.awaitsPromotion && $0.plan(.promote).disabledReason == nil
                    && { if case .step = $0.progress { true } else { false } }($0)
            }
        }
        await pump { waiting($0) != nil }
        let row = try #require(waiting(state), "no rollout paused for promotion in the demo")
        guard case let .step(before, total) = row.progress else { return }
        while state.selectedDelivery != row.ref { apply(Fixtures.press(&state, "j")) }
        apply(Fixtures.press(&state, "p"))
        #expect(state.overlay.map { if case .confirm = $0 { true } else { false } } == true)
        server.faults.clearRequests()
        apply(Fixtures.press(&state, "tab", "enter"))
        await pump { s in
            guard case let .step(now, _) = s.rows[row.ref]?.progress else { return false }
            return now > before && s.inFlight.isEmpty
        }
        guard case let .step(after, _) = state.rows[row.ref]?.progress else { Issue.record("row gone"); return }
        #expect(after > before, "the controller advanced \(row.ref) from step \(before)/\(total)")
        #expect(state.statusLine?.text.hasSuffix(": done") == true, "\(state.statusLine?.text ?? "")")
        let patches = server.faults.requests.filter { $0.method == "PATCH" && $0.uri.contains("/rollouts/\(row.ref.name)") }
        #expect(patches.count == 1, "one confirmation, one request: \(patches.map(\.uri))")
    }
}
