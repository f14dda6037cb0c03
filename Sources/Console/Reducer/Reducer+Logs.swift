import Foundation

/// The log page (`l`): opening it, its keys, the lines and stream ends the source reports, and
/// the `.logStreams` effect that keeps exactly the needed streams open (none once it is left).
extension Reducer {
    /// A `.logStreams` effect when the needed streams differ from those last asked for.
    static func syncLogStreams(_ state: inout ConsoleState) -> [ConsoleEffect] {
        let needed = state.neededLogStreams
        if needed.isEmpty, state.detailPage != .logs { state.logView = nil }
        guard needed != state.logStreams else { return [] }
        state.logStreams = needed
        return [.logStreams(needed)]
    }

    static func receiveLogLines(_ state: inout ConsoleState, _ spec: LogStreamSpec, _ lines: [String]) {
        guard state.logStreams.contains(spec), var view = state.logView else { return }
        state.logView = nil // the buffers are mutated in place, not copied
        view.receive(lines, side: spec.side, pod: spec.pod, container: spec.container, arrived: state.now)
        state.logView = view
    }

    /// A stream that ended cleanly while its pod still runs is opened again from its last line
    /// (the container restarted: its new instance is followed); an error stays in its pane.
    static func logStreamEnded(_ state: inout ConsoleState, _ spec: LogStreamSpec, error: String?) {
        guard state.logStreams.contains(spec), var view = state.logView else { return }
        if let error {
            view.notes[spec.key] = error
        } else if !spec.previous {
            let since = view.buffer(spec.side).lines.last { $0.pod == spec.pod && $0.container == spec.container }?.time
            view.reopened[spec.key] = LogView.Reopen(generation: spec.generation + 1, since: since)
        }
        state.logView = view
    }

    /// `l`: on the list, open the row's detail at its log page; in the detail, show the log page, or leave it.
    static func toggleLogs(_ state: inout ConsoleState) {
        if case .main = state.screen {
            guard state.focus == .deliveries, let row = state.targetRow else { return }
            state.screen = .detail(row.ref)
            state.detail = nil
            state.detailScroll = 0
        }
        guard case .detail = state.screen else { return }
        if state.detailPage == .logs {
            state.detailPage = .overview
        } else {
            state.detailPage = .logs
            state.logView = LogView(limit: state.logLineLimit)
        }
        state.detailScroll = 0
    }

    /// The log page's own keys.
    static func performLogAction(_ state: inout ConsoleState, _ action: ConsoleAction) {
        guard var view = state.logView else { return }
        switch action {
        case .logLayout:
            view.layout = view.layout == .merged ? .sideBySide : .merged
        case .logWrap:
            view.wrap.toggle()
        case .logPause:
            view.pausedAt = view.pausedAt == nil ? view.nextSeq : nil
        case .logContainer:
            let all = state.logContainers
            guard all.count > 1 else {
                state.statusLine = StatusMessage("logs: the pods have one container\(all.first.map { " (\($0))" } ?? "")")
                return
            }
            let current = view.container.flatMap { all.firstIndex(of: $0) } ?? 0
            view.clear()
            view.container = all[(current + 1) % all.count]
            state.statusLine = StatusMessage("logs: container \(view.container ?? "")")
        case .logPrevious:
            let restarted = (state.detail?.logSides).map { ($0.new + $0.old).contains { $0.restarts.values.contains { $0 > 0 } } } ?? false
            guard view.previous || restarted else {
                state.statusLine = StatusMessage("logs: no pod here restarted: there is no previous instance", isError: true)
                return
            }
            view.clear()
            view.previous.toggle()
            state.statusLine = StatusMessage(view.previous ? "logs: the previous instance of each restarted pod" : "logs: the running instances")
        case .logSearch:
            state.overlay = .input(InputLine(kind: .logSearch, text: view.search ?? "", previous: view.search ?? ""))
        case .searchNext, .searchPrevious:
            guard view.search?.isEmpty == false else {
                state.statusLine = StatusMessage("logs: no search (/ to search)", isError: true)
                return
            }
            if !view.jumpToMatch(forward: action == .searchNext) {
                state.statusLine = StatusMessage("logs: no \(action == .searchNext ? "later" : "earlier") line matches \"\(view.search ?? "")\"")
            }
        case .down: view.scroll(by: 1)
        case .up: view.scroll(by: -1)
        case .pageDown: view.scroll(by: state.pageSize)
        case .pageUp: view.scroll(by: -state.pageSize)
        case .top: view.scroll(by: Int.min / 2)
        case .bottom: view.end = nil
        default: return
        }
        state.logView = view
    }

    /// The search line, typed: matches highlight as it is typed; enter jumps to the newest match.
    static func editLogSearch(_ state: inout ConsoleState, _ text: String, submitted: Bool) {
        state.logView?.search = text.isEmpty ? nil : text
        guard submitted, state.logView?.search != nil else { return }
        state.logView?.end = nil
        if state.logView?.jumpToMatch(forward: false, includingCurrent: true) == false {
            state.statusLine = StatusMessage("logs: no line matches \"\(text)\"")
        }
    }
}
