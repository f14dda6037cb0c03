import KubeModel
import TerminalUI

/// The fleet screen: one application (namespace and name) in every cluster that holds it, a
/// line per cluster and kind: where each cluster's release stands (`FleetScreenModel`: revision
/// and image, status, step or weight, ready, whether it waits for someone) under `FleetLineup`'s
/// summary. The detail's keys act on the selected line, so promote, abort and retry go to one
/// cluster at a time, each confirmed naming it.
enum FleetView {
    static func draw(_ state: ConsoleState, _ app: FleetApp, into grid: inout Grid, in rect: Rect, glyphs: Glyphs) {
        guard !rect.isEmpty else { return }
        grid.fill(rect)
        let model = FleetScreenModel(state, app)
        let clusters = Set(model.lines.map(\.row.ref.cluster)).count
        var x = rect.x + 1
        x += grid.put("\(glyphs.rollout) \(app.title)", at: x, rect.y, role: .title)
        grid.put("  in \(clusters) of \(state.clusterOrder.count) clusters", at: x, rect.y, role: .dim, maxWidth: rect.maxX - x)
        if let summary = model.summary, rect.height > 1 {
            grid.put(TerminalSafe.text(summary), at: rect.x + 1, rect.y + 1, maxWidth: rect.width - 2)
        }
        let lines = model.lines.map { line -> ListRow in
            let row = line.row
            let cluster = state.cluster(row.ref.cluster)
            let entry = line.entry
            let waiting = entry.map { $0.waitingFor ?? "-" } ?? (row.awaitsPromotion ? "waiting for you" : "-")
            let revision = entry.map { $0.revision + ($0.stableRevision.map { " (stable \($0))" } ?? "") } ?? "-"
            let images = entry.map { $0.images.isEmpty ? "-" : $0.images.joined(separator: ",") } ?? "-"
            // Until the cluster reports, what the row knows: its step and weight.
            let progress = entry?.progress ?? [row.progress.text, row.weightText].filter { !$0.isEmpty && $0 != "-" }.joined(separator: " ")
            let cells = [cluster.displayName + (state.isStale(row.ref) ? " \(glyphs.waiting)" : ""), row.ref.kind.rawValue,
                         TerminalSafe.text(revision), TerminalSafe.text(images), row.statusText(glyphs, now: state.now),
                         progress.isEmpty ? "-" : progress, row.readyText, TerminalSafe.text(waiting), row.message]
            var roles: [Role?] = [cluster.role, .dim, entry?.stableRevision != nil ? .warning : nil, .dim, row.status.role, nil,
                                  row.isShortOfReady ? .warning : nil, waiting != "-" ? .paused : .dim, .dim]
            if state.isStale(row.ref) { roles = roles.map { _ in .dim } }
            return ListRow(cells, cellRoles: roles)
        }
        func width(_ title: String, _ index: Int) -> Int { max(title.displayWidth, lines.map { $0.cells[index].displayWidth }.max() ?? 0) + 1 }
        let columns = [ListColumn("CLUSTER", width: .fixed(width("CLUSTER", 0))), ListColumn("KIND", width: .fixed(width("KIND", 1))),
                       ListColumn("REVISION", width: .fixed(width("REVISION", 2))),
                       ListColumn("IMAGE", width: .flexible(min: 5, weight: 3)),
                       ListColumn("STATUS", width: .fixed(width("STATUS", 4))),
                       ListColumn("STEP/WEIGHT", width: .fixed(width("STEP/WEIGHT", 5)), alignment: .right),
                       ListColumn("READY", width: .fixed(width("READY", 6)), alignment: .right),
                       ListColumn("WAITING", width: .fixed(width("WAITING", 7))),
                       ListColumn("MESSAGE", width: .flexible(min: 0, weight: 1))]
        let body = Rect(x: rect.x, y: rect.y + 2, width: rect.width, height: max(0, rect.height - 2))
        ListView(columns: columns, rows: lines, state: ListState(selected: state.fleetCursor, offset: 0), isFocused: true,
                 emptyText: "\(app.title) is in no cluster shown").draw(into: &grid, in: body, glyphs: glyphs)
    }
}
