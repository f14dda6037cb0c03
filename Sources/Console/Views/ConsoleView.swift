import TerminalUI

/// The whole screen as a grid: a pure function of the state and the glyph set (the theme
/// turns roles into colours later, in the backend; the clock is `state.now`).
public enum ConsoleView {
    public static func render(_ state: ConsoleState, glyphs: Glyphs) -> Grid {
        var drawn = Drawn()
        return render(state, glyphs: glyphs, drawn: &drawn)
    }

    /// The lists of a frame as drawn (nil when not drawn) and the plans it read, which
    /// `FrameCache` keeps to draw only their changed lines next, and to plan only what changed.
    struct Drawn {
        var namespaces: ListView?
        var deliveries: ListView?
        var plans: PlanSheet?
    }

    /// The whole screen, and its lists and plans as drawn.
    static func render(_ state: ConsoleState, glyphs: Glyphs, drawn: inout Drawn) -> Grid {
        drawn = Drawn()
        var grid = Grid(width: state.width, height: state.height)
        guard let layout = state.layout else {
            TooSmallView(size: grid.size).draw(into: &grid)
            return grid
        }
        let plans = PlanSheet(state)
        drawn.plans = plans
        HeaderView.draw(state, into: &grid, header: layout.header, scopeBar: layout.scopeBar, glyphs: glyphs)
        if let rect = layout.clusters { ClustersPaneView.draw(state, into: &grid, in: rect, glyphs: glyphs) }
        if let rect = layout.namespaces {
            let list = NamespaceListView.list(state, in: rect, glyphs: glyphs)
            list.draw(into: &grid, in: rect, glyphs: glyphs)
            drawn.namespaces = list
        }
        if let rect = layout.deliveries {
            if state.served.servesNone(of: state.deliveries.listResources) {
                NotInstalledView.draw(into: &grid, in: rect, glyphs: glyphs)
            } else {
                let list = DeliveryListView.list(state, in: rect, glyphs: glyphs)
                list.draw(into: &grid, in: rect, glyphs: glyphs)
                drawn.deliveries = list
            }
        }
        if let rect = layout.summary { SummaryView.draw(state, plans: plans, into: &grid, in: rect, glyphs: glyphs) }
        if let rect = layout.detail { drawDetail(state, into: &grid, in: rect, glyphs: glyphs) }
        drawStatus(state, into: &grid, in: layout.status, glyphs: glyphs)
        FooterBar(hints: FooterHints.hints(state, plans: plans)).draw(into: &grid, in: layout.footer, glyphs: glyphs)
        switch state.overlay {
        case .help:
            HelpOverlay(title: "Keys", sections: FooterHints.helpSections(state), offset: state.helpScroll).draw(into: &grid, in: grid.bounds, glyphs: glyphs)
        case .messages:
            MessagesView.draw(state, into: &grid, in: grid.bounds, glyphs: glyphs)
        case let .confirm(dialog):
            let box = confirmDialog(dialog).draw(into: &grid, in: grid.bounds, glyphs: glyphs)
            // A production cluster's line is the loudest thing on screen; another's is in its colour.
            let clusterRole: Role? = dialog.cluster?.production == true ? .error : state.clusters[dialog.target.cluster]?.role
            if dialog.cluster != nil, let clusterRole, box.height > 2 {
                grid.paint(Rect(x: box.x + 1, y: box.y + 1, width: box.width - 2, height: 1), role: clusterRole)
            }
        case let .quit(dialog):
            quitDialog(dialog, open: state.openFollowUps).draw(into: &grid, in: grid.bounds, glyphs: glyphs)
        case let .contexts(picker):
            ContextListView.draw(state, picker, into: &grid, glyphs: glyphs)
        case .input, nil:
            break
        }
        return grid
    }

    /// The detail screen's area: the fleet screen or the object's detail.
    static func drawDetail(_ state: ConsoleState, into grid: inout Grid, in rect: Rect, glyphs: Glyphs) {
        if case let .fleet(app) = state.screen {
            FleetView.draw(state, app, into: &grid, in: rect, glyphs: glyphs)
        } else {
            DetailView.draw(state, into: &grid, in: rect, glyphs: glyphs)
        }
    }

    static func drawStatus(_ state: ConsoleState, into grid: inout Grid, in rect: Rect, glyphs: Glyphs) {
        if case let .input(line) = state.overlay {
            grid.fill(rect)
            // One column of margin on the left, as the status line's messages have.
            let prompt = PromptLine(prefix: line.prompt, editor: line.editor)
            prompt.draw(into: &grid, in: Rect(x: rect.x + 1, y: rect.y, width: rect.width - 1, height: rect.height), glyphs: glyphs)
            return
        }
        statusLine(state).draw(into: &grid, in: rect, glyphs: glyphs)
    }

    /// The status line's message as drawn when no input line takes its place.
    static func statusLine(_ state: ConsoleState) -> TerminalUI.StatusLine {
        TerminalUI.StatusLine(state.statusLine?.text ?? "", role: state.statusLine?.isError == true ? .error : .info,
                              prefixLength: state.statusLine?.prefixLength ?? 0,
                              prefixRole: state.statusLine?.cluster.flatMap { state.clusters[$0]?.role })
    }

    /// Quitting while rollscope holds something open for a release: what, for which release,
    /// and the choice (Cancel first).
    static func quitDialog(_ dialog: QuitDialog, open: [OpenFollowUp]) -> Dialog {
        let lines = open.map {
            "\($0.close.target) (namespace \($0.close.target.namespace)): \($0.opened) is open since your \($0.close.after.label); "
                + "rollscope would set it back once the canary has moved on (waiting for it to \($0.awaited))."
        }
        let message = lines + ["", "Left open, it lets the next release through with nobody watching."]
        return Dialog(title: "Quit", message: message, buttons: ["Cancel", "Close it and quit", "Leave it open and quit"],
                      focusedButton: dialog.focused.rawValue, messageRole: .warning)
    }

    /// The confirmation: action, object, namespace and context, the exact requests, Cancel first.
    /// With several clusters (or a production one) the cluster comes first: its name, context
    /// and server; a production cluster's in capitals (painted red by the caller), and the button
    /// then names the cluster as well as the verb.
    static func confirmDialog(_ dialog: ConfirmDialog) -> Dialog {
        var message = [dialog.question, ""]
        if let cluster = dialog.cluster {
            message.insert(cluster.production ? "PRODUCTION: \(cluster.title)" : "cluster \(cluster.title)", at: 0)
        }
        if let note = dialog.note { message += [note, ""] }
        message += dialog.requests.map { "\($0.method.rawValue) \($0.pathAndQuery)" }
        // The title names the action and its object in full; the button, the action's verb alone.
        let title = dialog.label.prefix(1).uppercased() + dialog.label.dropFirst() + " \(dialog.target)"
        let verb = dialog.kind.verb.prefix(1).uppercased() + dialog.kind.verb.dropFirst()
            + (dialog.cluster?.production == true ? " on \(dialog.cluster!.name)" : "")
        return Dialog(title: title, message: message, buttons: ["Cancel", verb],
                      focusedButton: dialog.confirmFocused ? 1 : 0, messageRole: .warning)
    }
}
