import TerminalUI

/// Keys and paste: the overlay on top takes them first, then the focused pane, through the
/// key table. A text line (the `/` filter, the `:` command line) is a `LineEditor`.
extension Reducer {
    static func handleKey(_ state: inout ConsoleState, _ key: KeyEvent) -> [ConsoleEffect] {
        if case let .input(line) = state.overlay, let effects = editInput(&state, line, key) { return effects }
        if let typed = keyAfterEscape(key, state.keys) {
            return handleKey(&state, .special(.escape)) + handleKey(&state, typed)
        }
        // Keys the line editor has no use for do nothing while a line is open.
        if case .input = state.overlay { return [] }
        let scope = state.keyScope
        guard let binding = state.keys.binding(for: key, in: scope, readOnly: state.readOnly) else {
            if state.readOnly, let hidden = state.keys.binding(for: key, in: scope, readOnly: false), hidden.isMutation {
                state.statusLine = StatusMessage("read-only: \(hidden.hint) is disabled (--readonly)", isError: true)
            }
            return []
        }
        return perform(&state, binding.action)
    }

    /// `esc` then a key typed quickly reaches us as alt-key (the terminal's meta prefix). No
    /// alt key is bound unless the config binds one, so it is the two keys the operator typed:
    /// otherwise the esc would be lost (a filter prompt left open with the text esc was to
    /// clear). The key typed after esc, or nil when `key` is not such a pair.
    private static func keyAfterEscape(_ key: KeyEvent, _ keys: KeyTable) -> KeyEvent? {
        guard case let .key(base, modifiers) = key, modifiers.contains(.alt), !modifiers.contains(.ctrl), !keys.binds(key) else {
            return nil
        }
        return .key(base, modifiers.subtracting(.alt))
    }

    static func handlePaste(_ state: inout ConsoleState, _ text: String) {
        guard case var .input(line) = state.overlay else { return }
        // A line break in a paste is dropped, not made a space: a name broken over two lines is one name.
        _ = line.editor.handle(.paste(String(text.filter { !$0.isNewline })))
        state.overlay = .input(line)
        applyLiveFilter(&state, line)
    }

    static func perform(_ state: inout ConsoleState, _ action: ConsoleAction) -> [ConsoleEffect] {
        if let kind = MutationKind(action) { openConfirm(&state, kind); return [] }
        if state.overlay == nil, state.screenKeyScope == .logs, action != .logs, action != .back, action != .help,
           action != .command, action != .messages, action != .quit {
            performLogAction(&state, action)
            return []
        }
        switch action {
        case .down: move(&state, by: 1)
        case .up: move(&state, by: -1)
        case .pageDown: move(&state, by: state.pageSize)
        case .pageUp: move(&state, by: -state.pageSize)
        case .top: move(&state, by: Int.min / 2)
        case .bottom: move(&state, by: Int.max / 2)
        case .open: open(&state)
        case .diff: showPage(&state, .diff)
        case .analysis: showPage(&state, .analysis)
        case .logs: toggleLogs(&state)
        case .logLayout, .logWrap, .logPause, .logContainer, .logPrevious, .logSearch, .searchNext, .searchPrevious:
            performLogAction(&state, action)
        case .fleet:
            guard let row = state.targetRow else {
                state.statusLine = StatusMessage("fleet: select a rollout or canary first", isError: true)
                return []
            }
            state.lineupObjects = [:]
            state.lineupNarrowed = [:]
            // By the configured label where the object carries it, else by namespace and name.
            if let label = state.deliveries.fleetLabel, let value = row.fleetLabelValue, !value.isEmpty {
                state.screen = .fleet(FleetApp(label: label, value: value, namespace: row.ref.namespace))
            } else {
                state.screen = .fleet(FleetApp(namespace: row.ref.namespace, name: row.ref.name))
            }
            state.fleetCursor = state.fleetRows.firstIndex { $0.ref == row.ref } ?? 0
            state.detail = nil
        case .back: back(&state)
        case .nextPane:
            state.focus = state.focus == .deliveries ? .namespaces : .deliveries
            syncSelection(&state)
        case .filter:
            let pane = state.focus
            let current = state.filters[pane] ?? ""
            state.overlay = .input(InputLine(kind: .filter(pane), text: current, previous: current))
        case .command: state.overlay = .input(InputLine(kind: .command))
        case .help:
            state.overlay = state.overlay == .help ? nil : .help
            state.helpScroll = 0
        case .messages:
            state.overlay = state.overlay == .messages ? nil : .messages
            state.helpScroll = 0
        case .quit: return quit(&state)
        case .sortNext:
            let next = state.sort.column.next
            // One cluster has nothing to sort by cluster.
            state.sort = SortOrder(next == .cluster && !state.isFleet ? next.next : next, ascending: true)
            syncSelection(&state)
            state.statusLine = StatusMessage("sorted by \(state.sort.column.rawValue)")
        case .sortReverse:
            state.sort.ascending.toggle()
            syncSelection(&state)
            state.statusLine = StatusMessage("sorted by \(state.sort.column.rawValue), \(state.sort.ascending ? "ascending" : "descending")")
        case .dialogToggle:
            if case var .quit(dialog) = state.overlay {
                let all = QuitDialog.Choice.allCases
                dialog.focused = all[(dialog.focused.rawValue + 1) % all.count]
                state.overlay = .quit(dialog)
            }
            guard case var .confirm(dialog) = state.overlay else { return [] }
            dialog.confirmFocused.toggle()
            state.overlay = .confirm(dialog)
        case .dialogConfirm:
            if case let .quit(dialog) = state.overlay { return answerQuit(&state, dialog.focused) }
            return confirm(&state)
        case .dialogCancel:
            if case let .confirm(dialog) = state.overlay {
                state.statusLine = StatusMessage("cancelled: \(dialog.label) \(dialog.target); nothing sent")
            }
            state.overlay = nil
        case .toggleContext: return toggleContext(&state)
        case .onlyContext:
            guard case let .contexts(picker) = state.overlay, let name = picker.selected else { return [] }
            state.overlay = nil
            return switchContext(&state, name)
        case .promote, .promoteFull, .abort, .retry, .restart, .undo, .pauseToggle, .setImage, .terminate:
            break // handled above as mutations
        }
        return []
    }

