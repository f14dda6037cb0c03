import Testing
@testable import Console

@Suite struct ReducerInputTests {
    @Test func filterAppliesWhileTypingAndEnterKeepsIt() {
        var state = Fixtures.state()
        Fixtures.press(&state, "/", "c", "a")
        #expect(state.overlay == .input(InputLine(kind: .filter(.deliveries), text: "ca", previous: "")))
        #expect(state.visibleRows.count == 4, "ca matches the strategy Canary and the kind Canary")
        Fixtures.press(&state, "t")
        #expect(state.visibleRows.map(\.ref.name) == ["catalog"])
        Fixtures.press(&state, "backspace", "backspace", "backspace", "g", "a")
        #expect(state.visibleRows.map(\.ref.name) == ["api-gateway"])
        Fixtures.press(&state, "backspace", "backspace", "c", "a", "t", "enter")
        #expect(state.overlay == nil)
        #expect(state.visibleRows.map(\.ref.name) == ["catalog"])
        #expect(state.selectedDelivery == Fixtures.catalogRef)
    }

    @Test func bangInvertsTheFilter() {
        var state = Fixtures.state()
        Fixtures.press(&state, "/", "!", "s", "h", "o", "p", "enter")
        #expect(state.visibleRows.map(\.ref.name) == ["catalog", "api-gateway"])
    }

    @Test func filterMatchesStatusAndIgnoresCase() {
        var state = Fixtures.state()
        Fixtures.press(&state, "/", "P", "A", "U", "S", "E", "D", "enter")
        #expect(state.visibleRows.map(\.ref.name) == ["checkout", "api-gateway"])
    }

    @Test func escRestoresThePreviousFilter() {
        var state = Fixtures.state()
        Fixtures.press(&state, "/", "s", "t", "o", "r", "e", "enter")
        Fixtures.press(&state, "/", "backspace", "backspace", "backspace", "backspace", "backspace", "x")
        #expect(state.visibleRows.isEmpty)
        Fixtures.press(&state, "esc")
        #expect(state.filters[.deliveries] == "store")
        #expect(state.visibleRows.map(\.ref.name) == ["catalog"])
    }

    @Test func keysInTheFilterAreText() {
        var state = Fixtures.state()
        let effects = Fixtures.press(&state, "/", "q", "p", "space", "ctrl-u", "a")
        #expect(effects.isEmpty, "q does not quit and p does not promote while typing")
        #expect(state.overlay == .input(InputLine(kind: .filter(.deliveries), text: "a", previous: "")))
    }

    @Test func theNamespacesPaneHasItsOwnFilter() {
        var state = Fixtures.state()
        Fixtures.press(&state, "tab", "/", "s", "t", "enter")
        #expect(state.namespaceEntries.map(\.title) == ["all namespaces", "store"])
        #expect(state.visibleRows.count == 4)
    }

    @Test func pasteGoesIntoTheLineAndNeverFiresKeys() {
        var state = Fixtures.state()
        #expect(Reducer.reduce(&state, .paste("pPaq")).isEmpty)
        #expect(state.overlay == nil, "a paste outside a text line is dropped")
        Fixtures.press(&state, "/")
        _ = Reducer.reduce(&state, .paste("check\nout"))
        #expect(state.filters[.deliveries] == "checkout")
    }

    @Test func commandLineSwitchesNamespace() {
        var state = Fixtures.state()
        Fixtures.press(&state, "enter")
        Fixtures.press(&state, ":", "n", "s", "space", "s", "t", "o", "r", "e", "enter")
        #expect(state.screen == .main)
        #expect(state.scope == .one("store"))
        #expect(state.visibleRows.map(\.ref.name) == ["catalog"])
        Fixtures.press(&state, ":", "n", "s", "space", "a", "l", "l", "enter")
        #expect(state.scope == .all)
        Fixtures.press(&state, ":", "n", "s", "enter")
        #expect(state.focus == .namespaces)
    }

    @Test func commandLineSwitchesContextAndQuits() {
        var state = Fixtures.state()
        #expect(Fixtures.press(&state, ":", "c", "t", "x", "space", "p", "r", "o", "d", "enter") == [.switchContext("prod")])
        _ = Reducer.reduce(&state, .contextChanged(ClusterIdentity(context: "prod", server: "https://prod", user: "ops")))
        #expect(state.rows.isEmpty)
        #expect(state.identity.context == "prod")
        #expect(state.connection == .connecting)
        #expect(Fixtures.press(&state, ":", "q", "enter") == [.quit])
    }

    @Test func commandErrorsAreShown() {
        var state = Fixtures.state()
        Fixtures.press(&state, ":", "x", "enter")
        #expect(state.statusLine == StatusMessage("unknown command :x (try :ns NAME, :ns all, :ctx NAME, :q)", isError: true))
        Fixtures.press(&state, ":", "c", "t", "x", "space", "a", "space", "b", "enter")
        #expect(state.statusLine == StatusMessage("usage: :ctx NAME", isError: true))
        Fixtures.press(&state, ":", "backspace")
        #expect(state.overlay == nil, "backspace on an empty command line closes it")
    }

    @Test func commandParsing() {
        #expect(Command.parse("ns -A") == .success(.namespace(.all)))
        #expect(Command.parse("  namespace  shop ") == .success(.namespace(.one("shop"))))
        #expect(Command.parse("quit") == .success(.quit))
        #expect(Command.parse("ns a b") == .failure(.usage(":ns NAME | :ns all")))
        #expect(Command.parse("") == .failure(.empty))
        #expect(Command.parse("help") == .success(.help))
    }
}
