/// Events of one cluster among several, and the set of clusters changing.
extension Reducer {
    /// An event of one cluster: what is about the cluster itself (its connection, what it
    /// serves, its namespaces, its context) goes to it; anything else, its objects already
    /// naming it, is reduced as any event.
    static func applyClusterEvent(_ state: inout ConsoleState, _ id: ClusterID, _ event: ConsoleEvent) -> [ConsoleEffect] {
        switch event {
        case let .namespaceForbidden(ns, message):
            state.clusters[id]?.forbiddenNamespaces[ns] = message
        case let .namespaceReadable(ns):
            state.clusters[id]?.forbiddenNamespaces[ns] = nil
            syncSelection(&state, reorder: false)
        case let .connection(status): applyConnection(&state, id, status)
        case let .served(kinds): state.clusters[id]?.served = kinds
        case let .contextChanged(identity): changeContext(&state, id, identity)
        case let .notice(message):
            // Which cluster it is about comes first.
            state.statusLine = StatusMessage("\(state.cluster(id).displayName): \(message.text)", isError: message.isError)
        default: return reduce(&state, event)
        }
        return []
    }

    /// The fleet reads `members` now: a cluster that stays keeps what is known of it; one that
    /// went takes its rows, history and selection with it; a new one starts connecting.
    static func changeFleet(_ state: inout ConsoleState, _ members: [ClusterMember]) {
        guard !members.isEmpty else { return }
        let kept = Set(members.map(\.id))
        var clusters: [ClusterID: ClusterState] = [:]
        for member in members {
            clusters[member.id] = state.clusters[member.id] ?? ClusterState(
                id: member.id, identity: member.identity, watchAllNamespaces: state.cluster(state.primary).watchAllNamespaces,
                settings: state.clusterSettings[member.identity.context])
            if state.clusters[member.id] == nil, state.served != .assumed { clusters[member.id]?.served = .discovering }
        }
        for ref in state.rows.keys where !kept.contains(ref.cluster) { state.rows[ref] = nil }
        state.stepHistory = state.stepHistory.filter { kept.contains($0.key.cluster) }
        if case let .detail(ref) = state.screen, !kept.contains(ref.cluster) {
            state.screen = .main
            state.detail = nil
            state.deletedDetail = nil
        }
        if case let .confirm(dialog) = state.overlay, !kept.contains(dialog.target.cluster) { state.overlay = nil }
        state.clusters = clusters
        state.clusterOrder = members.map(\.id)
        syncSelection(&state)
        state.statusLine = StatusMessage("clusters: " + state.orderedClusters.map(\.displayName).joined(separator: ", "))
    }
}
