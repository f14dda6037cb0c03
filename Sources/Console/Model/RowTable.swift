import Foundation

/// The rows by object, with their counts by status, per namespace and in all, kept as rows
/// come and go: the header and the namespaces pane read counts each frame, and walking
/// thousands of rows for them dominated the cost of one watch event.
public struct RowTable: Sendable, Equatable {
    private var storage: [ObjectRef: DeliveryRow] = [:]
    /// Counts by status in each namespace holding a row (a namespace leaves with its last row).
    public private(set) var countsByNamespace: [String: [DeliveryStatus: Int]] = [:]
    /// The keys of `countsByNamespace`, sorted: the namespaces pane reads them each frame, and
    /// sorting thousands of names per watch event made the console's share of an event grow
    /// with the number of namespaces.
    public private(set) var namespaces: [String] = []
    /// Counts by status over every row.
    public private(set) var totals: [DeliveryStatus: Int] = [:]
    /// Counts by status in each cluster holding a row (the clusters pane's figures).
    public private(set) var countsByCluster: [ClusterID: [DeliveryStatus: Int]] = [:]
    /// Rows of each kind in each cluster (a kind leaves with its last row there): what a
    /// cluster's list watches besides its kinds' own objects.
    public private(set) var kindsByCluster: [ClusterID: [DeliveryKind: Int]] = [:]

    public init() {}

    public subscript(ref: ObjectRef) -> DeliveryRow? {
        get { storage[ref] }
        set {
            let old = storage[ref]
            if let old { count(old, -1) }
            storage[ref] = newValue
            if let newValue { count(newValue, 1) }
            // After both counts, so a row that stays in its namespace never moves the names.
            if let old { placeNamespace(old.ref.namespace) }
            if let newValue, newValue.ref.namespace != old?.ref.namespace { placeNamespace(newValue.ref.namespace) }
        }
    }

    public var values: Dictionary<ObjectRef, DeliveryRow>.Values { storage.values }
    public var keys: Dictionary<ObjectRef, DeliveryRow>.Keys { storage.keys }
    public var count: Int { storage.count }
    public var isEmpty: Bool { storage.isEmpty }

    private mutating func count(_ row: DeliveryRow, _ delta: Int) {
        Self.add(delta, row.status, to: &totals)
        var counts = countsByNamespace[row.ref.namespace] ?? [:]
        Self.add(delta, row.status, to: &counts)
        countsByNamespace[row.ref.namespace] = counts.isEmpty ? nil : counts
        var inCluster = countsByCluster[row.ref.cluster] ?? [:]
        Self.add(delta, row.status, to: &inCluster)
        countsByCluster[row.ref.cluster] = inCluster.isEmpty ? nil : inCluster
        var kindsHere = kindsByCluster[row.ref.cluster] ?? [:]
        let here = (kindsHere[row.ref.kind] ?? 0) + delta
        kindsHere[row.ref.kind] = here == 0 ? nil : here
        kindsByCluster[row.ref.cluster] = kindsHere.isEmpty ? nil : kindsHere
    }

    /// Inserts or removes `namespace` in the sorted `namespaces` as it holds rows or not.
    private mutating func placeNamespace(_ namespace: String) {
        var low = 0, high = namespaces.count
        while low < high {
            let mid = (low + high) / 2
            if namespaces[mid] < namespace { low = mid + 1 } else { high = mid }
        }
        let listed = low < namespaces.count && namespaces[low] == namespace
        switch (countsByNamespace[namespace] != nil, listed) {
        case (true, false): namespaces.insert(namespace, at: low)
        case (false, true): namespaces.remove(at: low)
        default: break
        }
    }

    /// Adds to one status's count, dropping it at zero (so counts equal a fresh tally's).
    private static func add(_ delta: Int, _ status: DeliveryStatus, to counts: inout [DeliveryStatus: Int]) {
        let value = (counts[status] ?? 0) + delta
        counts[status] = value == 0 ? nil : value
    }
}
