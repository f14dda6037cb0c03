import APIServer
import DemoCluster
import Foundation
import JSONValue
import KubeModel
import Delivery
import Testing
import TerminalUI
@testable import Console

/// Every screen on the default demo scenario, as `rollscope --demo` shows it four minutes in:
/// the simulated controllers run on a virtual clock with a fixed seed, and what they wrote is
/// built into rows and details by the console's own builders.
@Suite struct DemoScreenSnapshotTests {
    static let identity = ClusterIdentity(context: "admin-token", server: "https://127.0.0.1:6443", user: "admin")

    /// The console state over the demo's objects after `seconds` of simulated time, and the objects.
    static func demoState(seconds: TimeInterval = 240) throws -> (ConsoleState, SnapshotSource) {
        let clock = VirtualClock(start: Date(timeIntervalSince1970: 1_790_000_000))
        let server = try EmbeddedAPIServer(options: .init(tls: false), store: ObjectStore(clock: { clock.now }))
        let cluster = try DemoCluster(server: server, options: DemoOptions(scenario: .default, seed: 42), clock: clock)
        try cluster.start()
        defer { cluster.stop() }
        clock.advance(by: seconds, step: 1)
        var items: [JSON] = []
        for r in [ResourceType.rollouts, .replicaSets, .pods, .analysisRuns, .experiments, .deployments, .events, .canaries] {
            items += try server.store.list(r, namespace: nil).items.map(\.json)
        }
        let list: JSON = ["apiVersion": "v1", "kind": "List", "items": .array(items)]
        let objects = try ManifestReader.read(list.data, file: "demo.json")
        let source = SnapshotSource(objects: objects, name: "demo", now: clock.now)
        source.start(wake: {})
        var state = ConsoleState(identity: identity, scope: .all, watchAllNamespaces: true, now: clock.now)
        for event in source.drain() { _ = Reducer.reduce(&state, event) }
        _ = Reducer.reduce(&state, .connection(.live))
        return (state, source)
    }

    /// The state with the detail of `namespace/name` open.
    static func detail(_ state: ConsoleState, _ source: SnapshotSource, _ namespace: String, _ name: String) throws -> ConsoleState {
        var state = state
        for _ in 0..<state.visibleRows.count where state.targetRow.map({ $0.ref.namespace != namespace || $0.ref.name != name }) ?? true {
            Fixtures.press(&state, "j")
        }
        #expect(state.targetRow?.ref.name == name, "\(namespace)/\(name) is on the list")
        for case let .watch(specs) in Fixtures.press(&state, "enter") { source.setWatches(specs) }
        for event in source.drain() { _ = Reducer.reduce(&state, event) }
        try #require(state.detail?.ref.name == name)
        return state
    }

    @Test func listAndNamespaces() throws {
        let (state, _) = try Self.demoState()
        try ScreenSnapshotTests.check(state, "demo-list")
        var namespaces = state
        Fixtures.press(&namespaces, "tab")
        try ScreenSnapshotTests.check(namespaces, "demo-namespaces", ascii: false)
    }

    /// A canary paused for promotion, an aborted one with its failed analysis, the guide's
    /// blue/green Rollout (workloadRef) and the guide's Flagger Canary waiting at its gate.
    @Test(arguments: [("shop", "cart"), ("shop", "payments"), ("web", "rollouts-demo-rollout"), ("training-development", "api-gateway")])
    func details(namespace: String, name: String) throws {
        let (state, source) = try Self.demoState()
        try ScreenSnapshotTests.check(try Self.detail(state, source, namespace, name), "demo-detail-\(name)", ascii: name == "cart")
    }

    @Test func helpConfirmFilterCommandLineAndReadOnly() throws {
        let (state, source) = try Self.demoState()
        var help = state
        Fixtures.press(&help, "?")
        try ScreenSnapshotTests.check(help, "demo-help", ascii: false)
        var confirm = try Self.detail(state, source, "shop", "cart")
        Fixtures.press(&confirm, "p")
        try ScreenSnapshotTests.check(confirm, "demo-confirm-promote", ascii: false)
        var filter = state
        Fixtures.press(&filter, "/", "p", "o", "d")
        try ScreenSnapshotTests.check(filter, "demo-filter", ascii: false)
        var command = state
        Fixtures.press(&command, ":", "n", "s", " ", "w", "e")
        try ScreenSnapshotTests.check(command, "demo-command-line", ascii: false)
        var readOnly = state
        readOnly.readOnly = true
        try ScreenSnapshotTests.check(try Self.detail(readOnly, source, "shop", "cart"), "demo-detail-cart-readonly", ascii: false)
    }
}
