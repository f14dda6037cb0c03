import KubeModel
import TerminalUI

/// The fleet screen: one application in every cluster that holds it (matched by namespace and
/// name, or by the configured label's value in any namespace under any name; the title says
/// which), a line per object: where each cluster's release stands (`FleetScreenModel`: revision
/// and image, status, step or weight, ready, whether it waits for someone) under `FleetLineup`'s
/// summary, each cluster's name in its colour. Matched by label, each line names its object, and
/// a line under the summary names the clusters that refused the watch across namespaces and the
/// namespace looked in there instead. The detail's keys act on the selected line, so promote, abort and retry go to one cluster
/// at a time, each confirmed naming it.
enum FleetView {
    static func draw(_ state: ConsoleState, _ app: FleetApp, into grid: inout Grid, in rect: Rect, glyphs: Glyphs) {
        guard !rect.isEmpty else { return }
        grid.fill(rect)
        let model = FleetScreenModel(state, app)
        let clusters = Set(model.lines.map(\.row.ref.cluster)).count
        var x = rect.x + 1
        x += grid.put("\(glyphs.rollout) \(TerminalSafe.text(app.title))", at: x, rect.y, role: .title)
        x += grid.put("  \(TerminalSafe.text(app.key.matchedBy)), in \(clusters) of \(state.clusterOrder.count) clusters", at: x, rect.y,
                      role: .dim, maxWidth: max(0, rect.maxX - x))
        if let parts = model.summaryParts, rect.height > 1 {
            var x = rect.x + 1
            for part in parts where x < rect.maxX - 1 {
                let role = part.cluster.flatMap { name in state.orderedClusters.first { $0.displayName == name }?.role } ?? .normal
                x += grid.put(TerminalSafe.text(part.text), at: x, rect.y + 1, role: role, maxWidth: rect.maxX - 1 - x)
            }
        }
        // Under the summary, the clusters that refused the watch across namespaces.
        let narrowed = state.orderedClusters.filter { state.lineupNarrowed[$0.id] != nil }.map(\.displayName)
        if !narrowed.isEmpty, rect.height > 2 {
            grid.put("only namespace \(app.namespace) in \(narrowed.joined(separator: ", ")) (may not list across namespaces)",
                     at: rect.x + 1, rect.y + 2, role: .warning, maxWidth: rect.width - 2)
        }
        let top = narrowed.isEmpty ? 2 : 3
        let byLabel = if case .label = app.key { true } else { false }
        let lines = model.lines.map { line -> ListRow in
            let row = line.row
            let cluster = state.cluster(row.ref.cluster)
            let entry = line.entry
            let waiting = entry.map { $0.waitingFor ?? "-" } ?? (row.awaitsPromotion ? "waiting for you" : "-")
            let revision = entry.map { $0.revision + ($0.stableRevision.map { " (stable \($0))" } ?? "") } ?? "-"
            let images = entry.map { $0.images.isEmpty ? "-" : $0.images.joined(separator: ",") } ?? "-"
            // Until the cluster reports, what the row knows: its step and weight.
            let progress = entry?.progress ?? [row.progress.text, row.weightText].filter { !$0.isEmpty && $0 != "-" }.joined(separator: " ")
            var cells = [cluster.displayName + (state.isStale(row.ref) ? " \(glyphs.waiting)" : ""), row.ref.kind.rawValue,
                         TerminalSafe.text(revision), TerminalSafe.text(images), row.statusText(glyphs, now: state.now),
                         progress.isEmpty ? "-" : progress, row.readyText, TerminalSafe.text(waiting), row.message]
            var roles: [Role?] = [cluster.role, .dim, entry?.stableRevision != nil ? .warning : nil, .dim, row.status.role, nil,
                                  row.isShortOfReady ? .warning : nil, waiting != "-" ? .paused : .dim, .dim]
            if byLabel {
                cells.insert(TerminalSafe.text("\(row.ref.namespace)/\(row.ref.name)"), at: 2)
                roles.insert(nil, at: 2)
            }
            if state.isStale(row.ref) { roles = roles.map { _ in .dim } }
            return ListRow(cells, cellRoles: roles)
        }
        // Matched by label, the OBJECT column comes third: the others' cells are one further on.
        let shift = byLabel ? 1 : 0
        func width(_ title: String, _ index: Int) -> Int { max(title.displayWidth, lines.map { $0.cells[index].displayWidth }.max() ?? 0) + 1 }
        var columns = [ListColumn("CLUSTER", width: .fixed(width("CLUSTER", 0))), ListColumn("KIND", width: .fixed(width("KIND", 1))),
                       ListColumn("REVISION", width: .fixed(width("REVISION", 2 + shift))),
                       ListColumn("IMAGE", width: .flexible(min: 5, weight: 3)),
                       ListColumn("STATUS", width: .fixed(width("STATUS", 4 + shift))),
                       ListColumn("STEP/WEIGHT", width: .fixed(width("STEP/WEIGHT", 5 + shift)), alignment: .right),
                       ListColumn("READY", width: .fixed(width("READY", 6 + shift)), alignment: .right),
                       ListColumn("WAITING", width: .fixed(width("WAITING", 7 + shift))),
                       ListColumn("MESSAGE", width: .flexible(min: 0, weight: 1))]
        if byLabel { columns.insert(ListColumn("OBJECT", width: .fixed(width("OBJECT", 2))), at: 2) }
        let body = Rect(x: rect.x, y: rect.y + top, width: rect.width, height: max(0, rect.height - top))
        ListView(columns: columns, rows: lines, state: ListState(selected: state.fleetCursor, offset: 0), isFocused: true,
                 emptyText: "\(TerminalSafe.text(app.title)) is in no cluster shown").draw(into: &grid, in: body, glyphs: glyphs)
    }
}
