/// One line of the namespaces pane: a namespace (or all of them) and its counts by status.
public struct NamespaceEntry: Sendable, Hashable {
    /// nil for "all namespaces".
    public var namespace: String?
    public var counts: [DeliveryStatus: Int]
    /// The API's message when the user may not read this namespace.
    public var forbidden: String?

    public init(namespace: String?, counts: [DeliveryStatus: Int], forbidden: String? = nil) {
        self.namespace = namespace
        self.counts = counts
        self.forbidden = forbidden
    }

    public var title: String { namespace ?? "all namespaces" }
    public var total: Int { counts.values.reduce(0, +) }
    public var scope: NamespaceScope { namespace.map(NamespaceScope.one) ?? .all }
}
