import APIServer
import Foundation
import JSONValue
import Kube
import KubeModel
import Testing
@testable import Console

/// The live source against the embedded API server over TLS: lists and watches, a mutation
/// that reaches the server once, a namespace refused with 403.
@Suite(.serialized) struct LiveSourceTests {
    /// A server holding one canary Rollout paused at its first step, and a source on it.
    static func start() throws -> (EmbeddedAPIServer, LiveSource, String) {
        let server = try EmbeddedAPIServer()
        try server.start()
        for ns in ["shop", "secret"] { _ = try server.store.create(.namespaces, namespace: nil, object: ["metadata": ["name": .string(ns)]]) }
        let rollout: JSON = [
            "apiVersion": "argoproj.io/v1alpha1", "kind": "Rollout",
            "metadata": ["name": "checkout", "namespace": "shop"],
            "spec": ["replicas": 1, "strategy": ["canary": ["steps": [["setWeight": 20], ["pause": [:]], ["setWeight": 50]]]]],
        ]
        _ = try server.store.create(.rollouts, namespace: "shop", object: rollout)
        // Status goes through its subresource, as the controller writes it.
        let status: JSON = ["status": ["currentStepIndex": 1, "phase": "Paused", "message": "CanaryPauseStep",
                                       "pauseConditions": [["reason": "CanaryPauseStep", "startTime": "2027-01-15T08:00:00Z"]]]]
        _ = try server.store.patch(.rollouts, namespace: "shop", name: "checkout", type: .merge, patch: status, subresource: "status")
        let dir = NSTemporaryDirectory() + "rollscope-live-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let kubeconfig = dir + "/config"
        try server.writeKubeconfig(to: kubeconfig)
        let (source, namespace) = try LiveSource.open(options: ConsoleOptions(kubeconfig: [kubeconfig]), environment: ["HOME": dir])
        return (server, source, namespace ?? "")
    }

    /// Drains the source until `done` holds for the events seen so far (at most 10 s).
    static func collect(_ source: LiveSource, until done: ([ConsoleEvent]) -> Bool) async -> [ConsoleEvent] {
        var seen: [ConsoleEvent] = []
        for _ in 0..<200 {
            seen += source.drain()
            if done(seen) { break }
            try? await Task.sleep(nanoseconds: 50_000_000)
        }
        return seen
    }

    static func rows(_ events: [ConsoleEvent]) -> [DeliveryRow] {
        events.flatMap { event -> [DeliveryRow] in
            if case let .rows(rows, _) = event { return rows }
            return []
        }
    }

    @Test func listsWatchesAndSendsOnce() async throws {
        let (server, source, namespace) = try Self.start()
        defer { server.stop(); source.stop() }
        #expect(namespace == "default")
        #expect(source.identity.context == "admin-token")
        source.start(wake: {})
        var state = ConsoleState(identity: source.identity, scope: .all, watchAllNamespaces: true, now: Date())
        let effects = Console.Reducer.start(&state)
        for case let .watch(specs) in effects { source.setWatches(specs) }
        let first = await Self.collect(source) { Self.rows($0).contains { $0.ref.name == "checkout" } && $0.contains { if case .connection(.live) = $0 { true } else { false } } }
        let row = try #require(Self.rows(first).first { $0.ref.name == "checkout" })
        #expect(row.status == .paused)
        #expect(row.progress == .step(completed: 1, total: 3))
        guard case let .ready(label, requests, fallback) = row.plan(.promote) else { Issue.record("promote disabled: \(row.plans)"); return }
        #expect(label == "promote to step 2/3 (setWeight: 50)")

        server.faults.clearRequests()
        source.send(Mutation(id: 1, kind: .promote, label: label, target: row.ref, context: "admin-token",
                             requests: requests, onNotFound: fallback))
        let after = await Self.collect(source) { events in
            events.contains { if case .mutationFinished(1, _) = $0 { true } else { false } }
                && Self.rows(events).contains { !$0.awaitsPromotion }
        }
        #expect(after.contains { if case .mutationFinished(1, .succeeded) = $0 { true } else { false } })
        // Without a controller, promote clears the pause conditions (the controller would then advance the step).
        #expect(Self.rows(after).contains { !$0.awaitsPromotion }, "the watch shows the pause lifted")
        let patches = server.faults.requests.filter { $0.method == "PATCH" }
        #expect(patches.count == 1, "sent exactly once: \(patches)")
        #expect(patches.first?.uri == "/apis/argoproj.io/v1alpha1/namespaces/shop/rollouts/checkout/status")
        let stored = try server.store.get(.rollouts, namespace: "shop", name: "checkout").json
        #expect(stored["status"]?["pauseConditions"] == nil || stored["status"]?["pauseConditions"] == .null)
        #expect(stored["status"]?["currentStepIndex"] == 1)
    }

