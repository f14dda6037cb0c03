import TerminalUI

/// The namespaces pane: all namespaces and each namespace holding rollouts or canaries,
/// with its four counts by status wherever they fit (a narrow side pane heads them with the
/// status glyphs, as narrow as the counts; only when even that does not fit, paused and degraded
/// alone); forbidden namespaces say so. The pane's own filter shows in its title row.
enum NamespaceListView {
    static func draw(_ state: ConsoleState, into grid: inout Grid, in rect: Rect, glyphs: Glyphs) {
        let entries = state.namespaceEntries
        let compact = rect.width < 50
        let digits = entries.flatMap { $0.counts.values }.map { String($0).count }.max() ?? 1
        let countWidth = compact ? max(glyphs.paused.displayWidth, digits) : 0
        // The marker and the right edge take 3 columns; the name keeps at least 5 (`all …`).
        let nameWidth = 5
        let allFit = !compact || nameWidth + DeliveryStatus.counted.count * (countWidth + 1) <= rect.width - 3
        let counted = allFit ? DeliveryStatus.counted : [DeliveryStatus.paused, .degraded]
        // A filtered pane is titled by its filter, where a narrow pane still shows it.
        let title = state.filters[.namespaces].map { "/\($0)" } ?? "NAMESPACE"
        var columns = [ListColumn(title, width: .flexible(min: nameWidth, weight: 1))]
        columns += counted.map { ListColumn(compact ? $0.glyph(glyphs) : $0.rawValue.uppercased(),
                                            width: .fixed(compact ? (allFit ? countWidth : 3) : $0.rawValue.count), alignment: .right) }
        let rows = entries.map { entry -> ListRow in
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
