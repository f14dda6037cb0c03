/// The `/` filter: a case-insensitive substring over a row's namespace, name, kind, strategy,
/// status (its grouping and the phase the list shows) and message; a leading `!` keeps the rows that do not match. Empty keeps everything.
public struct RowFilter: Sendable, Hashable {
    public var text: String

    public init(_ text: String) { self.text = text }

    public var isInverted: Bool { text.hasPrefix("!") }

    /// The needle without the `!`, lower-cased.
    private var needle: String { (isInverted ? String(text.dropFirst()) : text).lowercased() }

    public var isEmpty: Bool { needle.isEmpty }

    /// Whether a row whose searchable fields are `fields` passes the filter.
    public func keeps(_ fields: [String]) -> Bool {
        guard !isEmpty else { return true }
        let hit = fields.contains { $0.lowercased().contains(needle) }
        return hit != isInverted
    }

    public func keeps(_ row: DeliveryRow) -> Bool {
        keeps([row.ref.namespace, row.ref.name, row.ref.kind.rawValue, row.strategy, row.status.rawValue, row.phaseText, row.message])
    }
}
