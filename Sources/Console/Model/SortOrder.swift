import Foundation

/// The columns the rollouts list can be sorted by (`s` cycles, `S` reverses).
public enum SortColumn: String, Sendable, Hashable, CaseIterable {
    case namespace, name, status, kind, age, progress, cluster

    /// The next column in the cycle.
    public var next: SortColumn {
        let all = SortColumn.allCases
        return all[(all.firstIndex(of: self)! + 1) % all.count]
    }
}

/// A column and a direction.
public struct SortOrder: Sendable, Hashable {
    public var column: SortColumn
    public var ascending: Bool
    public init(_ column: SortColumn, ascending: Bool = true) {
        self.column = column
        self.ascending = ascending
    }

    /// Sorts rows by the column, ties broken by namespace then name (always ascending),
    /// so equal keys never shuffle between frames.
    public func sorted(_ rows: [DeliveryRow]) -> [DeliveryRow] {
        rows.sorted(by: precedes)
    }

    /// Whether `a` sorts before `b`: a total order, since no two rows share a reference.
    func precedes(_ a: DeliveryRow, _ b: DeliveryRow) -> Bool {
        let order = compare(a, b)
        if order != .orderedSame { return ascending ? order == .orderedAscending : order == .orderedDescending }
        return a.ref < b.ref
    }

    /// Whether two versions of a row sort to the same place.
    func sameKey(_ a: DeliveryRow, _ b: DeliveryRow) -> Bool { compare(a, b) == .orderedSame }

    private func compare(_ a: DeliveryRow, _ b: DeliveryRow) -> ComparisonResult {
        func cmp<T: Comparable>(_ x: T, _ y: T) -> ComparisonResult { x < y ? .orderedAscending : (y < x ? .orderedDescending : .orderedSame) }
        switch column {
        case .namespace: return cmp(a.ref.namespace, b.ref.namespace)
        case .name: return cmp(a.ref.name, b.ref.name)
        case .status: return cmp(a.status, b.status)
        case .kind: return cmp(a.ref.kind.rawValue, b.ref.kind.rawValue)
        // Age ascending = youngest first, as `kubectl get --sort-by=.metadata.creationTimestamp` reversed;
        // rows without a time sort last.
        case .age: return cmp(-(a.created?.timeIntervalSince1970 ?? -.infinity), -(b.created?.timeIntervalSince1970 ?? -.infinity))
        case .progress: return cmp(a.progress.fraction ?? -1, b.progress.fraction ?? -1)
        case .cluster: return cmp(a.ref.cluster, b.ref.cluster)
        }
    }
}
