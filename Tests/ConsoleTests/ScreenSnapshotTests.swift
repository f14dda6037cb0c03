import Foundation
import Testing
import TerminalUI
@testable import Console

/// Every screen at 80x24 and 120x40 (and too small), in UTF-8 and ASCII, on the fixture
/// cluster with a fixed clock.
@Suite struct ScreenSnapshotTests {
    static func sized(_ state: ConsoleState, _ width: Int, _ height: Int) -> ConsoleState {
        var state = state
        _ = Reducer.reduce(&state, .resize(width: width, height: height))
        return state
    }

    static let sizes = [(80, 24), (120, 40)]

    static func check(_ state: ConsoleState, _ name: String, ascii: Bool = true) throws {
        for (w, h) in sizes {
            let sized = Self.sized(state, w, h)
            try assertSnapshot(ConsoleView.render(sized, glyphs: .unicode), named: "\(name)-\(w)x\(h)")
            if ascii { try assertSnapshot(ConsoleView.render(sized, glyphs: .ascii), named: "\(name)-\(w)x\(h)-ascii") }
        }
    }

    @Test func rolloutList() throws {
        var state = Fixtures.state()
        _ = Reducer.reduce(&state, .rows(upserted: [], removed: []))
        try Self.check(state, "list")
    }

    @Test func namespacesPane() throws {
        var state = Fixtures.state()
        _ = Reducer.reduce(&state, .namespaceForbidden("secret", message: "rollouts.argoproj.io is forbidden: User \"dev\" cannot list"))
        Fixtures.press(&state, "tab", "j")
        try Self.check(state, "namespaces", ascii: false)
    }

    @Test func detail() throws {
        var state = Fixtures.state()
        Fixtures.press(&state, "enter")
        _ = Reducer.reduce(&state, .detail(Fixtures.checkoutDetail(pauseDeadline: Fixtures.now.addingTimeInterval(133))))
        try Self.check(state, "detail")
    }

    @Test func detailLoading() throws {
        var state = Fixtures.state()
        Fixtures.press(&state, "enter")
        try assertSnapshot(ConsoleView.render(Self.sized(state, 80, 24), glyphs: .unicode), named: "detail-loading-80x24")
    }

    @Test func help() throws {
        var state = Fixtures.state()
        Fixtures.press(&state, "?")
        try Self.check(state, "help", ascii: false)
    }

    @Test func confirmDialog() throws {
        var state = Fixtures.state()
        Fixtures.press(&state, "p")
        try Self.check(state, "confirm")
    }

    @Test func filterAndReconnecting() throws {
        var state = Fixtures.state()
        _ = Reducer.reduce(&state, .connection(.reconnecting(since: Fixtures.now.addingTimeInterval(-12), reason: "connection refused")))
        Fixtures.press(&state, "/", "!", "s", "h", "o", "p")
        try Self.check(state, "filter-reconnecting", ascii: false)
    }

    @Test func readOnlySnapshotSource() throws {
        var state = ConsoleState(identity: Fixtures.identity, scope: .all, watchAllNamespaces: true, readOnly: true, now: Fixtures.now)
        _ = Reducer.reduce(&state, .connection(.snapshot(source: "cluster-dump.yaml")))
        _ = Reducer.reduce(&state, .rows(upserted: Fixtures.allRows, removed: []))
        try Self.check(state, "snapshot-readonly", ascii: false)
    }

    /// The seed manifests through the snapshot source: the plugin's own text for a real Canary
    /// and a real Rollout in the detail.
    @Test func seedDetails() throws {
        let source = SnapshotSource(objects: try SourceBuilderTests.objects(), name: "seed", now: Fixtures.now)
        source.start(wake: {})
        var state = ConsoleState(identity: source.identity, scope: .all, watchAllNamespaces: true, readOnly: true, now: Fixtures.now)
        for event in source.drain() { _ = Reducer.reduce(&state, event) }
        try Self.check(state, "seed-list", ascii: false)
        for name in ["api-gateway", "rollouts-demo-rollout"] {
            var detail = state
            for _ in 0..<4 where detail.targetRow?.ref.name != name { Fixtures.press(&detail, "j") }
            for case let .watch(specs) in Fixtures.press(&detail, "enter") { source.setWatches(specs) }
            for event in source.drain() { _ = Reducer.reduce(&detail, event) }
            #expect(detail.detail?.ref.name == name)
            try Self.check(detail, "seed-detail-\(name)", ascii: false)
        }
    }

    @Test func tooSmall() throws {
        try assertSnapshot(ConsoleView.render(Self.sized(Fixtures.state(), 50, 10), glyphs: .unicode), named: "too-small-50x10")
    }

    /// Without colour, the selection and the dialog's focus must still show in the text itself.
    @Test func focusIsVisibleWithoutColour() {
        var state = Self.sized(Fixtures.state(), 80, 24)
        let list = ConsoleView.render(state, glyphs: .ascii)
        #expect(list.lines.contains { $0.hasPrefix(">") && $0.contains("checkout") })
        Fixtures.press(&state, "p")
        #expect(ConsoleView.render(state, glyphs: .ascii).text.contains("< Cancel >"))
        Fixtures.press(&state, "tab")
        #expect(ConsoleView.render(state, glyphs: .ascii).text.contains("[ Cancel ]"))
    }
}
