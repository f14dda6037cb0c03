import Glibc

/// A screen's worth of cells, drawn into by widgets and diffed by the backend.
///
/// Pure value: no terminal, no I/O. Writing never goes outside the grid, a wide
/// grapheme is never split (a space stands in when it does not fit), and overwriting
/// half of a wide grapheme blanks its other half.
public struct Grid: Hashable, Sendable {
    public let width: Int
    public let height: Int
    /// Row-major cells, `width * height` of them.
    public private(set) var cells: [Cell]

    public init(width: Int, height: Int, role: Role = .normal) {
        self.width = max(0, width)
        self.height = max(0, height)
        cells = Array(repeating: .blank(role), count: self.width * self.height)
    }

    public init(size: Size, role: Role = .normal) {
        self.init(width: size.width, height: size.height, role: role)
    }

    public var size: Size { Size(width: width, height: height) }
    public var bounds: Rect { Rect(size) }

    /// The cell at column `x`, row `y` (which must be inside the grid).
    public subscript(x: Int, y: Int) -> Cell {
        cells[y * width + x]
    }

    /// Writes `text` from column `x` on row `y` in `role`, at most `maxWidth` columns
    /// (and never past the grid's right edge). Control characters are skipped.
    /// - Returns: the columns written.
    @discardableResult
    public mutating func put(_ text: String, at x: Int, _ y: Int, role: Role = .normal, maxWidth: Int? = nil) -> Int {
        guard y >= 0, y < height, x < width else { return 0 }
        let limit = min(width, maxWidth.map { x + max(0, $0) } ?? width)
        if DisplayWidth.isPrintableASCII(text) {
            // One column a byte: no grapheme breaking (most of every frame), each byte a cell of its
            // own without a string, and only the run's two end cells can cut a wide grapheme (as in `fill`).
            let end = min(x + text.utf8.count, limit), from = max(x, 0)
            guard end > from else { return 0 }
            var column = x
            for byte in text.utf8 {
                if column >= end { break }
                if column >= from {
                    let cell = Cell(ascii: byte, role: role)
                    if column == from || column == end - 1 { setCell(cell, x: column, y: y) } else { cells[y * width + column] = cell }
                }
                column += 1
            }
            return end - from
        }
        var column = x
        /// Places one grapheme `w` columns wide; false when the line is full.
        func place(_ grapheme: @autoclosure () -> String, width w: Int) -> Bool {
            if w == 0 { return true }
            if column + w > limit {
                // A wide grapheme that does not fit: pad the last column instead of splitting it.
                if column < limit, column >= 0 { setCell(.blank(role), x: column, y: y) ; column += 1 }
                return false
            }
            if column >= 0 {
                setCell(Cell(grapheme: grapheme(), width: UInt8(w), role: role), x: column, y: y)
                if w == 2 { setCell(.continuation(role), x: column + 1, y: y) }
            } else if column + w > 0 {
                // A wide grapheme cut by the left edge: its visible half becomes a space.
                setCell(.blank(role), x: 0, y: y)
            }
            column += w
            return true
        }
        if DisplayWidth.isSimple(text) {
            // One grapheme a scalar (box lines, icons, the ellipsis): no grapheme breaking.
            for scalar in text.unicodeScalars where !place(String(scalar), width: DisplayWidth.of(scalar)) { break }
        } else {
            for character in text where !place(String(character), width: DisplayWidth.of(character)) { break }
        }
        return max(0, column - max(x, 0))
    }

    /// Fills `rect` (clipped to the grid) with `grapheme` in `role`.
    public mutating func fill(_ rect: Rect, with grapheme: Character = " ", role: Role = .normal) {
        let area = rect.intersection(bounds)
        guard !area.isEmpty else { return }
        let w = DisplayWidth.of(grapheme)
        for y in area.y..<area.maxY {
            if w == 1 {
                let cell = Cell(grapheme: String(grapheme), width: 1, role: role)
                // Only the edge cells can cut a wide grapheme; the inside is plain assignment.
                setCell(cell, x: area.x, y: y)
                if area.width > 1 { setCell(cell, x: area.maxX - 1, y: y) }
                if area.width > 2 {
                    let row = y * width
                    for index in (row + area.x + 1)..<(row + area.maxX - 1) { cells[index] = cell }
                }
            } else {
                put(String(repeating: String(grapheme), count: area.width / max(1, w)), at: area.x, y, role: role, maxWidth: area.width)
            }
        }
    }

