import TerminalUI

/// The `m` overlay: the recent status-line messages in full, newest first, each wrapped to the
/// box's width under its time, so that no message cut short on the status line is lost.
enum MessagesView {
    /// One wrapped line of the overlay.
    struct Line: Hashable {
        var text: String
        var role: Role
    }

    /// The box the overlay draws in, inside the whole screen.
    static func box(_ state: ConsoleState) -> Rect {
        Rect(x: 2, y: 1, width: state.width - 4, height: state.height - 2)
    }

    /// The overlay's lines for its width (the frame and a margin take 4 columns).
    static func lines(_ state: ConsoleState) -> [Line] {
        let width = max(1, box(state).width - 4)
        guard !state.messages.isEmpty else { return [Line(text: "no messages yet", role: .dim)] }
        var lines: [Line] = []
        for logged in state.messages.reversed() {
            if !lines.isEmpty { lines.append(Line(text: "", role: .dialog)) }
            lines.append(Line(text: TimeText.clock(logged.time, now: state.now), role: .dim))
            let role: Role = logged.message.isError ? .error : .dialog
            lines += TextWrap.wrap(logged.message.text, width: width).map { Line(text: $0, role: role) }
        }
        return lines
    }

    static func draw(_ state: ConsoleState, into grid: inout Grid, in area: Rect, glyphs: Glyphs) {
        let box = box(state)
        guard box.width >= 20, box.height >= 4 else { return }
        grid.fill(box, role: .dialog)
        let inside = Frame(title: "Messages, newest first (esc to close)").draw(into: &grid, in: box, glyphs: glyphs)
        let lines = lines(state)
        let start = min(max(0, state.helpScroll), max(0, lines.count - inside.height))
        for (row, line) in lines.dropFirst(start).prefix(inside.height).enumerated() {
            grid.put(line.text, at: inside.x + 1, inside.y + row, role: line.role, maxWidth: inside.width - 2)
        }
        if start > 0 { grid.put(glyphs.scrollUp, at: inside.maxX - 1, inside.y, role: .dim) }
        if start + inside.height < lines.count { grid.put(glyphs.scrollDown, at: inside.maxX - 1, inside.maxY - 1, role: .dim) }
    }
}
