/// A scrolling list with columns, a header row and a selected row.
///
/// Draws only the visible rows, so a 5,000-row list costs what a screenful costs. The
/// selected row carries the glyph set's pointer (visible without colour) and, when the
/// list has focus, the `selected` role; `▲`/`▼` at the right edge say there is more.
public struct ListView: Sendable {
    public var columns: [ListColumn]
    public var rows: [ListRow]
    public var state: ListState
    public var showsHeader: Bool
    public var isFocused: Bool
    /// Shown, dimmed, when there are no rows.
    public var emptyText: String
    /// Text to mark, ignoring case, in the `highlight` role wherever it appears in a cell
    /// (the active filter); empty for none.
    public var highlight: String
    /// Set when `rows` are only the lines on screen of a longer list (built so, because building
    /// every line of thousands per frame costs what the list's length costs): where the first of
    /// them stands in that list, and its length. The scroll marks then tell of the whole list.
    public var window: (offset: Int, total: Int)?

    public init(columns: [ListColumn], rows: [ListRow], state: ListState = ListState(),
                showsHeader: Bool = true, isFocused: Bool = true, emptyText: String = "Nothing to show",
                highlight: String = "", window: (offset: Int, total: Int)? = nil) {
        self.columns = columns
        self.rows = rows
        self.state = state
        self.showsHeader = showsHeader
        self.isFocused = isFocused
        self.emptyText = emptyText
        self.highlight = highlight
        self.window = window
    }

    /// Rows of data that fit in `rect` (the header takes one).
    public func visibleRowCount(in rect: Rect) -> Int {
        max(0, rect.height - (showsHeader ? 1 : 0))
    }

    /// Draws the list in `rect`. The state is used as given, scrolled only enough to keep
    /// the selection visible (call `ListState.scrollToSelection` to keep that in your state).
    public func draw(into grid: inout Grid, in rect: Rect, glyphs: Glyphs) {
        guard !rect.isEmpty else { return }
        grid.fill(rect)
        let marker = glyphs.pointer.displayWidth + 1
        let widths = ListColumn.widths(of: columns, available: rect.width - marker - 1)
        var y = rect.y
        if showsHeader {
            grid.fill(Rect(x: rect.x, y: y, width: rect.width, height: 1), role: .header)
            drawCells(columns.map(\.title), widths: widths, into: &grid, x: rect.x + marker, y: y,
                      roles: { _ in .header }, ellipsis: glyphs.ellipsis)
            y += 1
        }
        let visible = visibleRowCount(in: rect)
        guard !rows.isEmpty else {
            grid.put(emptyText.truncated(toWidth: rect.width - marker, ellipsis: glyphs.ellipsis), at: rect.x + marker, y, role: .dim)
            return
        }
        var state = self.state
        state.scrollToSelection(count: rows.count, visible: visible)
        let end = min(rows.count, state.offset + visible)
        for index in state.offset..<end {
            let row = rows[index]
            let isSelected = index == state.selected
            let highlight = isSelected && isFocused
            if highlight { grid.fill(Rect(x: rect.x, y: y, width: rect.width, height: 1), role: .selected) }
            if isSelected { grid.put(glyphs.pointer, at: rect.x, y, role: highlight ? .selected : .normal) }
            drawCells(row.cells, widths: widths, into: &grid, x: rect.x + marker, y: y,
                      roles: { highlight ? .selected : row.role(ofColumn: $0) }, ellipsis: glyphs.ellipsis)
            if !self.highlight.isEmpty { markMatches(in: &grid, row: y, from: rect.x + marker, to: rect.maxX - 1) }
            y += 1
        }
        let indicatorX = rect.maxX - 1
        let firstRowY = rect.y + (showsHeader ? 1 : 0)
        if (window?.offset ?? 0) + state.offset > 0, visible > 0 {
            grid.put(glyphs.scrollUp, at: indicatorX, firstRowY, role: .dim)
        }
        if (window?.offset ?? 0) + end < window?.total ?? rows.count, visible > 0 {
            grid.put(glyphs.scrollDown, at: indicatorX, firstRowY + visible - 1, role: .dim)
        }
    }

    /// Paints every case-insensitive occurrence of `highlight` between two columns of a row.
    private func markMatches(in grid: inout Grid, row y: Int, from start: Int, to end: Int) {
        let needle = Array(highlight.lowercased())
        var columns: [Int] = []
        var characters: [Character] = []
        var x = start
        while x < end {
            let cell = grid[x, y]
            if !cell.isContinuation {
                columns.append(x)
                characters.append(contentsOf: cell.grapheme.lowercased().prefix(1))
            }
            x += 1
        }
        guard needle.count <= characters.count else { return }
        var index = 0
        while index + needle.count <= characters.count {
            if Array(characters[index..<(index + needle.count)]) == needle {
                let first = columns[index], last = columns[index + needle.count - 1]
                grid.paint(Rect(x: first, y: y, width: last - first + Int(grid[last, y].width), height: 1), role: .highlight)
                index += needle.count
            } else {
                index += 1
            }
        }
    }

    private func drawCells(_ texts: [String], widths: [Int], into grid: inout Grid, x: Int, y: Int,
                           roles: (Int) -> Role, ellipsis: String) {
        var column = x
        for (index, width) in widths.enumerated() {
            if width > 0, index < texts.count {
                let alignment = index < columns.count ? columns[index].alignment : .left
                grid.put(texts[index].padded(toWidth: width, alignment: alignment, ellipsis: ellipsis),
                         at: column, y, role: roles(index), maxWidth: width)
            }
            column += width + 1
        }
    }
}
