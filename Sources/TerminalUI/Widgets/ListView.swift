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
        if showsHeader {
            grid.fill(Rect(x: rect.x, y: rect.y, width: rect.width, height: 1), role: .header)
            drawCells(columns.map(\.title), widths: widths, into: &grid, x: rect.x + marker, y: rect.y,
                      roles: { _ in .header }, ellipsis: glyphs.ellipsis)
        }
        guard !rows.isEmpty else {
            grid.put(emptyText.truncated(toWidth: rect.width - marker, ellipsis: glyphs.ellipsis), at: rect.x + marker,
                     rect.y + (showsHeader ? 1 : 0), role: .dim)
            return
        }
        let state = scrolledState(in: rect)
        for index in state.offset..<lineEnd(state, in: rect) {
            drawLine(index, state: state, widths: widths, into: &grid, in: rect, glyphs: glyphs)
        }
        for mark in scrollMarks(state, in: rect, glyphs: glyphs) {
            grid.put(mark.glyph, at: rect.maxX - 1, mark.y, role: .dim)
        }
    }

    /// Draws over `grid`, which holds `previous` as drawn in the same `rect`, only the lines
    /// whose row changed, and of those (unless matches are highlighted) only the changed cells:
    /// what a full `draw` would leave, at the cost of those cells. Returns how many lines were
    /// touched, or nil (drawing nothing) when anything but the rows' contents
    /// differs (columns, selection, scroll, focus, window, the number of rows): then draw in full.
    public func drawChanges(from previous: ListView, into grid: inout Grid, in rect: Rect, glyphs: Glyphs) -> Int? {
        guard state == previous.state, window?.offset == previous.window?.offset, window?.total == previous.window?.total,
              rows.count == previous.rows.count else { return nil }
        return drawChanges(from: previous, drawnIn: grid, into: &grid, in: rect, glyphs: glyphs, copyingMoved: false)
    }

    /// Draws over `grid`, a copy of `old`, which holds `previous` as drawn in the same `rect`,
    /// what a full `draw` would leave, touching only the lines that differ: a line whose row is
    /// unchanged but on another line now (a row added or removed above it, the list scrolled) is
    /// copied from where `old` has it; a changed row on a line that showed another is drawn, only
    /// its changed cells when it stays (un)selected and matches are not highlighted. Rows, their
    /// number, the selection, scroll and window may all differ; returns the lines touched, or nil
    /// (drawing nothing) when anything else differs (columns, focus, header, empty text,
    /// highlight, either list empty): then draw in full. Without `copyingMoved` no line is looked
    /// for elsewhere in `old` (a frame whose rows stay where they were, a clock's, need not
    /// compare them): a changed line is drawn, as the same full draw.
    ///
    /// A changed line is looked for in `old` by comparing lines, not by hashing them: first at the
    /// distance the last line found had moved (a row added or removed above moves every line
    /// below by the same), then from the top. Comparing two different rows stops at their first
    /// differing cell, where hashing a row reads all of it; a frame with one changed row compares
    /// it with each old line once, and one with a row added compares each moved line once.
    public func drawChanges(from previous: ListView, drawnIn old: Grid, into grid: inout Grid, in rect: Rect, glyphs: Glyphs,
                            copyingMoved: Bool = true) -> Int? {
        guard columns == previous.columns, showsHeader == previous.showsHeader, isFocused == previous.isFocused,
              emptyText == previous.emptyText, highlight == previous.highlight,
              !rows.isEmpty, !previous.rows.isEmpty, !rect.isEmpty, old.size == grid.size else { return nil }
        /// What a line shows besides its scroll mark: its row, and whether it is the selected one.
        struct Line: Equatable {
            var row: ListRow
            var selected: Bool
        }
        let marker = glyphs.pointer.displayWidth + 1
        let widths = ListColumn.widths(of: columns, available: rect.width - marker - 1)
        let state = scrolledState(in: rect), oldState = previous.scrolledState(in: rect)
        // The last mark on a line wins, as it is drawn last.
        let marks = Dictionary(scrollMarks(state, in: rect, glyphs: glyphs).map { ($0.y, $0.glyph) }) { $1 }
        let oldMarks = Dictionary(previous.scrollMarks(oldState, in: rect, glyphs: glyphs).map { ($0.y, $0.glyph) }) { $1 }
        // What `old` shows on each line of `rect`, by `y - rect.y`.
        var oldLines = [Line?](repeating: nil, count: rect.height)
        for index in oldState.offset..<previous.lineEnd(oldState, in: rect) {
            oldLines[previous.lineY(index, state: oldState, in: rect) - rect.y] = Line(row: previous.rows[index], selected: index == oldState.selected)
        }
        /// How far the last line found in `old` had moved.
        var moved = 0
        /// The line of `old` that shows `line` without a mark (a mark's column is no part of its
        /// row), other than `y`, whose line differs.
        func source(of line: Line, for y: Int) -> Int? {
            guard copyingMoved else { return nil }
            func shows(_ sourceY: Int) -> Bool { oldMarks[sourceY] == nil && oldLines[sourceY - rect.y] == line }
            if moved != 0, rect.y..<rect.maxY ~= y + moved, shows(y + moved) { return y + moved }
            guard let found = (rect.y..<rect.maxY).first(where: { $0 != y && shows($0) }) else { return nil }
            moved = found - y
            return found
        }
        var touched = 0
        let firstY = lineY(state.offset, state: state, in: rect)
        let drawnLines = firstY..<firstY + (lineEnd(state, in: rect) - state.offset)
        for index in state.offset..<lineEnd(state, in: rect) {
            let y = lineY(index, state: state, in: rect)
            let line = Line(row: rows[index], selected: index == state.selected)
            let was = oldLines[y - rect.y]
            if was == line, oldMarks[y] == marks[y] { continue }
            touched += 1
            if was != line, let source = source(of: line, for: y) {
                grid.copyRow(source, of: old, to: y, x: rect.x, width: rect.width)
            } else if let was, was.row != line.row, was.selected == line.selected, oldMarks[y] == nil || marks[y] != nil, highlight.isEmpty,
                      line.row.cells.count == was.row.cells.count {
                // Only the cells that changed: each is written padded to its column's width, so it
                // covers what was there (the gaps between columns stay blank).
                let row = line.row, oldRow = was.row
                let changed = Set(row.cells.indices.filter { row.cells[$0] != oldRow.cells[$0] || row.role(ofColumn: $0) != oldRow.role(ofColumn: $0) })
                let selected = line.selected && isFocused
                drawCells(row.cells, widths: widths, into: &grid, x: rect.x + marker, y: y,
                          roles: { selected ? .selected : row.role(ofColumn: $0) }, ellipsis: glyphs.ellipsis, only: changed)
            } else {
                // A full draw starts from a blank list: so does the line.
                grid.fill(Rect(x: rect.x, y: y, width: rect.width, height: 1))
                drawLine(index, state: state, widths: widths, into: &grid, in: rect, glyphs: glyphs)
            }
            if let mark = marks[y] { grid.put(mark, at: rect.maxX - 1, y, role: .dim) }
        }
        // Lines without a row now are blank, as in a full draw, but for their mark (the list's
        // last line has its `▼` even when the rows on screen end above it).
        for y in rect.y..<rect.maxY where !drawnLines.contains(y) {
            let hadRow = oldLines[y - rect.y] != nil
            if !hadRow, oldMarks[y] == marks[y] { continue }
            if hadRow || oldMarks[y] != nil { grid.fill(Rect(x: rect.x, y: y, width: rect.width, height: 1)) }
            if let mark = marks[y] { grid.put(mark, at: rect.maxX - 1, y, role: .dim) }
            touched += 1
        }
        return touched
    }

    /// The state as drawn: scrolled only enough to show the selection.
    func scrolledState(in rect: Rect) -> ListState {
        var state = self.state
        state.scrollToSelection(count: rows.count, visible: visibleRowCount(in: rect))
        return state
    }

    /// One past the last row on screen.
    func lineEnd(_ state: ListState, in rect: Rect) -> Int {
        min(rows.count, state.offset + visibleRowCount(in: rect))
    }

    func lineY(_ index: Int, state: ListState, in rect: Rect) -> Int {
        rect.y + (showsHeader ? 1 : 0) + index - state.offset
    }

    /// Row `index` on its line of a blank list (the scroll marks come after).
    private func drawLine(_ index: Int, state: ListState, widths: [Int], into grid: inout Grid, in rect: Rect, glyphs: Glyphs) {
        let marker = glyphs.pointer.displayWidth + 1
        let y = lineY(index, state: state, in: rect)
        let row = rows[index]
        let isSelected = index == state.selected
        let highlight = isSelected && isFocused
        if highlight { grid.fill(Rect(x: rect.x, y: y, width: rect.width, height: 1), role: .selected) }
        if isSelected { grid.put(glyphs.pointer, at: rect.x, y, role: highlight ? .selected : .normal) }
        drawCells(row.cells, widths: widths, into: &grid, x: rect.x + marker, y: y,
                  roles: { highlight ? .selected : row.role(ofColumn: $0) }, ellipsis: glyphs.ellipsis)
        if !self.highlight.isEmpty { markMatches(in: &grid, row: y, from: rect.x + marker, to: rect.maxX - 1) }
    }

    /// The scroll marks at the right edge, drawn last: `▲` on the first line when there is more
    /// above, `▼` on the last when there is more below (the whole list's, given a `window`).
    func scrollMarks(_ state: ListState, in rect: Rect, glyphs: Glyphs) -> [(y: Int, glyph: String)] {
        let visible = visibleRowCount(in: rect)
        guard visible > 0 else { return [] }
        let firstRowY = rect.y + (showsHeader ? 1 : 0)
        var marks: [(y: Int, glyph: String)] = []
        if (window?.offset ?? 0) + state.offset > 0 { marks.append((firstRowY, glyphs.scrollUp)) }
        if (window?.offset ?? 0) + lineEnd(state, in: rect) < window?.total ?? rows.count {
            marks.append((firstRowY + visible - 1, glyphs.scrollDown))
        }
        return marks
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

    /// Each text padded to its column; only the columns in `only` when given.
    private func drawCells(_ texts: [String], widths: [Int], into grid: inout Grid, x: Int, y: Int,
                           roles: (Int) -> Role, ellipsis: String, only: Set<Int>? = nil) {
        var column = x
        for (index, width) in widths.enumerated() {
            if width > 0, index < texts.count, only?.contains(index) ?? true {
                let alignment = index < columns.count ? columns[index].alignment : .left
                grid.put(texts[index].padded(toWidth: width, alignment: alignment, ellipsis: ellipsis),
                         at: column, y, role: roles(index), maxWidth: width)
            }
            column += width + 1
        }
    }
}
