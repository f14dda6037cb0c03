import APIServer
import Foundation
import Kube
import KubeModel
import Testing
import TerminalUI
import Delivery
@testable import Console

/// The console on the embedded server as its kubeconfig's users: the viewer sees promote
/// disabled with the reason the server's reviews give, the admin may promote, and a server
/// that does not answer the reviews leaves the actions enabled.
@Suite(.serialized) struct LivePermissionTests {
    /// The LiveSourceTests server (checkout paused in shop), read through `context`.
    static func start(_ context: String, reviews: Bool = true) throws -> (EmbeddedAPIServer, LiveSource) {
        let (server, _, _) = try LiveSourceTests.start()
        if !reviews { server.faults.failNext(pathPrefix: "/apis/authorization.k8s.io/", code: 404, count: .max) }
        let dir = NSTemporaryDirectory() + "rollscope-access-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        try server.writeKubeconfig(to: dir + "/config")
        let (source, _) = try LiveSource.open(options: ConsoleOptions(contexts: [context], kubeconfig: [dir + "/config"]), environment: ["HOME": dir])
        return (server, source)
    }

    /// Runs the reducer on the source's events until the shop's permissions are in and checkout
    /// is shown, then selects it.
    static func console(_ source: LiveSource) async throws -> ConsoleState {
        source.start(wake: {})
        // Every effect goes to the source (the watches, the namespaces on screen to ask about);
        // read-only, so nothing is sent.
        let runner = EffectRunner(source: source, readOnly: true, audit: nil)
        var state = ConsoleState(identity: source.identity, scope: .all, watchAllNamespaces: true, now: Date())
        _ = runner.run(Reducer.start(&state) + Reducer.reduce(&state, .resize(width: 120, height: 40)))
        let checkout = ObjectRef(kind: .rollout, namespace: "shop", name: "checkout")
        var answered = false
        for _ in 0..<200 where !(answered && state.rows[checkout] != nil) {
            for event in source.drain() {
                if case .permissions(namespace: "shop", _) = event { answered = true }
                _ = runner.run(Reducer.reduce(&state, event))
            }
            try await Task.sleep(nanoseconds: 50_000_000)
        }
        #expect(answered, "the source asked about shop once its rows were on screen")
        try #require(state.rows[checkout] != nil)
        for _ in state.visibleRows where state.selectedDelivery != checkout { _ = Reducer.reduce(&state, .key(KeyEvent(name: "j")!)) }
        return state
    }

    @Test func theViewerSeesPromoteDisabledWithTheServersReason() async throws {
        let (server, source) = try Self.start("viewer-token")
        defer { server.stop(); source.stop() }
        var state = try await Self.console(source)
        let reviews = server.faults.requests.filter { $0.uri.hasPrefix("/apis/authorization.k8s.io/") }
        #expect(reviews.count == 1, "one rules review for shop: \(reviews.map(\.uri))")
        #expect(!FooterHints.hints(state).contains { $0.key == "p" })
        _ = Reducer.reduce(&state, .key(KeyEvent(name: "p")!))
        #expect(state.overlay == nil)
        #expect(state.statusLine?.text == "cannot promote rollout/checkout: user viewer cannot patch rollouts/status in shop")
    }

    @Test(arguments: [("admin-token", true), ("viewer-token", false)])
    func theAdminOrAServerWithoutReviewsKeepsPromote(user: (context: String, reviews: Bool)) async throws {
        let (context, reviews) = user
        let (server, source) = try Self.start(context, reviews: reviews)
        defer { server.stop(); source.stop() }
        var state = try await Self.console(source)
        #expect(FooterHints.hints(state).contains { $0.key == "p" })
        _ = Reducer.reduce(&state, .key(KeyEvent(name: "p")!))
        guard case .confirm = state.overlay else { Issue.record("no dialog: \(String(describing: state.statusLine))"); return }
    }
}
