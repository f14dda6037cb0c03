import Foundation
import enum Rollouts.HumanDuration
import TerminalUI

/// The rollouts list: Argo Rollouts and Flagger Canaries together, one row each.
enum RolloutListView {
    /// The columns for a list `width` columns wide: strategy and message only when there is room.
    static func columns(width: Int, showNamespace: Bool) -> [ListColumn] {
        let wide = width >= 100
        var columns: [ListColumn] = []
        if showNamespace { columns.append(ListColumn("NAMESPACE", width: .flexible(min: 9, weight: 1))) }
        columns.append(ListColumn("NAME", width: .flexible(min: 10, weight: 2)))
        columns.append(ListColumn("KIND", width: .fixed(7)))
        if wide { columns.append(ListColumn("STRATEGY", width: .fixed(9))) }
        columns += [
            ListColumn("STATUS", width: .fixed(13)),
            ListColumn("STEP", width: .fixed(8), alignment: .right),
            ListColumn("WEIGHT", width: .fixed(7), alignment: .right),
            ListColumn("READY", width: .fixed(5), alignment: .right),
            ListColumn("AGE", width: .fixed(5), alignment: .right),
        ]
        if wide { columns.append(ListColumn("MESSAGE", width: .flexible(min: 0, weight: 3))) }
        return columns
    }

    static func cells(_ row: RolloutRow, width: Int, showNamespace: Bool, glyphs: Glyphs, now: Date) -> ListRow {
        let wide = width >= 100
        var cells: [String] = []
        var roles: [Role?] = []
        if showNamespace { cells.append(row.ref.namespace); roles.append(.dim) }
        cells += [row.ref.name, row.ref.kind.rawValue]
        roles += [nil, .dim]
        if wide { cells.append(row.strategy.isEmpty ? "-" : row.strategy); roles.append(nil) }
        let weight = row.setWeight.map { set in row.actualWeight.map { "\(set)/\($0)" } ?? "\(set)" } ?? "-"
        cells += [row.status.label(glyphs), row.progress.text.isEmpty ? "-" : row.progress.text, weight,
                  "\(row.ready)/\(row.desired)", row.created.map { HumanDuration.format(now.timeIntervalSince($0)) } ?? "-"]
        roles += [row.status.role, nil, nil, row.ready < row.desired ? .warning : nil, .dim]
        if wide { cells.append(row.message); roles.append(.dim) }
        return ListRow(cells, cellRoles: roles)
    }

    static func draw(_ state: ConsoleState, into grid: inout Grid, in rect: Rect, glyphs: Glyphs) {
        let rows = state.visibleOrder
        let showNamespace = state.scope == .all
        let forbidden = state.scope.namespace.flatMap { state.forbiddenNamespaces[$0] }
        let empty: String = switch state.connection {
        case _ where forbidden != nil: "forbidden: \(forbidden!)"
        case .connecting: "loading…"
        case .forbidden: "the list of rollouts is forbidden to this user"
        case .unauthorized: "the server refuses this user's credentials"
        default: state.filters[.rollouts] != nil ? "no rollout or canary matches the filter" : "no rollouts or canaries in \(state.scope.title)"
        }
        // Only the rows on screen are turned into cells: a 2,000-row list costs what a screenful costs.
        let visible = max(0, rect.height - 1)
        let window = rows[min(state.rolloutOffset, rows.count)..<min(rows.count, state.rolloutOffset + visible)].compactMap { state.rows[$0] }
        ListView(columns: columns(width: rect.width, showNamespace: showNamespace),
                 rows: window.map { cells($0, width: rect.width, showNamespace: showNamespace, glyphs: glyphs, now: state.now) },
                 state: ListState(selected: state.rolloutCursor - state.rolloutOffset, offset: 0),
                 isFocused: state.focus == .rollouts, emptyText: empty)
            .draw(into: &grid, in: rect, glyphs: glyphs)
        if state.rolloutOffset > 0 { grid.put(glyphs.scrollUp, at: rect.maxX - 1, rect.y + 1, role: .dim) }
        if state.rolloutOffset + visible < rows.count, visible > 0 {
            grid.put(glyphs.scrollDown, at: rect.maxX - 1, rect.y + visible, role: .dim)
        }
    }
}
