/// The text of a one-line prompt (the `/` filter, the `:` command line) and its cursor,
/// with the editing keys of a shell: arrows, home/end, ctrl-a/e/b/f, backspace, delete,
/// ctrl-u/k/w, alt-b/f. Pure: the app feeds it events and draws it with `PromptLine`.
///
/// A paste is inserted as text (line breaks become spaces), never run as keys.
public struct LineEditor: Hashable, Sendable {
    /// What an event did to the prompt.
    public enum Outcome: Hashable, Sendable {
        /// The text or cursor changed.
        case edited
        /// Enter: the text is final.
        case submitted(String)
        /// Esc or ctrl-c: the prompt is abandoned.
        case cancelled
        /// Not an editing key; the app may handle it (up/down for history, tab to complete).
        case ignored
    }

    public private(set) var text: [Character]
    /// The cursor, as an index into `text` (0...count).
    public private(set) var cursor: Int

    public init(text: String = "") {
        self.text = Array(text)
        cursor = self.text.count
    }

    /// The text as a string.
    public var string: String { String(text) }

    /// Applies one event.
    public mutating func handle(_ event: KeyEvent) -> Outcome {
        switch event {
        case .paste(let pasted):
            insert(pasted.map { $0.isNewline ? " " : $0 }.filter { !$0.isASCII || $0.asciiValue! >= 0x20 })
            return .edited
        case .key(.enter, []): return .submitted(string)
        case .key(.escape, []), .key(.character("c"), .ctrl), .key(.character("g"), .ctrl): return .cancelled
        case .key(.left, []), .key(.character("b"), .ctrl): cursor = max(0, cursor - 1)
        case .key(.right, []), .key(.character("f"), .ctrl): cursor = min(text.count, cursor + 1)
        case .key(.home, []), .key(.character("a"), .ctrl): cursor = 0
        case .key(.end, []), .key(.character("e"), .ctrl): cursor = text.count
        case .key(.left, .ctrl), .key(.character("b"), .alt): cursor = wordStart(before: cursor)
        case .key(.right, .ctrl), .key(.character("f"), .alt): cursor = wordEnd(after: cursor)
        case .key(.backspace, []), .key(.character("h"), .ctrl):
            guard cursor > 0 else { return .edited }
            text.remove(at: cursor - 1)
            cursor -= 1
        case .key(.delete, []), .key(.character("d"), .ctrl):
            guard cursor < text.count else { return .edited }
            text.remove(at: cursor)
        case .key(.character("u"), .ctrl):
            text.removeSubrange(0..<cursor)
            cursor = 0
        case .key(.character("k"), .ctrl):
            text.removeSubrange(cursor...)
        case .key(.character("w"), .ctrl), .key(.backspace, .alt):
            let start = wordStart(before: cursor)
            text.removeSubrange(start..<cursor)
            cursor = start
        case .key(.character(let character), let modifiers) where modifiers.isEmpty || modifiers == .shift:
            insert([character])
        default:
            return .ignored
        }
        return .edited
    }

    private mutating func insert(_ characters: [Character]) {
        text.insert(contentsOf: characters, at: cursor)
        cursor += characters.count
    }

    private func wordStart(before index: Int) -> Int {
        var i = index
        while i > 0, text[i - 1] == " " { i -= 1 }
        while i > 0, text[i - 1] != " " { i -= 1 }
        return i
    }

    private func wordEnd(after index: Int) -> Int {
        var i = index
        while i < text.count, text[i] == " " { i += 1 }
        while i < text.count, text[i] != " " { i += 1 }
        return i
    }
}

/// A one-row prompt: a prefix (`/`, `:`), the editor's text scrolled so the cursor stays
/// visible, and the cursor drawn as a `selected` cell (the terminal cursor stays hidden).
public struct PromptLine: Sendable {
    public var prefix: String
    public var editor: LineEditor
    /// Shown dimmed while the text is empty (`filter by name, ! to invert`).
    public var placeholder: String

    public init(prefix: String, editor: LineEditor, placeholder: String = "") {
        self.prefix = prefix
        self.editor = editor
        self.placeholder = placeholder
    }

    public func draw(into grid: inout Grid, in rect: Rect, glyphs: Glyphs) {
        guard !rect.isEmpty else { return }
        grid.fill(Rect(x: rect.x, y: rect.y, width: rect.width, height: 1))
        let used = grid.put(prefix, at: rect.x, rect.y, role: .keyHint, maxWidth: rect.width)
        let start = rect.x + used
        let room = rect.maxX - start - 1   // one column stays free for the cursor at the end
        guard room > 0 else { return }
        let text = editor.text
        if text.isEmpty, !placeholder.isEmpty {
            grid.put(placeholder, at: start + 1, rect.y, role: .dim, maxWidth: room)
        }
        // Scroll: the first shown character is chosen so that the cursor fits.
        var first = 0
        var widthBeforeCursor = text[0..<editor.cursor].reduce(0) { $0 + DisplayWidth.of($1) }
        while widthBeforeCursor > room, first < editor.cursor {
            widthBeforeCursor -= DisplayWidth.of(text[first])
            first += 1
        }
        var x = start
        for index in first..<text.count {
            let width = DisplayWidth.of(text[index])
            guard x + width <= rect.maxX else { break }
            x += grid.put(String(text[index]), at: x, rect.y, role: index == editor.cursor ? .selected : .normal)
        }
        if editor.cursor == text.count {
            let cursorX = start + text[first...].reduce(0) { $0 + DisplayWidth.of($1) }
            if cursorX < rect.maxX { grid.put(" ", at: cursorX, rect.y, role: .selected) }
        }
    }
}
