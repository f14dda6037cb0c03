import Foundation
import enum Delivery.HumanDuration
import TerminalUI

/// The rollouts list: Argo Rollouts and Flagger Canaries together, one row each.
enum DeliveryListView {
    /// The columns for a list `width` columns wide, sized to the `cells` on screen: strategy
    /// and message only when there is room; each short column as wide as its widest cell (or
    /// title), with a column of air beside the widest value of each right-aligned column and of
    /// the column before the status, so that, with the gap, neighbouring values are always two
    /// spaces apart (`5/5  2m51s`, not `5/5 2m51s`); the names give way first (the namespace,
    /// then the name) when room is short, so a value is never cut.
    /// With several clusters a CLUSTER column comes first, as wide as its widest name.
    static func columns(width: Int, showCluster: Bool = false, showNamespace: Bool, cells: [[String]]) -> [ListColumn] {
        let wide = width >= 100
        /// `air` keeps a column free beside the widest value (before a right-aligned one, after a
        /// left-aligned one); titles, being words, need none.
        func measured(_ title: String, _ index: Int, _ alignment: TextAlignment = .left, air: Bool = false) -> ListColumn {
            let widest = cells.map { $0.indices.contains(index) ? $0[index].displayWidth : 0 }.max() ?? 0
            return ListColumn(title, width: .fixed(max(title.displayWidth, widest + (air ? 1 : 0))), alignment: alignment)
        }
        var columns: [ListColumn] = []
        var names = [("NAMESPACE", 9), ("NAME", 10)]
        if !showNamespace { names.removeFirst() }
        let lead = showCluster ? [measured("CLUSTER", 0, air: true)] : []
        var index = lead.count + names.count
        // The column before the status keeps air after it.
        var fixed: [ListColumn] = lead + [measured("KIND", index, air: !wide)]
        index += 1
        if wide { fixed.append(measured("STRATEGY", index, air: true)); index += 1 }
        for (title, alignment) in [("STATUS", TextAlignment.left), ("STEP", .right), ("WEIGHT", .right), ("READY", .right), ("AGE", .right)] {
            fixed.append(measured(title, index, alignment, air: alignment == .right))
            index += 1
        }
        // Short of room, the names' minimums shrink (to 6) before any value is cut.
        let marker = 2, gaps = fixed.count + names.count - (wide ? 0 : 1)
        let fixedWidth = fixed.reduce(0) { if case let .fixed(n) = $1.width { $0 + n } else { $0 } }
        var deficit = fixedWidth + gaps + names.reduce(0) { $0 + $1.1 } - (width - marker - 1)
        for i in names.indices where deficit > 0 {
            let cut = min(deficit, names[i].1 - 6)
            names[i].1 -= cut
            deficit -= cut
        }
        columns += lead
        for (title, minimum) in names {
            columns.append(ListColumn(title, width: .flexible(min: minimum, weight: title == "NAME" ? 2 : 1)))
        }
        columns += fixed.dropFirst(lead.count)
        if wide { columns.append(ListColumn("MESSAGE", width: .flexible(min: 0, weight: 3))) }
        return columns
    }

    /// A row's cells; `cluster` (several clusters shown) adds its CLUSTER cell in the cluster's
    /// colour, and greys the row of a cluster that is away (its last known state), saying for how long.
    static func cells(_ row: DeliveryRow, width: Int, cluster: ClusterState? = nil, showNamespace: Bool, glyphs: Glyphs,
                      now: Date) -> ListRow {
        let wide = width >= 100
        var cells: [String] = []
        var roles: [Role?] = []
        if let cluster {
            // Stale: the waiting glyph, and for how long when the cluster is reconnecting.
            let stale = cluster.isStale ? " \(glyphs.waiting)" + (cluster.staleSince.map { TimeText.countdown(now.timeIntervalSince($0)) } ?? "") : ""
            cells.append(cluster.displayName + stale)
            roles.append(cluster.role)
        }
        if showNamespace { cells.append(row.ref.namespace); roles.append(.dim) }
        cells += [row.ref.name, row.ref.kind.rawValue]
        roles += [nil, .dim]
        if wide { cells.append(row.strategy.isEmpty ? "-" : row.strategy); roles.append(nil) }
        cells += [row.statusText(glyphs, now: now), row.progress.text.isEmpty ? "-" : row.progress.text, row.weightText,
                  row.readyText, row.created.map { HumanDuration.format(now.timeIntervalSince($0)) } ?? "-"]
        roles += [row.status.role, nil, nil, row.isShortOfReady ? .warning : nil, .dim]
        if wide { cells.append(row.message); roles.append(.dim) }
        if cluster?.isStale == true { roles = roles.map { _ in .dim } }
        return ListRow(cells, cellRoles: roles)
    }

    /// The list as it is drawn in `rect`: only the rows on screen are turned into cells.
    static func list(_ state: ConsoleState, in rect: Rect, glyphs: Glyphs) -> ListView {
        let rows = state.visibleOrder
        let showNamespace = state.scope == .all
        let forbidden = state.scope.namespace.flatMap { state.forbiddenNamespaces[$0] }
        let empty: String = switch state.connection {
        case _ where forbidden != nil: "forbidden: \(forbidden!)"
        case .connecting: "loading…"
        case .forbidden: "the list of rollouts is forbidden to this user"
        case .unauthorized: "the server refuses this user's credentials"
        default: state.filters[.deliveries] != nil ? "no rollout or canary matches the filter" : "no rollouts or canaries in \(state.scope.title)"
        }
        // Only the rows on screen are turned into cells: a 2,000-row list costs what a screenful costs.
        let visible = max(0, rect.height - 1)
        let window = rows[min(state.deliveryOffset, rows.count)..<min(rows.count, state.deliveryOffset + visible)].compactMap { state.rows[$0] }
        let listRows = window.map {
            cells($0, width: rect.width, cluster: state.isFleet ? state.cluster($0.ref.cluster) : nil, showNamespace: showNamespace,
                  glyphs: glyphs, now: state.now)
        }
        let columns = columns(width: rect.width, showCluster: state.isFleet, showNamespace: showNamespace, cells: listRows.map(\.cells))
        return ListView(columns: columns, rows: listRows,
                        state: ListState(selected: state.deliveryCursor - state.deliveryOffset, offset: 0),
                        isFocused: state.focus == .deliveries, emptyText: empty, window: (state.deliveryOffset, rows.count))
    }
}
