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
        case let .loading(lists): state.clusters[id]?.loading = lists
        case let .served(kinds): state.clusters[id]?.served = kinds
        case let .serverVersion(version): state.clusters[id]?.serverVersion = version
        case let .permissions(ns, permissions): state.clusters[id]?.permissions.byNamespace[ns] = permissions
        case let .flaggerScraped(result): state.clusters[id]?.flaggerGauge.apply(result)
        case let .lineup(key, objects):
            // Only the application on screen: a late report of one left behind is dropped.
            if case let .fleet(app) = state.screen, app.key == key { state.lineupObjects[id] = objects }
        case let .lineupNarrowed(message):
            // Its watch across namespaces gives way to one in the row's namespace (`neededWatches`).
            if case .fleet = state.screen { state.lineupNarrowed[id] = message }
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
        state.lineupObjects = state.lineupObjects.filter { kept.contains($0.key) }
        state.lineupNarrowed = state.lineupNarrowed.filter { kept.contains($0.key) }
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

    /// `:ctx NAME` (and `o` in the contexts list): that context alone.
    static func switchContext(_ state: inout ConsoleState, _ name: String) -> [ConsoleEffect] {
        if case .snapshot = state.connection {
            state.statusLine = StatusMessage("a snapshot has no contexts to switch to", isError: true)
            return []
        }
        // What rollscope opened here must be closed here, by this context's client.
        if let open = state.openFollowUps.first {
            state.statusLine = StatusMessage("\(open.opened) of \(open.close.target) is still open on this context: "
                                             + "wait until rollscope has set it back (or quit and choose) before switching", isError: true)
            return []
        }
        state.statusLine = StatusMessage("switching to context \(name)…")
        return [.switchContext(name)]
    }

    /// `:ctx +NAME` (and space in the list on a context not shown): its cluster joins.
    static func addContext(_ state: inout ConsoleState, _ name: String) -> [ConsoleEffect] {
        guard !state.orderedClusters.contains(where: { $0.identity.context == name }) else {
            state.statusLine = StatusMessage("context \(name) is already shown", isError: true)
            return []
        }
        state.statusLine = StatusMessage("adding context \(name)…")
        return [.addContext(name)]
    }

    /// `:ctx -NAME` (and space in the list on a context shown): its cluster leaves.
    static func removeContext(_ state: inout ConsoleState, _ name: String) -> [ConsoleEffect] {
        guard let cluster = state.orderedClusters.first(where: { $0.identity.context == name }) else {
            state.statusLine = StatusMessage("context \(name) is not shown", isError: true)
            return []
        }
        // What rollscope opened in that cluster must be closed there, by its client.
        if let open = state.openFollowUps.first(where: { $0.close.target.cluster == cluster.id }) {
            state.statusLine = StatusMessage("\(open.opened) of \(open.close.target) is still open on \(name): "
                                             + "wait until rollscope has set it back before removing it", isError: true)
            return []
        }
        return [.removeContext(name)]
    }

    /// `:ctx` alone: the kubeconfig's contexts (and any shown that it no longer has), the first
    /// shown one under the cursor.
    static func openContextList(_ state: inout ConsoleState) {
        if case .snapshot = state.connection {
            state.statusLine = StatusMessage("a snapshot has no contexts", isError: true)
            return
        }
        let shown = state.orderedClusters.map(\.identity.context)
        var picker = ContextPicker(names: state.kubeconfigContexts + shown.filter { !state.kubeconfigContexts.contains($0) })
        picker.cursor = picker.names.firstIndex(of: shown[0]) ?? 0
        state.overlay = .contexts(picker)
    }

    /// Space in the contexts list: the context under the cursor is shown, or no longer.
    static func toggleContext(_ state: inout ConsoleState) -> [ConsoleEffect] {
        guard case let .contexts(picker) = state.overlay, let name = picker.selected else { return [] }
        let shown = state.orderedClusters.contains { $0.identity.context == name }
        return shown ? removeContext(&state, name) : addContext(&state, name)
    }
}
