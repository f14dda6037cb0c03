import Foundation

/// The clusters the console reads, as the rest of the state asks about them: the one a
/// single-cluster console reads (`primary`), whether several are shown (`isFleet`), and what a
/// single-cluster screen reads (`identity`, `connection`, ...) over them.
extension ConsoleState {
    /// The first cluster: the only one of a single-cluster console.
    public var primary: ClusterID { clusterOrder[0] }

    /// Several clusters on screen: the CLUSTER column and the clusters pane are shown.
    public var isFleet: Bool { clusterOrder.count > 1 }

    /// The clusters in display order.
    public var orderedClusters: [ClusterState] { clusterOrder.compactMap { clusters[$0] } }

    /// The cluster `id`, or a placeholder for one the console no longer reads (its last rows
    /// are gone with it, so nothing on screen asks for long).
    public func cluster(_ id: ClusterID) -> ClusterState {
        clusters[id] ?? ClusterState(id: id, identity: ClusterIdentity(context: id.rawValue, server: "", user: ""),
                                     watchAllNamespaces: true)
    }

    /// Who the first cluster is (the header of a single-cluster console).
    public var identity: ClusterIdentity {
        get { cluster(primary).identity }
        set { clusters[primary]?.identity = newValue }
    }

    /// The connection as the header and the empty list say it: the one cluster's; over several,
    /// live when any is (the clusters pane says each), else the first's.
    public var connection: ConnectionStatus {
        let all = orderedClusters.map(\.connection)
        if isFleet, all.contains(.live) { return .live }
        return all.first ?? .connecting
    }

    /// Which tools the first cluster serves; set, every cluster starts from it.
    public var served: ServedKinds {
        get { cluster(primary).served }
        set { for id in clusterOrder { clusters[id]?.served = newValue } }
    }

    /// Whether the first cluster's list is watched cluster-wide.
    public var watchAllNamespaces: Bool { cluster(primary).watchAllNamespaces }

    /// Namespaces refused to the user, in any cluster, with the API's message (the first
    /// cluster's when several refuse the same one).
    public var forbiddenNamespaces: [String: String] {
        guard isFleet else { return cluster(primary).forbiddenNamespaces }
        var all: [String: String] = [:]
        for cluster in orderedClusters.reversed() { all.merge(cluster.forbiddenNamespaces) { _, first in first } }
        return all
    }

    /// Whether the row of `ref` is the last known state of a cluster that is away.
    public func isStale(_ ref: ObjectRef) -> Bool { clusters[ref.cluster]?.isStale ?? false }

    /// Why nothing may be changed in `cluster`, nil when it may: `--readonly` (or a snapshot)
    /// everywhere, or the config's `readonly:` for that cluster.
    public func readOnlyReason(_ id: ClusterID) -> String? {
        if readOnly { return "read-only" }
        let settings = cluster(id)
        return settings.settings.readOnly ? "\(settings.displayName) is read-only (config)" : nil
    }
}
