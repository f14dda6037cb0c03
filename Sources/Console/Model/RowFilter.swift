/// The `/` filter: a case-insensitive substring over a row's namespace, name, kind, strategy,
/// status (its grouping and the phase the list shows), message and (several clusters shown) its
/// cluster's names; `cluster=NAME` terms keep the rows of the clusters whose name contains NAME;
/// a leading `!` keeps the rows that do not match. Empty keeps everything.
public struct RowFilter: Sendable, Hashable {
    public let text: String
    public let isInverted: Bool
    /// The needle without the `!` and the `cluster=` terms, lower-cased.
    private let needle: String
    /// The `cluster=NAME` terms, lower-cased: a row is kept when its cluster's name contains each.
    private let clusterTerms: [String]

    private static let clusterPrefix = "cluster="

    public init(_ text: String) {
        self.text = text
        isInverted = text.hasPrefix("!")
        let body = (isInverted ? String(text.dropFirst()) : text).lowercased()
        guard body.contains(Self.clusterPrefix) else {
            needle = body
            clusterTerms = []
            return
        }
        let words = body.split(separator: " ")
        needle = words.filter { !$0.hasPrefix(Self.clusterPrefix) }.joined(separator: " ")
        clusterTerms = words.filter { $0.hasPrefix(Self.clusterPrefix) }.map { String($0.dropFirst(Self.clusterPrefix.count)) }
    }

    public var isEmpty: Bool { needle.isEmpty && clusterTerms.isEmpty }

    /// Whether a row whose searchable fields are `fields` passes the filter.
    public func keeps(_ fields: [String]) -> Bool {
        guard !isEmpty else { return true }
        let hit = fields.contains { $0.lowercased().contains(needle) }
        return hit != isInverted
    }

    /// `clusterNames` are the names its cluster goes by (context and display name) when several
    /// clusters are shown: `cluster=` terms match them, and so does plain text.
    public func keeps(_ row: DeliveryRow, clusterNames: [String] = []) -> Bool {
        guard !isEmpty else { return true }
        let names = clusterNames.map { $0.lowercased() }
        let inCluster = clusterTerms.allSatisfy { term in names.contains { $0.contains(term) } }
        let fields = [row.ref.namespace, row.ref.name, row.ref.kind.rawValue, row.strategy, row.status.rawValue, row.phaseText, row.message]
            + clusterNames
        let hit = inCluster && (needle.isEmpty || fields.contains { $0.lowercased().contains(needle) })
        return hit != isInverted
    }
}