    @Test func theDetailWatchesItsNamespaceAndAForbiddenNamespaceIsShown() async throws {
        let (server, source, _) = try Self.start()
        defer { server.stop(); source.stop() }
        server.faults.forbidNamespace("secret")
        source.start(wake: {})
        let checkout = ObjectRef(kind: .rollout, namespace: "shop", name: "checkout")
        var state = ConsoleState(identity: source.identity, scope: .one("secret"), watchAllNamespaces: false, now: Date())
        let effects = Console.Reducer.start(&state)
        for case let .watch(specs) in effects { source.setWatches(specs) }
        let refused = await Self.collect(source) { $0.contains { if case .namespaceForbidden("secret", _) = $0 { true } else { false } } }
        #expect(refused.contains { if case .namespaceForbidden("secret", _) = $0 { true } else { false } })
        // Allowed again, the namespace (which holds nothing, so no row would clear the mark) is readable.
        server.faults.allowNamespace("secret")
        let allowed = await Self.collect(source) { $0.contains { if case .namespaceReadable("secret") = $0 { true } else { false } } }
        for event in refused + allowed { _ = Reducer.reduce(&state, event) }
        #expect(state.forbiddenNamespaces["secret"] == nil, "the forbidden mark is gone")

        var shop = ConsoleState(identity: source.identity, scope: .one("shop"), watchAllNamespaces: false, now: Date())
        _ = Reducer.reduce(&shop, .rows(upserted: [DeliveryRow(ref: checkout, strategy: "Canary", status: .paused)], removed: []))
        Fixtures.press(&shop, "enter")
        source.setWatches(shop.neededWatches)
        let detail = await Self.collect(source) { $0.contains { if case .detail = $0 { true } else { false } } }
        guard case let .detail(model)? = detail.first(where: { if case .detail = $0 { true } else { false } }) else {
            Issue.record("no detail"); return
        }
        #expect(model.ref == checkout)
        #expect(model.text.first == "Name:            checkout")
        #expect(model.steps.map(\.state) == [.done, .current, .pending])
        // Rollouts, Canaries, ReplicaSets (the list's, by the label Argo puts on them, and the detail's),
        // Pods, AnalysisRuns, Experiments and Events; the embedded server refuses the Events watch's
        // `involvedObject.*` field selector, so the namespace's Events are watched. The fallback is started
        // on the main thread, by a drain (the console loop drains on every wakeup). Seven was the count
        // before that fallback opened, which the loop below caught only when it ran early enough.
        // (The secret namespace's watches, left when the scope changed, close on the server a moment later.)
        for _ in 0..<100 where server.openWatchCount != 8 { _ = source.drain(); try await Task.sleep(nanoseconds: 50_000_000) }
        #expect(server.openWatchCount == 8)
        source.setWatches([])
        for _ in 0..<100 where server.openWatchCount > 0 { try await Task.sleep(nanoseconds: 50_000_000) }
        #expect(server.openWatchCount == 0, "leaving closes every watch")
    }

