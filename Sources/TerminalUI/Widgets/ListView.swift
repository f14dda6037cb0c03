/// How wide a list column is.
public enum ColumnWidth: Hashable, Sendable {
    /// Exactly this many columns.
    case fixed(Int)
    /// At least `min` columns, sharing the leftover space with other flexible columns by `weight`.
    case flexible(min: Int, weight: Int)
}

/// A list column: its title, width rule and alignment.
public struct ListColumn: Hashable, Sendable {
    public var title: String
    public var width: ColumnWidth
    public var alignment: TextAlignment

    public init(_ title: String, width: ColumnWidth, alignment: TextAlignment = .left) {
        self.title = title
        self.width = width
        self.alignment = alignment
    }

    /// The widths of `columns` in `available` columns with `gap` columns between them.
    /// Fixed columns keep their width; flexible ones get their minimum plus a share of
    /// what is left. When even that does not fit, the rightmost columns shrink to zero.
    public static func widths(of columns: [ListColumn], available: Int, gap: Int = 1) -> [Int] {
        guard !columns.isEmpty else { return [] }
        var widths = columns.map { column -> Int in
            switch column.width {
            case .fixed(let n): return n
            case .flexible(let minimum, _): return minimum
            }
        }
        let gaps = gap * (columns.count - 1)
        var spare = available - gaps - widths.reduce(0, +)
        if spare > 0 {
            let weights = columns.map { column -> Int in
                if case .flexible(_, let weight) = column.width { return max(0, weight) }
                return 0
            }
            let total = weights.reduce(0, +)
            if total > 0 {
                var given = 0
                for index in widths.indices where weights[index] > 0 {
                    let share = spare * weights[index] / total
                    widths[index] += share
                    given += share
                }
                // Rounding leftovers go to the last flexible column.
                if let last = weights.lastIndex(where: { $0 > 0 }) { widths[last] += spare - given }
            }
            spare = 0
        }
        // Too narrow: take columns away from the right.
        var index = widths.count - 1
        while spare < 0, index >= 0 {
            let cut = min(widths[index], -spare)
            widths[index] -= cut
            spare += cut
            index -= 1
        }
        return widths
    }
}

/// One list row: a text per column, a role for the row, and optional roles per column
/// (a status column in `degraded`, an age in `dim`).
public struct ListRow: Hashable, Sendable {
    public var cells: [String]
    public var role: Role
    public var cellRoles: [Role?]

    public init(_ cells: [String], role: Role = .normal, cellRoles: [Role?] = []) {
        self.cells = cells
        self.role = role
        self.cellRoles = cellRoles
    }

    /// The role of column `index`.
    public func role(ofColumn index: Int) -> Role {
        index < cellRoles.count ? (cellRoles[index] ?? role) : role
    }
}

/// Selection and scroll position of a list: a value the app keeps in its state.
public struct ListState: Hashable, Sendable {
    /// The selected row index (0 when the list is empty).
    public var selected: Int
    /// The first visible row.
    public var offset: Int

    public init(selected: Int = 0, offset: Int = 0) {
        self.selected = selected
        self.offset = offset
    }

    /// Moves the selection by `delta` rows, clamped to `count` rows, and scrolls so that it
    /// stays visible in `visible` rows.
    public mutating func move(by delta: Int, count: Int, visible: Int) {
        select(selected + delta, count: count, visible: visible)
    }

    /// Selects row `index` (clamped) and scrolls to show it.
    public mutating func select(_ index: Int, count: Int, visible: Int) {
        selected = count == 0 ? 0 : min(max(0, index), count - 1)
        scrollToSelection(count: count, visible: visible)
    }

    /// Moves by one page up (negative `pages`) or down.
    public mutating func page(_ pages: Int, count: Int, visible: Int) {
        move(by: pages * max(1, visible - 1), count: count, visible: visible)
    }

    /// Keeps the selection within `count` rows and visible in `visible` rows; also what
    /// to call after the rows or the screen size change.
    public mutating func scrollToSelection(count: Int, visible: Int) {
        selected = count == 0 ? 0 : min(max(0, selected), count - 1)
        guard visible > 0 else { offset = selected; return }
        if selected < offset { offset = selected }
        if selected >= offset + visible { offset = selected - visible + 1 }
        offset = max(0, min(offset, max(0, count - visible)))
    }
}

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

    public init(columns: [ListColumn], rows: [ListRow], state: ListState = ListState(),
                showsHeader: Bool = true, isFocused: Bool = true, emptyText: String = "Nothing to show") {
        self.columns = columns
        self.rows = rows
        self.state = state
        self.showsHeader = showsHeader
        self.isFocused = isFocused
        self.emptyText = emptyText
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
            y += 1
        }
        let indicatorX = rect.maxX - 1
        let firstRowY = rect.y + (showsHeader ? 1 : 0)
        if state.offset > 0 {
            grid.put(glyphs.scrollUp, at: indicatorX, firstRowY, role: .dim)
        }
        if end < rows.count, visible > 0 {
            grid.put(glyphs.scrollDown, at: indicatorX, firstRowY + visible - 1, role: .dim)
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
