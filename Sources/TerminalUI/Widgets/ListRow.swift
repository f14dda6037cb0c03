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
