import TerminalUI

/// The footer's hints and the help overlay's sections, both read from the key table, so
/// they show exactly the keys that work.
enum FooterHints {
    /// The keys valid here and now: the scope's footer keys, without mutations that the
    /// target's plans disable (their reasons are in the summary pane and the status line).
    static func hints(_ state: ConsoleState) -> [KeyHint] {
        if case let .input(line) = state.overlay {
            if case .command = line.kind { return [KeyHint("enter", "run"), KeyHint("esc", "cancel")] }
            return [KeyHint("enter", "keep filter"), KeyHint("esc", "restore"), KeyHint("!", "invert")]
        }
        let target = state.targetRow
        // A deleted object offers no actions, and the footer says why.
        let deleted = state.deletedDetail.map { _ in [KeyHint("", "deleted: no actions")] } ?? []
        let shown = state.keys.bindings(in: state.keyScope, readOnly: state.readOnly).filter { binding in
            guard binding.inFooter, !binding.keys.isEmpty else { return false }
            guard let kind = MutationKind(binding.action) else { return true }
            return target.map { $0.plan(kind).disabledReason == nil } ?? false
        }
        // Help first (it lists everything else), then what changes the cluster, then the rest:
        // a narrow footer cuts from the right.
        let ordered = shown.filter { $0.action == .help } + shown.filter(\.isMutation)
            + shown.filter { $0.action != .help && !$0.isMutation }
        return deleted + ordered.map { KeyHint($0.keys[0], $0.hint) }
    }

    /// The `?` overlay: the current scope first, then every other scope's keys.
    static func helpSections(_ state: ConsoleState) -> [HelpSection] {
        let current: KeyScope = {
            if case .detail = state.screen { return .detail }
            return state.focus == .namespaces ? .namespaces : .deliveries
        }()
        let order = [current] + KeyScope.allCases.filter { $0 != current && $0 != .help }
        return order.map { scope in
            HelpSection(scope.title, state.keys.bindings(in: scope, readOnly: state.readOnly).filter { !$0.keys.isEmpty }
                .map { KeyHint($0.keyText, $0.description) })
        }
    }
}

extension ConsoleState {
    /// Lines of the `?` overlay in one column: how far it can scroll (the overlay itself stops
    /// at its last page).
    var helpLineCount: Int { FooterHints.helpSections(self).reduce(0) { $0 + $1.hints.count + 2 } }
}
