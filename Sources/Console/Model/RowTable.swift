import Foundation

/// The rows by object, with their counts by status, per namespace and in all, kept as rows
/// come and go: the header and the namespaces pane read counts each frame, and walking
/// thousands of rows for them dominated the cost of one watch event.
public struct RowTable: Sendable, Equatable {
    private var storage: [ObjectRef: DeliveryRow] = [:]
    /// Counts by status in each namespace holding a row (a namespace leaves with its last row).
    public private(set) var countsByNamespace: [String: [DeliveryStatus: Int]] = [:]
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
            if let old = storage[ref] { count(old, -1) }
            storage[ref] = newValue
            if let newValue { count(newValue, 1) }
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

    /// Adds to one status's count, dropping it at zero (so counts equal a fresh tally's).
    private static func add(_ delta: Int, _ status: DeliveryStatus, to counts: inout [DeliveryStatus: Int]) {
        let value = (counts[status] ?? 0) + delta
        counts[status] = value == 0 ? nil : value
    }
}
