import TerminalUI

/// The namespaces pane: all namespaces and each namespace holding rollouts or canaries,
/// with its four counts by status wherever they fit (a narrow side pane heads them with the
/// status glyphs, as narrow as the counts; only when even that does not fit, paused and degraded
/// alone); forbidden namespaces say so. The pane's own filter shows in its title row. Only the
/// lines on screen are built: with thousands of namespaces, building every line per frame was
/// most of the console's share of a watch event.
enum NamespaceListView {
    /// The pane as it is drawn in `rect`.
    static func list(_ state: ConsoleState, in rect: Rect, glyphs: Glyphs) -> ListView {
        let names = state.namespaceNames
        var list = ListState(selected: state.namespaceCursor, offset: state.namespaceOffset)
        list.scrollToSelection(count: names.count + 1, visible: max(0, rect.height - 1))
        let entries = (list.offset..<min(names.count + 1, list.offset + max(0, rect.height - 1))).map {
            state.namespaceEntry($0 == 0 ? nil : names[$0 - 1])
        }
        let compact = rect.width < 50
        // The totals are the largest counts: every namespace's count of a status is at most its total.
        let digits = state.rows.totals.values.map { String($0).count }.max() ?? 1
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
        return ListView(columns: columns, rows: rows, state: ListState(selected: list.selected - list.offset, offset: 0),
                        isFocused: state.focus == .namespaces, window: (list.offset, names.count + 1))
    }
}
