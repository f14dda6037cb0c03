/// Which cluster an object lives in: the kubeconfig context the console reads it through. One
/// more part of every object's identity (`ObjectRef.cluster`, `WatchSpec.cluster`), so the same
/// namespace, name and kind in two clusters are two objects. A console on one cluster (and every
/// snapshot) uses `single`, the empty name, which nothing on screen shows.
public struct ClusterID: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The kubeconfig context name; empty for the one cluster of a single-cluster console.
    public let rawValue: String

    public init(_ rawValue: String) { self.rawValue = rawValue }

    /// The cluster of a console that reads one cluster only.
    public static let single = ClusterID("")

    public var description: String { rawValue }

    public static func < (a: ClusterID, b: ClusterID) -> Bool { a.rawValue < b.rawValue }
}
