/// One terminal cell: a grapheme, its display width and its role.
///
/// A wide grapheme (2 columns) lives in its left cell; the cell to its right is a
/// *continuation* cell (`width == 0`, empty grapheme) that the backend never writes.
public struct Cell: Hashable, Sendable {
    /// The grapheme shown; empty for a continuation cell.
    public var grapheme: String
    /// Columns taken: 1, 2 for a wide grapheme, 0 for a continuation cell.
    public var width: UInt8
    /// What the cell means; the theme decides how it looks.
    public var role: Role

    public init(grapheme: String, width: UInt8, role: Role) {
        self.grapheme = grapheme
        self.width = width
        self.role = role
    }

    /// A space in `role`.
    public static func blank(_ role: Role = .normal) -> Cell {
        Cell(grapheme: " ", width: 1, role: role)
    }

    /// The right half of a wide grapheme.
    public static func continuation(_ role: Role) -> Cell {
        Cell(grapheme: "", width: 0, role: role)
    }

    public var isContinuation: Bool { width == 0 }
}
