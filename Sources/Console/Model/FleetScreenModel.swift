import Delivery

/// What the fleet screen shows of its application: `FleetLineup` run over what each cluster
/// reported (`ConsoleState.lineupObjects`, clusters named as on screen), one line per row of
/// `fleetRows` (so the cursor and the actions stay on the rows) with that cluster's lineup entry
/// beside it, and the lineup's summary. Pure.
public struct FleetScreenModel: Sendable, Hashable {
    public struct Line: Sendable, Hashable {
        public var row: DeliveryRow
        /// Its revision, image, step or weight and what it waits for; nil until its cluster reports.
        public var entry: FleetEntry?
    }

    public var lines: [Line]
    /// `summary` in pieces, each cluster's name apart (the view colours it as its cluster).
    public var summaryParts: [FleetApplication.SummaryPart]?
    /// `prod-eu paused at step 1/4 on revision 2; prod-us runs 1`; nil until a cluster reports.
    public var summary: String? { summaryParts?.map(\.text).joined() }

    public init(_ state: ConsoleState, _ app: FleetApp) {
        let reported = state.clusterOrder.compactMap { id in
            state.lineupObjects[id].map { (id, ClusterObjects(cluster: state.cluster(id).displayName, objects: $0)) }
        }
        let name = app.key.lineupName, match = app.key.lineupMatch
        summaryParts = FleetLineup(reported.map(\.1), match: match, named: name).applications.first { $0.name == name }?.summaryParts
        // Each cluster's entries lined up on their own: two clusters may share a display name.
        let entries = Dictionary(reported.map { id, objects in
            (id, FleetLineup([objects], match: match, named: name).applications.first { $0.name == name }?.entries ?? [])
        }, uniquingKeysWith: { first, _ in first })
        lines = state.fleetRows.map { row in
            Line(row: row, entry: entries[row.ref.cluster]?.first {
                $0.kind == row.ref.kind.rawValue && $0.namespace == row.ref.namespace && $0.name == row.ref.name
            })
        }
    }
}
