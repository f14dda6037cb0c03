import APIServer
import Foundation
import JSONValue
import Testing
@testable import Console

/// Mutations confirmed while the console's watches are down and reconnecting: each
/// confirmation sends exactly one request, its result reaches the status line, a failure can be
/// confirmed again (one more request), a conflict is reported and not retried.
@Suite(.serialized) struct MutationReconnectTests {
    static let checkout = ObjectRef(kind: .rollout, namespace: "shop", name: "checkout")
    static let statusPath = "/apis/argoproj.io/v1alpha1/namespaces/shop/rollouts/checkout/status"

    /// A console live on a server holding one canary Rollout paused for promotion, then cut off:
    /// the watches are dropped and every read fails with 503 until `reset`.
    static func cutOffConsole() async throws -> ConsoleUnderTest {
        let server = try EmbeddedAPIServer()
        try server.start()
        _ = try server.store.create(.namespaces, namespace: nil, object: ["metadata": ["name": "shop"]])
        try ClusterWriter.create(server, .rollouts, "shop", "checkout", [
            "apiVersion": "argoproj.io/v1alpha1", "kind": "Rollout",
            "metadata": ["name": "checkout", "namespace": "shop"],
            "spec": ["replicas": 1, "strategy": ["canary": ["steps": [["setWeight": 20], ["pause": [:]], ["setWeight": 50]]]]],
            "status": ["currentStepIndex": 1, "phase": "Paused", "message": "CanaryPauseStep",
                       "pauseConditions": [["reason": "CanaryPauseStep", "startTime": "2027-01-15T08:00:00Z"]]],
        ])
        let console = try ConsoleUnderTest(server: server)
        let live = await console.pump(timeout: ConsoleUnderTest.firstScreenTimeout) { console.mismatch() == nil && console.state.selectedDelivery == checkout }
        try #require(live, "\(console.mismatch() ?? "not selected")")
        try #require(console.state.rows[checkout]?.awaitsPromotion == true)
        server.faults.failNext(pathPrefix: "/apis/", method: "GET", code: 503, count: 1_000_000)
        server.faults.dropWatches()
        let reconnecting = await console.pump(timeout: 10) { if case .reconnecting = console.state.connection { true } else { false } }
        try #require(reconnecting, "\(console.connections.map(\.status))")
        server.faults.clearRequests()
        return console
    }

    /// Confirms a promote of the selected rollout through its dialog, as the operator does.
    static func confirmPromote(_ console: ConsoleUnderTest) throws {
        console.press("p")
        guard case let .confirm(dialog)? = console.state.overlay else {
            Issue.record("no dialog: \(console.state.statusLine?.text ?? "")")
            return
        }
        #expect(dialog.label == "promote to step 2/3 (setWeight: 50)")
        console.press("tab", "enter")
    }

    static func patches(_ console: ConsoleUnderTest) -> [FaultInjector.RecordedRequest] {
        console.server.faults.requests.filter { $0.method == "PATCH" }
    }

    /// Waits for the mutations in flight to be answered; true when they were.
    static func answered(_ console: ConsoleUnderTest) async -> Bool {
        await console.pump(timeout: 20) { console.state.inFlight.isEmpty }
    }

    @Test func aPromoteConfirmedWhileReconnectingIsSentOnceAndShown() async throws {
        let console = try await Self.cutOffConsole()
        defer { console.stop(); console.server.stop() }
        try Self.confirmPromote(console)
        #expect(await Self.answered(console))
        #expect(console.state.statusLine?.text == "promote to step 2/3 (setWeight: 50) rollout/checkout (namespace shop): done")
        #expect(Self.patches(console).map(\.uri) == [Self.statusPath], "exactly one request")
        if case .reconnecting = console.state.connection {} else { Issue.record("still cut off: \(console.state.connection)") }
        // Back online, the row shows the promotion the server holds.
        console.server.faults.reset()
        let converged = await console.pump(timeout: 10) { console.mismatch() == nil }
        #expect(converged, "\(console.mismatch() ?? "")")
        #expect(console.state.rows[Self.checkout]?.awaitsPromotion == false)
        #expect(Self.patches(console).count == 1, "reconnecting sent nothing again")
        let audit = try String(contentsOfFile: console.audit.path, encoding: .utf8)
        let records = audit.split(separator: "\n").compactMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
        #expect(records.map { $0["result"] as? String } == ["sent", "ok"])
        #expect(!audit.contains(console.server.credentials.adminToken), "no token in the audit log")
    }

    @Test func aFailedPromoteShowsTheAPIsMessageAndIsSentAgainOnlyWhenConfirmedAgain() async throws {
        let console = try await Self.cutOffConsole()
        defer { console.stop(); console.server.stop() }
        console.server.faults.failNext(pathPrefix: Self.statusPath, method: "PATCH", code: 500, count: 1)
        try Self.confirmPromote(console)
        #expect(await Self.answered(console))
        let failure = try #require(console.state.statusLine)
        #expect(failure.isError)
        #expect(failure.text == "promote to step 2/3 (setWeight: 50) rollout/checkout (namespace shop) failed: Internal error occurred: injected fault (500)")
        #expect(Self.patches(console).count == 1)
        // The operator confirms again: one more request, which succeeds.
        try Self.confirmPromote(console)
        #expect(await Self.answered(console))
        #expect(console.state.statusLine?.text.hasSuffix(": done") == true, "\(console.state.statusLine?.text ?? "")")
        #expect(Self.patches(console).count == 2)
        console.server.faults.reset()
        #expect(await console.pump(timeout: 10) { console.mismatch() == nil }, "\(console.mismatch() ?? "")")
        #expect(Self.patches(console).count == 2)
    }

    @Test func aConflictWhileReconnectingIsReportedNotRetried() async throws {
        let console = try await Self.cutOffConsole()
        defer { console.stop(); console.server.stop() }
        console.server.faults.failNext(pathPrefix: Self.statusPath, method: "PATCH", code: 409, count: 1)
        try Self.confirmPromote(console)
        #expect(await Self.answered(console))
        let line = try #require(console.state.statusLine)
        #expect(line.isError)
        #expect(line.text.contains("conflict") && line.text.contains("nothing retried"), "\(line.text)")
        console.server.faults.reset()
        #expect(await console.pump(timeout: 10) { console.mismatch() == nil }, "\(console.mismatch() ?? "")")
        #expect(Self.patches(console).count == 1, "a conflict is not retried, reconnected or not")
        #expect(console.state.rows[Self.checkout]?.awaitsPromotion == true, "nothing changed on the server")
    }
}
