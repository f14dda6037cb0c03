import TerminalUI

/// Where each part of the console goes for the state's terminal size, on top of
/// TerminalUI's `ScreenLayout`: the body's first row is the scope bar; the namespaces pane
/// sits on the left when the screen is wide, and replaces the list when it is narrow and has
/// focus; a tall main screen shows the selected row's summary under the list.
struct ConsoleLayout {
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
    init?(_ state: ConsoleState) {
        guard case let .regular(panes) = ScreenLayout(size: Size(width: state.width, height: state.height)) else { return nil }
        header = panes.header
        status = panes.status
        footer = panes.footer
        let (bar, body) = panes.body.splitTop(1)
        scopeBar = bar
        if case .detail = state.screen {
            detail = body
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
        } else if state.focus == .namespaces {
            namespaces = main
        } else {
            deliveries = split.0
            summary = split.1
        }
    }

    /// Rows of the summary pane: frame, five facts, a blank line, seven actions.
    static let summaryHeight = 15

    /// Data rows the deliveries list shows (its header row excluded), at least one.
    static func deliveryRows(_ state: ConsoleState) -> Int {
        max(1, (ConsoleLayout(state)?.deliveries?.height ?? 2) - 1)
    }

    /// Data rows the namespaces pane shows, at least one.
    static func namespaceRows(_ state: ConsoleState) -> Int {
        var focused = state
        focused.focus = .namespaces
        return max(1, (ConsoleLayout(focused)?.namespaces?.height ?? 2) - 1)
    }
}
