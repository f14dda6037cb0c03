import Foundation
import Testing
import TerminalUI
@testable import Console

/// What the user may do is asked where the screen needs it: the namespaces of the rows on
/// screen and of the row the keys act on, each once per connection; not every namespace of a
/// 2,000-namespace cluster at start.
@Suite struct PermissionQuestionsTests {
    /// One row in each of `count` namespaces, on a 120x40 screen.
    static func state(namespaces count: Int) -> (ConsoleState, [ConsoleEffect]) {
        var state = ConsoleState(identity: Fixtures.identity, scope: .all, watchAllNamespaces: true, now: Fixtures.now)
        var effects = Reducer.start(&state)
        effects += Reducer.reduce(&state, .resize(width: 120, height: 40))
        effects += Reducer.reduce(&state, .connection(.live))
        let rows = (0..<count).map { i in
            DeliveryRow(ref: ObjectRef(kind: .rollout, namespace: String(format: "ns-%04d", i), name: "app"), strategy: "Canary", status: .healthy)
        }
        effects += Reducer.reduce(&state, .rows(upserted: rows, removed: []))
        return (state, effects)
    }

    static func asked(_ effects: [ConsoleEffect]) -> Set<String> {
        effects.reduce(into: []) { if case let .askPermissions(_, namespaces) = $1 { $0.formUnion(namespaces) } }
    }

    @Test func onlyTheNamespacesOnScreenAreAskedOnce() {
        var (state, effects) = Self.state(namespaces: 2_000)
        let onScreen = Set(state.visibleOrder.prefix(state.deliveryRows).map(\.namespace))
        #expect(state.deliveryRows > 5 && state.deliveryRows < 100, "\(state.deliveryRows) rows on screen")
        #expect(Self.asked(effects) == onScreen)
        // An update of a row on screen asks nothing again.
        let again = Reducer.reduce(&state, .rows(upserted: [DeliveryRow(ref: state.visibleOrder[0], strategy: "Canary", status: .progressing)], removed: []))
        #expect(Self.asked(again).isEmpty)
        // Scrolling to the end asks the namespaces that come on screen, and only those.
        let scrolled = Fixtures.press(&state, "G")
        let now = Set(state.visibleOrder.dropFirst(state.deliveryOffset).prefix(state.deliveryRows).map(\.namespace))
        #expect(Self.asked(scrolled) == now.subtracting(onScreen))
        #expect(now.contains("ns-1999"))
    }

    @Test func anotherContextIsAskedAgain() {
        var (state, effects) = Self.state(namespaces: 3)
        #expect(Self.asked(effects) == ["ns-0000", "ns-0001", "ns-0002"])
        let changed = Reducer.reduce(&state, .contextChanged(ClusterIdentity(context: "other", server: "https://other", user: "me")))
        #expect(Self.asked(changed).isEmpty, "the old context's rows are gone from the screen")
        #expect(state.visibleOrder.isEmpty)
        let rows = (0..<3).map { DeliveryRow(ref: ObjectRef(kind: .rollout, namespace: String(format: "ns-%04d", $0), name: "app"), strategy: "Canary", status: .healthy) }
        let after = Reducer.reduce(&state, .rows(upserted: rows, removed: []))
        #expect(Self.asked(after) == ["ns-0000", "ns-0001", "ns-0002"])
    }

    /// The effect reaches the source, which asks the server.
    @Test func theRunnerHandsTheQuestionToTheSource() {
        let source = FakeSource()
        let runner = EffectRunner(source: source, readOnly: false, audit: nil)
        _ = runner.run([.askPermissions(cluster: .single, namespaces: ["shop"])])
        #expect(source.permissionQuestions == [["shop"]])
    }
}
