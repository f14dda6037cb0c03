import Testing
import TerminalUI
@testable import Console

/// The `/` filter and the `:` command line are `LineEditor`s: a cursor that moves, edits in
/// the middle of the text, and is drawn where it is.
@Suite struct InputLineTests {
    /// The status row of the state's screen, and the column of its cursor cell.
    static func statusRow(_ state: ConsoleState) throws -> (text: String, cursor: Int?) {
        let grid = ConsoleView.render(state, glyphs: .unicode)
        let y = try #require(state.layout?.status.y)
        let cursor = (0..<grid.width).first { grid[$0, y].role == .selected }
        return (grid.line(y), cursor)
    }

    @Test func theCursorMovesAndTextGoesInWhereItIs() throws {
        var state = Fixtures.state()
        Fixtures.press(&state, "/", "s", "h", "o", "p", "left", "left", "X")
        #expect(state.filters[.deliveries] == "shXop")
        let row = try Self.statusRow(state)
        #expect(row.text.hasPrefix(" /shXop"))
        #expect(row.cursor == 5, "on the o, after the X just typed")
        Fixtures.press(&state, "end")
        #expect(try Self.statusRow(state).cursor == 7, "past the end")
    }

    @Test func homeDeleteAndCtrlW() {
        var state = Fixtures.state()
        Fixtures.press(&state, "/", "a", "b", "space", "c", "d", "ctrl-w")
        #expect(state.filters[.deliveries] == "ab ")
        Fixtures.press(&state, "home", "delete")
        #expect(state.filters[.deliveries] == "b ")
        Fixtures.press(&state, "end", "backspace", "x")
        #expect(state.filters[.deliveries] == "bx")
        Fixtures.press(&state, "left", "ctrl-u")
        #expect(state.filters[.deliveries] == "x")
        guard case let .input(line) = state.overlay else { Issue.record("the line closed"); return }
        #expect(line.editor.cursor == 0, "ctrl-u cut what was before the cursor")
    }

    @Test func theCommandLineIsEditedTheSameWay() {
        var state = Fixtures.state()
        Fixtures.press(&state, ":", "n", "s", "space", "s", "o", "r", "e", "left", "left", "left", "t", "enter")
        #expect(state.scope == .one("store"))
    }

    @Test func aLongLineScrollsToKeepTheCursorOnScreen() throws {
        var state = Fixtures.state()
        _ = Reducer.reduce(&state, .resize(width: 60, height: 24))
        Fixtures.press(&state, "/")
        for character in String(repeating: "abcdefghij", count: 7) { Fixtures.press(&state, String(character)) }
        let end = try Self.statusRow(state)
        #expect(end.text.hasSuffix("ghij "), "\(end.text)")
        #expect(end.cursor == 59, "the last column stays for the cursor")
        Fixtures.press(&state, "home")
        let start = try Self.statusRow(state)
        #expect(start.text.hasPrefix(" /abcdef"), "\(start.text)")
        #expect(start.cursor == 2)
    }
}