    /// Changes the role of every cell in `rect` (clipped), keeping the graphemes.
    public mutating func paint(_ rect: Rect, role: Role) {
        let area = rect.intersection(bounds)
        guard !area.isEmpty else { return }
        for y in area.y..<area.maxY {
            for x in area.x..<area.maxX { cells[y * width + x].role = role }
        }
    }

    /// Copies `other` into this grid with its top-left at `x`, `y` (clipped).
    public mutating func blit(_ other: Grid, at x: Int, _ y: Int) {
        for row in 0..<other.height {
            for column in 0..<other.width {
                let cell = other[column, row]
                let tx = x + column, ty = y + row
                guard tx >= 0, ty >= 0, tx < width, ty < height, !cell.isContinuation else { continue }
                if cell.width == 2, tx + 1 >= width { setCell(.blank(cell.role), x: tx, y: ty); continue }
                setCell(cell, x: tx, y: ty)
                if cell.width == 2 { setCell(.continuation(cell.role), x: tx + 1, y: ty) }
            }
        }
    }

    /// Copies `width` cells of row `sourceY` of `other`, a grid as wide as this one, from column
    /// `x` into row `y` at the same columns (clipped): what a view drew on one line of its rect,
    /// moved to another. The span must hold whole wide graphemes, as a view's rect does (a view
    /// never draws past its rect, and `put` never splits a grapheme at a limit).
    public mutating func copyRow(_ sourceY: Int, of other: Grid, to y: Int, x: Int, width: Int) {
        precondition(other.width == self.width, "copyRow between grids of different widths")
        let start = max(0, x), end = min(self.width, x + width)
        guard start < end, y >= 0, y < height, sourceY >= 0, sourceY < other.height else { return }
        cells.replaceSubrange((y * self.width + start)..<(y * self.width + end),
                              with: other.cells[(sourceY * self.width + start)..<(sourceY * self.width + end)])
    }

    /// Whether row `y` holds the same cells as row `y` of `other`, a grid as wide: compared as
    /// memory, which a `Cell` (a plain value without padding) allows: equal bytes, equal cells.
    public func rowMatches(_ y: Int, in other: Grid) -> Bool {
        precondition(other.width == width && y >= 0 && y < min(height, other.height), "rowMatches outside the grids")
        guard width > 0 else { return true }
        return cells.withUnsafeBytes { mine in
            other.cells.withUnsafeBytes { theirs in
                let offset = y * width * MemoryLayout<Cell>.stride
                return memcmp(mine.baseAddress! + offset, theirs.baseAddress! + offset, width * MemoryLayout<Cell>.stride) == 0
            }
        }
    }

    /// One row as text (continuation cells contribute nothing).
    public func line(_ y: Int) -> String {
        // The bytes gathered first, one string made of them: a string per cell appended to the
        // line was most of the frame trace's cost (its every frame, 4,800 cells at 120x40).
        var bytes: [UInt8] = []
        bytes.reserveCapacity(width)
        for x in 0..<width { self[x, y].appendUTF8(to: &bytes) }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The rows as text, trailing spaces trimmed: the form snapshots compare.
    public var lines: [String] {
        (0..<height).map { y in
            var line = Substring(self.line(y))
            while line.last == " " { line.removeLast() }
            return String(line)
        }
    }

    /// The whole grid as text, one line per row, trailing spaces trimmed.
    public var text: String { lines.joined(separator: "\n") }

    /// The runs of row `y`: maximal spans of adjacent cells sharing a role.
    public func runs(row y: Int) -> [StyledRun] {
        var runs: [StyledRun] = []
        var x = 0
        while x < width {
            let role = self[x, y].role
            var text = ""
            let start = x
            while x < width, self[x, y].role == role {
                text += self[x, y].grapheme
                x += 1
            }
            runs.append(StyledRun(x: start, y: y, width: x - start, text: text, role: role))
        }
        return runs
    }

    /// Writes `cell` at `x`, `y`, blanking the other half of any wide grapheme it overlaps.
    private mutating func setCell(_ cell: Cell, x: Int, y: Int) {
        let index = y * width + x
        let old = cells[index]
        if old.isContinuation, x > 0, cells[index - 1].width == 2 {
            cells[index - 1] = .blank(cells[index - 1].role)
        } else if old.width == 2, x + 1 < width, cell.width != 2 {
            cells[index + 1] = .blank(cells[index + 1].role)
        }
        cells[index] = cell
    }
}

/// A span of one row whose cells share a role: what the backend draws in one call.
public struct StyledRun: Hashable, Sendable {
    public var x: Int
    public var y: Int
    /// Columns covered (including continuation cells).
    public var width: Int
    public var text: String
    public var role: Role
}
