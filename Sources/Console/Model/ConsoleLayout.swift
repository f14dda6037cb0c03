import TerminalUI

/// Where each part of the console goes for the state's terminal size, on top of
/// TerminalUI's `ScreenLayout`: the body's first row is the scope bar; the namespaces pane
/// sits on the left when the screen is wide, and replaces the list when it is narrow and has
/// focus; a tall main screen shows the selected row's summary under the list.
///
/// Computed once per size, screen and focus into `ConsoleState.layout`: the reducer scrolls
/// with it and the views draw in it, so neither works it out again.
public struct ConsoleLayout: Sendable, Hashable {
    var header: Rect
    var scopeBar: Rect
    /// The clusters pane, above the namespaces pane, when several clusters are shown.
    var clusters: Rect?
    /// The namespaces pane, when shown.
    var namespaces: Rect?
    /// The deliveries list (Rollouts and Canaries), when shown.
    var deliveries: Rect?
    /// The selected row's summary (tall main screen only).
    var summary: Rect?
    /// The detail screen's area (detail screen only).
    var detail: Rect?
    var status: Rect
    var footer: Rect

    /// nil when the terminal is too small for the console. `clusterRows` is the clusters pane's
    /// height (0: one cluster, no pane); it takes at most half the namespaces pane's room.
    init?(size: Size, detail: Bool, focus: Pane, clusterRows: Int = 0) {
        guard case let .regular(panes) = ScreenLayout(size: size) else { return nil }
        header = panes.header
        status = panes.status
        footer = panes.footer
        let (bar, body) = panes.body.splitTop(1)
        scopeBar = bar
        if detail {
            self.detail = body
            return
        }
        func below(_ rect: Rect) -> Rect { rect.intersection(body) }
        // The summary needs its facts and one line per action (15 rows with its frame); the list
        // keeps the rest, so a tall screen shows as many rollouts as it can.
        let main = below(panes.main)
        let split: (Rect, Rect?) = panes.detail == nil ? (main, nil) : {
            let (top, bottom) = main.splitBottom(min(ConsoleLayout.summaryHeight, main.height / 2))
            return (top, bottom)
        }()
        /// The clusters pane on top of the namespaces pane's room, when there is one.
        func stacked(_ rect: Rect) -> (clusters: Rect?, namespaces: Rect) {
            guard clusterRows > 0 else { return (nil, rect) }
            let (top, rest) = rect.splitTop(min(clusterRows, rect.height / 2))
            return (top, rest)
        }
        if let side = panes.side {
            (clusters, namespaces) = stacked(below(side))
            deliveries = split.0
            summary = split.1
        } else if focus == .namespaces {
            (clusters, namespaces) = stacked(main)
        } else {
            deliveries = split.0
            summary = split.1
        }
    }

    /// Rows of the clusters pane for `count` clusters: a title, then three lines each (name,
    /// counts, connection).
    static func clusterPaneRows(_ count: Int) -> Int { 1 + 3 * count }

    /// Rows of the summary pane: frame, five facts, a blank line, seven actions.
    static let summaryHeight = 15

    /// Data rows the deliveries list shows (its header row excluded), at least one.
    var deliveryRows: Int { max(1, (deliveries?.height ?? 2) - 1) }
}

extension ConsoleState {
    /// Lays the screen out again: called whenever the size, the screen or the focus changes.
    mutating func relayout() {
        let size = Size(width: width, height: height)
        let isDetail = switch screen {
        case .detail, .fleet: true
        case .main: false
        }
        let clusterRows = isFleet ? ConsoleLayout.clusterPaneRows(clusterOrder.count) : 0
        layout = ConsoleLayout(size: size, detail: isDetail, focus: focus, clusterRows: clusterRows)
        deliveryRows = layout?.deliveryRows ?? 1
        // The namespaces pane as it is once focused (a narrow screen shows it only then).
        let namespaces = focus == .namespaces ? layout
            : ConsoleLayout(size: size, detail: isDetail, focus: .namespaces, clusterRows: clusterRows)
        namespaceRows = max(1, (namespaces?.namespaces?.height ?? 2) - 1)
    }

    /// Rows the detail body has on screen: everything but the header (2 lines), the detail's
    /// title (1), the status line and the footer (2).
    public var detailBodyHeight: Int { max(1, height - 5) }
}
