import TerminalUI

/// The namespaces pane: all namespaces and each namespace holding rollouts or canaries,
/// with counts by status (paused and degraded only in the narrow side pane); forbidden
/// namespaces say so.
enum NamespaceListView {
    static func draw(_ state: ConsoleState, into grid: inout Grid, in rect: Rect, glyphs: Glyphs) {
        let compact = rect.width < 50
        // A narrow side pane keeps the counts that need attention.
        let counted = compact ? [DeliveryStatus.paused, .degraded] : DeliveryStatus.counted
        var columns = [ListColumn("NAMESPACE", width: .flexible(min: 6, weight: 1))]
        columns += counted.map { ListColumn(compact ? $0.glyph(glyphs) : $0.rawValue.uppercased(),
                                            width: .fixed(compact ? 3 : $0.rawValue.count), alignment: .right) }
        let rows = state.namespaceEntries.map { entry -> ListRow in
            if entry.forbidden != nil {
                return ListRow(["\(entry.title) (forbidden)"] + counted.map { _ in "-" }, role: .error)
            }
            let counts = counted.map { entry.counts[$0] ?? 0 }
            return ListRow([entry.title] + counts.map(String.init),
                           cellRoles: [entry.namespace == nil ? .title : nil] + zip(counted, counts).map { $1 > 0 ? $0.role : .dim })
        }
        ListView(columns: columns, rows: rows, state: ListState(selected: state.namespaceCursor, offset: state.namespaceOffset),
                 isFocused: state.focus == .namespaces).draw(into: &grid, in: rect, glyphs: glyphs)
    }
}
