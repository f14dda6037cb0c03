/// A titled group of key hints in the help overlay.
public struct HelpSection: Hashable, Sendable {
    public var title: String
    public var hints: [KeyHint]

    public init(_ title: String, _ hints: [KeyHint]) {
        self.title = title
        self.hints = hints
    }
}

/// The `?` overlay: every key of the current view by section, in a framed box over the
/// screen, in two columns when the screen is wide enough, scrollable when long.
public struct HelpOverlay: Sendable {
    public var title: String
    public var sections: [HelpSection]
    /// The first line shown.
    public var offset: Int

    public init(title: String = "Help", sections: [HelpSection], offset: Int = 0) {
        self.title = title
        self.sections = sections
        self.offset = offset
    }

    /// The text lines of one column holding `sections`, keys padded to `keyWidth`.
    private func lines(of sections: [HelpSection], keyWidth: Int) -> [(String, String, Bool)] {
        var lines: [(String, String, Bool)] = []
        for section in sections {
            if !lines.isEmpty { lines.append(("", "", false)) }
            lines.append((section.title, "", true))
            for hint in section.hints { lines.append((hint.key.padded(toWidth: keyWidth), hint.description, false)) }
        }
        return lines
    }

    /// Draws the overlay inside `area` (the whole screen, leaving a margin).
    public func draw(into grid: inout Grid, in area: Rect, glyphs: Glyphs) {
        let box = Rect(x: area.x + 2, y: area.y + 1, width: area.width - 4, height: area.height - 2)
        guard box.width >= 20, box.height >= 4 else { return }
        grid.fill(box, role: .dialog)
        let inside = Frame(title: "\(title) (esc to close)").draw(into: &grid, in: box, glyphs: glyphs).inset(by: 0)
        let keyWidth = min(14, sections.flatMap(\.hints).map { $0.key.displayWidth }.max() ?? 0)
        let twoColumns = inside.width >= 80 && sections.count > 1
        var columns: [[(String, String, Bool)]]
        if twoColumns {
            // Split the sections where the first column holds about half of the lines.
            let total = lines(of: sections, keyWidth: keyWidth).count
            var split = sections.count
            var running = 0
            for (index, section) in sections.enumerated() {
                running += section.hints.count + 2
                if running >= total / 2 { split = index + 1; break }
            }
            columns = [lines(of: Array(sections[..<split]), keyWidth: keyWidth),
                       lines(of: Array(sections[split...]), keyWidth: keyWidth)]
        } else {
            columns = [lines(of: sections, keyWidth: keyWidth)]
        }
        let columnWidth = (inside.width - 1) / columns.count
        let longest = columns.map(\.count).max() ?? 0
        let start = min(max(0, offset), max(0, longest - inside.height))
        for (index, column) in columns.enumerated() {
            let x = inside.x + 1 + index * columnWidth
            for (row, line) in column.dropFirst(start).prefix(inside.height).enumerated() {
                let y = inside.y + row
                if line.2 {
                    grid.put(line.0, at: x, y, role: .title, maxWidth: columnWidth - 1)
                } else {
                    let used = grid.put(line.0, at: x, y, role: .keyHint, maxWidth: columnWidth - 1)
                    grid.put(" " + line.1, at: x + used, y, role: .dialog, maxWidth: max(0, columnWidth - 1 - used))
                }
            }
        }
        if start > 0 { grid.put(glyphs.scrollUp, at: inside.maxX - 1, inside.y, role: .dim) }
        if start + inside.height < longest { grid.put(glyphs.scrollDown, at: inside.maxX - 1, inside.maxY - 1, role: .dim) }
    }
}
