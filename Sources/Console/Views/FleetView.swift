import TerminalUI

/// The fleet screen: one application (namespace and name) in every cluster that holds it, a
/// line per cluster and kind: where each cluster's release stands (status, step, weight, ready)
/// and whether it waits for someone. The detail's keys act on the selected line, so promote,
/// abort and retry go to one cluster at a time, each confirmed naming it.
enum FleetView {
    static func draw(_ state: ConsoleState, _ app: FleetApp, into grid: inout Grid, in rect: Rect, glyphs: Glyphs) {
        guard !rect.isEmpty else { return }
        grid.fill(rect)
        let rows = state.fleetRows
        let clusters = Set(rows.map(\.ref.cluster)).count
        var x = rect.x + 1
        x += grid.put("\(glyphs.rollout) \(app.title)", at: x, rect.y, role: .title)
        grid.put("  in \(clusters) of \(state.clusterOrder.count) clusters", at: x, rect.y, role: .dim, maxWidth: rect.maxX - x)
        let lines = rows.map { row -> ListRow in
            let cluster = state.cluster(row.ref.cluster)
            let cells = [cluster.displayName + (state.isStale(row.ref) ? " \(glyphs.waiting)" : ""), row.ref.kind.rawValue,
                         row.statusText(glyphs, now: state.now), row.progress.text.isEmpty ? "-" : row.progress.text, row.weightText,
                         row.readyText, row.awaitsPromotion ? "waiting for you" : "-", row.message]
            var roles: [Role?] = [cluster.role, .dim, row.status.role, nil, nil, row.isShortOfReady ? .warning : nil,
                                  row.awaitsPromotion ? .paused : .dim, .dim]
            if state.isStale(row.ref) { roles = roles.map { _ in .dim } }
            return ListRow(cells, cellRoles: roles)
        }
        func width(_ title: String, _ index: Int) -> Int { max(title.displayWidth, lines.map { $0.cells[index].displayWidth }.max() ?? 0) + 1 }
        let columns = [ListColumn("CLUSTER", width: .fixed(width("CLUSTER", 0))), ListColumn("KIND", width: .fixed(width("KIND", 1))),
                       ListColumn("STATUS", width: .fixed(width("STATUS", 2))),
                       ListColumn("STEP", width: .fixed(width("STEP", 3)), alignment: .right),
                       ListColumn("WEIGHT", width: .fixed(width("WEIGHT", 4)), alignment: .right),
                       ListColumn("READY", width: .fixed(width("READY", 5)), alignment: .right),
                       ListColumn("WAITING", width: .fixed(width("WAITING", 6))),
                       ListColumn("MESSAGE", width: .flexible(min: 0, weight: 1))]
        let body = Rect(x: rect.x, y: rect.y + 2, width: rect.width, height: max(0, rect.height - 2))
        ListView(columns: columns, rows: lines, state: ListState(selected: state.fleetCursor, offset: 0), isFocused: true,
                 emptyText: "\(app.title) is in no cluster shown").draw(into: &grid, in: body, glyphs: glyphs)
    }
}
