/// A member's event as a fleet hands it on: every object it names moved into `cluster`.
extension ConsoleEvent {
    /// The event with its objects (rows, removals, the detail, follow-ups) in `cluster`.
    public func tagged(_ cluster: ClusterID) -> ConsoleEvent {
        switch self {
        case let .rows(upserted, removed):
            return .rows(upserted: upserted.map { var row = $0; row.ref = row.ref.in(cluster); return row },
                         removed: removed.map { $0.in(cluster) })
        case var .detail(model):
            model.ref = model.ref.in(cluster)
            return .detail(model)
        case var .followUpDue(followUp):
            followUp.target = followUp.target.in(cluster)
            return .followUpDue(followUp)
        case var .followUpOpened(open):
            open.close.target = open.close.target.in(cluster)
            return .followUpOpened(open)
        case .logLines(var spec, let lines):
            spec.cluster = cluster
            return .logLines(spec, lines)
        case .logStreamEnded(var spec, let error):
            spec.cluster = cluster
            return .logStreamEnded(spec, error: error)
        case let .cluster(_, inner):
            return .cluster(cluster, inner.tagged(cluster))
        case .key, .paste, .resize, .namespaceForbidden, .namespaceReadable, .connection, .loading, .served, .contextChanged, .fleetChanged, .notice, .lineup, .lineupNarrowed, .serverVersion, .permissions,
             .mutationFinished, .tick, .flaggerScraped:
            return self
        }
    }
}
