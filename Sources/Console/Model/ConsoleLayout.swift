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

    /// nil when the terminal is too small for the console.
    init?(size: Size, detail: Bool, focus: Pane) {
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
        if let side = panes.side {
            namespaces = below(side)
            deliveries = split.0
            summary = split.1
        } else if focus == .namespaces {
            namespaces = main
        } else {
            deliveries = split.0
            summary = split.1
        }
    }

    /// Rows of the summary pane: frame, five facts, a blank line, seven actions.
    static let summaryHeight = 15

    /// Data rows the deliveries list shows (its header row excluded), at least one.
    var deliveryRows: Int { max(1, (deliveries?.height ?? 2) - 1) }
}

extension ConsoleState {
    /// Lays the screen out again: called whenever the size, the screen or the focus changes.
    mutating func relayout() {
        let size = Size(width: width, height: height)
        let isDetail = if case .detail = screen { true } else { false }
        layout = ConsoleLayout(size: size, detail: isDetail, focus: focus)
        deliveryRows = layout?.deliveryRows ?? 1
        // The namespaces pane as it is once focused (a narrow screen shows it only then).
        let namespaces = focus == .namespaces ? layout : ConsoleLayout(size: size, detail: isDetail, focus: .namespaces)
        namespaceRows = max(1, (namespaces?.namespaces?.height ?? 2) - 1)
    }

    /// Rows the detail body has on screen: everything but the header (2 lines), the detail's
    /// title (1), the status line and the footer (2).
    public var detailBodyHeight: Int { max(1, height - 5) }
}
