import TerminalUI

/// The `m` overlay: `ConsoleState.messageLines` in a frame, scrolled by `helpScroll`.
enum MessagesView {
    static func draw(_ state: ConsoleState, into grid: inout Grid, in area: Rect, glyphs: Glyphs) {
        let box = state.messagesBox
        guard box.width >= 20, box.height >= 4 else { return }
        grid.fill(box, role: .dialog)
        let inside = Frame(title: "Messages, newest first (esc to close)").draw(into: &grid, in: box, glyphs: glyphs)
        let lines = state.messageLines
        let start = min(max(0, state.helpScroll), max(0, lines.count - inside.height))
        for (row, line) in lines.dropFirst(start).prefix(inside.height).enumerated() {
            grid.put(line.text, at: inside.x + 1, inside.y + row, role: line.role, maxWidth: inside.width - 2)
        }
        if start > 0 { grid.put(glyphs.scrollUp, at: inside.maxX - 1, inside.y, role: .dim) }
        if start + inside.height < lines.count { grid.put(glyphs.scrollDown, at: inside.maxX - 1, inside.maxY - 1, role: .dim) }
    }
}
