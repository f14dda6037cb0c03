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

    /// One line of a column: a section title, a key with its description, or a blank.
    private enum Line {
        case title(String)
        case hint(key: String, description: String)
        case blank
    }

    /// The lines of one column holding `sections`, keys padded to `keyWidth`.
    private func lines(of sections: [HelpSection], keyWidth: Int) -> [Line] {
        var lines: [Line] = []
        for section in sections {
            if !lines.isEmpty { lines.append(.blank) }
            lines.append(.title(section.title))
            for hint in section.hints { lines.append(.hint(key: hint.key.padded(toWidth: keyWidth), description: hint.description)) }
        }
        return lines
    }

    /// Draws the overlay inside `area` (the whole screen, leaving a margin).
    public func draw(into grid: inout Grid, in area: Rect, glyphs: Glyphs) {
        let box = Rect(x: area.x + 2, y: area.y + 1, width: area.width - 4, height: area.height - 2)
        guard box.width >= 20, box.height >= 4 else { return }
        grid.fill(box, role: .dialog)
        let inside = Frame(title: "\(title) (esc to close)").draw(into: &grid, in: box, glyphs: glyphs)
        let keyWidth = min(14, sections.flatMap(\.hints).map { $0.key.displayWidth }.max() ?? 0)
        let twoColumns = inside.width >= 80 && sections.count > 1
        var columns: [[Line]]
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
                switch line {
                case .title(let title):
                    grid.put(title, at: x, y, role: .title, maxWidth: columnWidth - 1)
                case .hint(let key, let description):
                    let used = grid.put(key, at: x, y, role: .keyHint, maxWidth: columnWidth - 1)
                    grid.put(" " + description, at: x + used, y, role: .dialog, maxWidth: max(0, columnWidth - 1 - used))
                case .blank:
                    break
                }
            }
        }
        if start > 0 { grid.put(glyphs.scrollUp, at: inside.maxX - 1, inside.y, role: .dim) }
        if start + inside.height < longest { grid.put(glyphs.scrollDown, at: inside.maxX - 1, inside.maxY - 1, role: .dim) }
    }
}
