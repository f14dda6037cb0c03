import Testing
import TerminalUI

/// Editing keys of the one-line prompt and how it is drawn.
@Suite struct LineEditorTests {
    func typed(_ text: String, _ events: [KeyEvent] = []) -> (LineEditor, [LineEditor.Outcome]) {
        var editor = LineEditor()
        var outcomes: [LineEditor.Outcome] = []
        for character in text { outcomes.append(editor.handle(.char(character))) }
        for event in events { outcomes.append(editor.handle(event)) }
        return (editor, outcomes)
    }

    @Test func typingMovingAndDeleting() {
        var (editor, _) = typed("canary demo", [.special(.left), .special(.left), .special(.backspace), .char("X")])
        #expect(editor.string == "canary dXmo")
        #expect(editor.cursor == 9)
        #expect(editor.handle(.ctrl("a")) == .edited)
        #expect(editor.handle(.special(.delete)) == .edited)
        #expect(editor.string == "anary dXmo" && editor.cursor == 0)
        _ = editor.handle(.ctrl("e"))
        _ = editor.handle(.ctrl("w"))
        #expect(editor.string == "anary ")
        _ = editor.handle(.alt("b"))
        #expect(editor.cursor == 0)
        _ = editor.handle(.ctrl("k"))
        #expect(editor.string.isEmpty)
        _ = editor.handle(.special(.backspace))
        #expect(editor.string.isEmpty && editor.cursor == 0)
    }

    @Test func ctrlUDeletesToTheStart() {
        var (editor, _) = typed("ns shop", [.special(.left), .special(.left)])
        _ = editor.handle(.ctrl("u"))
        #expect(editor.string == "op" && editor.cursor == 0)
    }

    @Test func outcomes() {
        var (editor, outcomes) = typed("ab")
        #expect(outcomes == [.edited, .edited])
        #expect(editor.handle(.special(.up)) == .ignored)
        #expect(editor.handle(.special(.tab)) == .ignored)
        #expect(editor.handle(.ctrl("p")) == .ignored)
        #expect(editor.handle(.special(.enter)) == .submitted("ab"))
        #expect(editor.handle(.special(.escape)) == .cancelled)
        #expect(editor.handle(.ctrl("c")) == .cancelled)
    }

    @Test func pasteIsTextNotKeys() {
        var editor = LineEditor(text: "x")
        #expect(editor.handle(.paste("p\nq\r\n\u{1B}")) == .edited)
        #expect(editor.string == "xp q ")
    }

    @Test func promptScrollsToKeepTheCursorVisible() {
        var grid = Grid(width: 12, height: 3)
        PromptLine(prefix: "/", editor: LineEditor(), placeholder: "filter by name").draw(into: &grid, in: Rect(x: 0, y: 0, width: 12, height: 1), glyphs: .unicode)
        PromptLine(prefix: "/", editor: LineEditor(text: "checkout-api-gateway")).draw(into: &grid, in: Rect(x: 0, y: 1, width: 12, height: 1), glyphs: .unicode)
        var middle = LineEditor(text: "漢字 rollout")
        for _ in 0..<8 { _ = middle.handle(.special(.left)) }
        PromptLine(prefix: ":", editor: middle).draw(into: &grid, in: Rect(x: 0, y: 2, width: 12, height: 1), glyphs: .unicode)
        #expect(grid.lines == ["/ filter by", "/pi-gateway", ":漢字 rollou"])   // scrolled; clipped at the edge
        #expect(grid[1, 0].role == .selected)          // the cursor on an empty prompt
        #expect(grid[11, 1].role == .selected)         // at the end, after the text
        #expect(grid[5, 2].role == .selected && grid[5, 2].grapheme == " ")
    }
}
