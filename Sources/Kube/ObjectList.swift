import KubeModel

/// A list answer (`PodList`, `RolloutList`, ...): its items and where the list stands.
public struct ObjectList<T: Decodable & Sendable>: Decodable, Sendable {
    public var metadata: ListMeta
    public var items: [T]
    /// Items that did not decode as `T`, left out of `items`.
    public var unreadable: [UnreadableObject] = []

    /// `metadata` of a list.
    public struct ListMeta: Decodable, Sendable, Equatable {
        public var resourceVersion: String?
        /// Present while more pages remain.
        public var `continue`: String?
        public var remainingItemCount: Int?
    }

    public init(resourceVersion: String?, items: [T]) {
        metadata = ListMeta(resourceVersion: resourceVersion, continue: nil, remainingItemCount: nil)
        self.items = items
    }

    private enum CodingKeys: String, CodingKey { case metadata, items }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        metadata = try c.decodeIfPresent(ListMeta.self, forKey: .metadata) ?? ListMeta(resourceVersion: nil, continue: nil, remainingItemCount: nil)
        // An empty list may come as `null`.
        let all = try c.decodeIfPresent([Readable<T>].self, forKey: .items) ?? []
        items = all.compactMap(\.value)
        unreadable = try all.filter { $0.value == nil }.map { try $0.unreadable() }
    }
}

/// What `KubeClient.listPages` hands over, in order.
public enum ListPage<T: Decodable & Sendable>: Sendable {
    /// The next page of the list (more follow while its `metadata.continue` is set).
    case page(ObjectList<T>)
    /// The whole list, asked again without paging after its continue token expired (410): it
    /// takes the place of every page handed over before.
    case restarted(ObjectList<T>)
}

/// Which objects of a kind: a namespace (nil = all) and label and field selectors.
public struct ListScope: Sendable, Hashable, CustomStringConvertible {
    public var namespace: String?
    public var labelSelector: String?
    public var fieldSelector: String?

    public init(namespace: String? = nil, labelSelector: String? = nil, fieldSelector: String? = nil) {
        self.namespace = namespace
        self.labelSelector = labelSelector
        self.fieldSelector = fieldSelector
    }

    /// The selector query parameters.
    var query: [(String, String)] {
        var q: [(String, String)] = []
        if let labelSelector, !labelSelector.isEmpty { q.append(("labelSelector", labelSelector)) }
        if let fieldSelector, !fieldSelector.isEmpty { q.append(("fieldSelector", fieldSelector)) }
        return q
    }

    public var description: String {
        var parts = [namespace ?? "all namespaces"]
        if let labelSelector, !labelSelector.isEmpty { parts.append("-l \(labelSelector)") }
        if let fieldSelector, !fieldSelector.isEmpty { parts.append("--field-selector \(fieldSelector)") }
        return parts.joined(separator: " ")
    }
}