    private static func move(_ state: inout ConsoleState, by delta: Int) {
        if case var .contexts(picker) = state.overlay {
            picker.cursor = min(max(0, picker.cursor.addingReportingOverflow(delta).partialValue), max(0, picker.names.count - 1))
            state.overlay = .contexts(picker)
            return
        }
        if state.overlay == .help || state.overlay == .messages {
            let limit = state.overlay == .help ? state.helpLineCount : state.messageLines.count
            state.helpScroll = min(max(0, state.helpScroll.addingReportingOverflow(delta).partialValue), limit)
            return
        }
        if case .fleet = state.screen {
            state.fleetCursor = min(max(0, state.fleetCursor.addingReportingOverflow(delta).partialValue), max(0, state.fleetRows.count - 1))
            return
        }
        if case .detail = state.screen {
            state.detailScroll = min(max(0, state.detailScroll.addingReportingOverflow(delta).partialValue),
                                     DetailDocument.maxScroll(state))
            return
        }
        switch state.focus {
        case .deliveries:
            let rows = state.visibleOrder
            guard !rows.isEmpty else { return }
            state.deliveryCursor = min(max(0, state.deliveryCursor.addingReportingOverflow(delta).partialValue), rows.count - 1)
            state.selectedDelivery = rows[state.deliveryCursor]
        case .namespaces:
            let count = state.namespaceNames.count + 1
            state.namespaceCursor = min(max(0, state.namespaceCursor.addingReportingOverflow(delta).partialValue), count - 1)
        }
        syncSelection(&state, reorder: false)
    }

    private static func open(_ state: inout ConsoleState) {
        switch state.focus {
        case .namespaces:
            guard let scope = state.namespaceScope(at: state.namespaceCursor, in: state.namespaceNames) else { return }
            setScope(&state, scope)
            state.focus = .deliveries
        case .deliveries:
            guard let row = state.targetRow else {
                state.statusLine = StatusMessage("nothing to open: no rollout or canary here", isError: true)
                return
            }
            state.screen = .detail(row.ref)
            state.detail = nil
            state.detailScroll = 0
            state.detailPage = .overview
        }
    }

    /// `d` or `A`: on the list, open the row's detail at that page; in the detail, show the page,
    /// or go back to the overview when it is already shown.
    private static func showPage(_ state: inout ConsoleState, _ page: DetailPage) {
        if case .main = state.screen {
            guard state.focus == .deliveries else { return }
            open(&state)
            guard case .detail = state.screen else { return }
        }
        state.detailPage = state.detailPage == page ? .overview : page
        state.detailScroll = 0
    }