    /// `insecure-skip-tls-verify`: the console still connects, and its header says, in every
    /// width, that the server's certificate is not checked.
    @Test func anUnverifiedServerIsNamedInTheHeader() async throws {
        let server = try EmbeddedAPIServer()
        try server.start()
        defer { server.stop() }
        let dir = NSTemporaryDirectory() + "rollscope-insecure-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let yaml = server.kubeconfigYAML().split(separator: "\n")
            .map { $0.contains("certificate-authority-data") ? "    insecure-skip-tls-verify: true" : String($0) }.joined(separator: "\n")
        try yaml.write(toFile: dir + "/config", atomically: true, encoding: .utf8)
        let (source, _) = try LiveSource.open(options: ConsoleOptions(kubeconfig: [dir + "/config"]), environment: ["HOME": dir])
        defer { source.stop() }
        #expect(source.identity.tlsUnverified)
        source.start(wake: {})
        var state = ConsoleState(identity: source.identity, scope: .all, watchAllNamespaces: true, now: Date())
        for case let .watch(specs) in Console.Reducer.start(&state) { source.setWatches(specs) }
        let events = await Self.collect(source) { $0.contains { if case .connection(.live) = $0 { true } else { false } } }
        for event in events { _ = Console.Reducer.reduce(&state, event) }
        #expect(state.connection == .live, "connected without verifying")
        for width in [60, 80, 120] {
            _ = Console.Reducer.reduce(&state, .resize(width: width, height: 24))
            #expect(ConsoleView.render(state, glyphs: .unicode).lines[0].contains("✖ TLS NOT VERIFIED"), "at \(width) columns")
        }
        _ = Console.Reducer.reduce(&state, .connection(.reconnecting(since: state.now, reason: "connection refused")))
        _ = Console.Reducer.reduce(&state, .resize(width: 120, height: 24))
        let header = ConsoleView.render(state, glyphs: .ascii).lines[0]
        #expect(header.contains("x TLS NOT VERIFIED") && header.contains("reconnecting since") && header.contains(": connection refused"), "\(header)")
    }

    /// A Rollout with a field of an unexpected type (a CRD newer than rollscope) neither ends the
    /// watch nor hides the list: the others are shown, it is named in the status line, and once
    /// it reads again it is shown like any other.
    @Test func anUnreadableObjectIsNamedAndTheRestIsShown() async throws {
        let (server, source, _) = try Self.start()
        defer { server.stop(); source.stop() }
        let odd: JSON = ["apiVersion": "argoproj.io/v1alpha1", "kind": "Rollout", "metadata": ["name": "odd", "namespace": "shop"],
                         "spec": ["replicas": "three"]]
        _ = try server.store.create(.rollouts, namespace: "shop", object: odd)
        source.start(wake: {})
        var state = ConsoleState(identity: source.identity, scope: .all, watchAllNamespaces: true, now: Date())
        for case let .watch(specs) in Console.Reducer.start(&state) { source.setWatches(specs) }
        func named(_ events: [ConsoleEvent]) -> Bool {
            events.contains { if case let .notice(message) = $0 { message.isError && message.text.contains("Rollout shop/odd cannot be read") } else { false } }
        }
        let listed = await Self.collect(source) { named($0) && Self.rows($0).contains { $0.ref.name == "checkout" } }
        #expect(named(listed), "the list names it")
        #expect(!Self.rows(listed).contains { $0.ref.name == "odd" })
        // Changed to another unreadable version: the watch moves on (the console stays live).
        _ = try server.store.patch(.rollouts, namespace: "shop", name: "odd", type: .merge, patch: ["spec": ["replicas": "four"]])
        _ = try server.store.patch(.rollouts, namespace: "shop", name: "odd", type: .merge, patch: ["spec": ["replicas": 4]])
        let fixed = await Self.collect(source) { Self.rows($0).contains { $0.ref.name == "odd" } }
        #expect(Self.rows(fixed).contains { $0.ref.name == "odd" }, "readable again, it is shown: \(fixed)")
        var shown = state
        for event in listed + fixed { _ = Console.Reducer.reduce(&shown, event) }
        #expect(shown.rows[ObjectRef(kind: .rollout, namespace: "shop", name: "odd")] != nil, "and stays on the list")
        #expect(!fixed.contains { if case .connection(.reconnecting) = $0 { true } else { false } }, "the watch never broke")
    }
}
