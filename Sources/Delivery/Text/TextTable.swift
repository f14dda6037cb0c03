import KubeModel

/// A `list` table before alignment: its header and rows as cells, and how `TabWriter` aligns it
/// (padding, whether trailing spaces are cut). Every `list` kind builds one, so that the tables
/// of several clusters print as one, aligned together, with a CLUSTER column first
/// (`byCluster`). Cells are already terminal-safe (the builders sanitise what they read).
public struct TextTable: Sendable, Hashable {
    public var header: [String]
    public var rows: [[String]]
    public var padding: Int
    public var trimsTrailingSpaces: Bool

    public init(header: [String], rows: [[String]], padding: Int = 2, trimsTrailingSpaces: Bool = true) {
        self.header = header
        self.rows = rows
        self.padding = padding
        self.trimsTrailingSpaces = trimsTrailingSpaces
    }

    /// The aligned table, header first; empty when there are no rows (`list` then says
    /// "No resources found." on standard error).
    public var text: String {
        guard !rows.isEmpty else { return "" }
        let aligned = TabWriter(padding: padding).format(([header] + rows).map { $0.joined(separator: "\t") + "\n" }.joined())
        return trimsTrailingSpaces ? trimmingTrailingSpaces(aligned) : aligned
    }

    /// The tables of several clusters (one kind, one request: one header) as one: CLUSTER (the
    /// context's name) before the first column, each cluster's rows in the order given, the
    /// columns otherwise unchanged.
    public static func byCluster(_ tables: [(cluster: String, table: TextTable)]) -> TextTable {
        let first = tables.first?.table ?? TextTable(header: [], rows: [])
        return TextTable(header: ["CLUSTER"] + first.header,
                         rows: tables.flatMap { cluster, table in table.rows.map { [TerminalSafe.text(cluster)] + $0 } },
                         padding: first.padding, trimsTrailingSpaces: first.trimsTrailingSpaces)
    }
}