    private static func back(_ state: inout ConsoleState) {
        if state.overlay == .help || state.overlay == .messages { state.overlay = nil; return }
        if case .contexts = state.overlay { state.overlay = nil; return }
        if case .fleet = state.screen {
            state.screen = .main
            state.lineupObjects = [:]
            state.lineupNarrowed = [:]
            return
        }
        if case .detail = state.screen, state.detailPage != .overview {
            state.detailPage = .overview
            state.detailScroll = 0
            return
        }
        if case let .detail(ref) = state.screen {
            state.screen = .main
            state.detail = nil
            state.detailScroll = 0
            if state.deletedDetail != nil {
                state.deletedDetail = nil
                state.stepHistory[ref] = nil
            }
            return
        }
        if let filter = state.filters[state.focus], !filter.isEmpty {
            state.filters[state.focus] = nil
            syncSelection(&state)
            return
        }
        // On a narrow screen the namespaces pane is where the list goes back to; on a wide one
        // both panes are on screen and focus moves only with tab, never unseen.
        if state.focus == .deliveries, state.layout?.namespaces == nil { state.focus = .namespaces }
    }

    static func setScope(_ state: inout ConsoleState, _ scope: NamespaceScope) {
        state.scope = scope
        state.selectedDelivery = nil
        state.deliveryCursor = 0
        syncSelection(&state)
        switch scope {
        case .all: state.namespaceCursor = 0
        case let .one(namespace): if let index = state.namespaceNames.firstIndex(of: namespace) { state.namespaceCursor = index + 1 }
        }
        state.statusLine = StatusMessage("namespace: \(scope.title)")
    }

    /// A key for the open text line: nil when the editor has no use for it (the caller then
    /// sees whether it is esc and a key typed together).
    private static func editInput(_ state: inout ConsoleState, _ line: InputLine, _ key: KeyEvent) -> [ConsoleEffect]? {
        var line = line
        // Backspace on an empty command line closes it, as in vi.
        if key == .special(.backspace), line.text.isEmpty, case .command = line.kind {
            state.overlay = nil
            return []
        }
        switch line.editor.handle(key) {
        case .ignored:
            return nil
        case .cancelled:
            if case let .filter(pane) = line.kind { state.filters[pane] = line.previous.isEmpty ? nil : line.previous }
            if case .logSearch = line.kind { state.logView?.search = line.previous.isEmpty ? nil : line.previous }
            if case let .argument(kind, target, _) = line.kind { state.statusLine = StatusMessage("cancelled: \(kind.verb) \(target); nothing sent") }
            state.overlay = nil
            syncSelection(&state)
            return []
        case let .submitted(text):
            state.overlay = nil
            switch line.kind {
            case .command: return runCommand(&state, text)
            case let .argument(kind, target, _): openConfirm(&state, kind, argument: text, target: target)
            case .filter: syncSelection(&state)
            case .logSearch: editLogSearch(&state, text, submitted: true)
            }
            return []
        case .edited:
            state.overlay = .input(line)
            applyLiveFilter(&state, line)
            return []
        }
    }

    /// The filter applies while it is typed.
    private static func applyLiveFilter(_ state: inout ConsoleState, _ line: InputLine) {
        if case .logSearch = line.kind { editLogSearch(&state, line.text, submitted: false); return }
        guard case let .filter(pane) = line.kind else { return }
        state.filters[pane] = line.text.isEmpty ? nil : line.text
        syncSelection(&state)
    }

    private static func runCommand(_ state: inout ConsoleState, _ text: String) -> [ConsoleEffect] {
        switch Command.parse(text) {
        case let .failure(error):
            if error != .empty { state.statusLine = StatusMessage(error.description, isError: true) }
            return []
        case let .success(command):
            switch command {
            case .quit: return quit(&state)
            case .help: state.overlay = .help
            case .focusNamespaces:
                state.screen = .main
                state.focus = .namespaces
            case let .namespace(scope):
                state.screen = .main
                state.focus = .deliveries
                setScope(&state, scope)
            case .contextList: openContextList(&state)
            case let .context(name): return switchContext(&state, name)
            case let .addContext(name): return addContext(&state, name)
            case let .removeContext(name): return removeContext(&state, name)
            }
            return []
        }
    }
}
