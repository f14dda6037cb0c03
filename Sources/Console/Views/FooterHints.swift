import TerminalUI

/// The footer's hints and the help overlay's sections, both read from the key table, so
/// they show exactly the keys that work.
enum FooterHints {
    /// The keys valid here and now: the scope's footer keys, without mutations that the
    /// target's plans disable (their reasons are in the summary pane and the status line);
    /// `plans` is the frame's sheet, when it has one.
    static func hints(_ state: ConsoleState, plans: PlanSheet? = nil) -> [KeyHint] {
        if case let .input(line) = state.overlay {
            switch line.kind {
            case .command: return [KeyHint("enter", "run"), KeyHint("esc", "cancel")]
            case .argument: return [KeyHint("enter", "review"), KeyHint("esc", "cancel")]
            case .filter: return [KeyHint("enter", "keep filter"), KeyHint("esc", "restore"), KeyHint("!", "invert")]
            case .logSearch: return [KeyHint("enter", "newest match"), KeyHint("esc", "restore")]
            }
        }
        let target = state.targetRow
        let plans = plans ?? PlanSheet(state)
        // A deleted object offers no actions, and the footer says why.
        let deleted = state.deletedDetail.map { _ in [KeyHint("", "deleted: no actions")] } ?? []
        let shown = state.keys.bindings(in: state.keyScope, readOnly: state.readOnly).filter { binding in
            guard binding.inFooter || showsFleetKey(binding, state), !binding.keys.isEmpty else { return false }
            guard let kind = MutationKind(binding.action) else { return true }
            return target.map { plans.plan(kind, for: $0).disabledReason == nil && state.readOnlyReason($0.ref.cluster) == nil } ?? false
        }
        // Help first (it lists everything else), then what changes the cluster, then the rest:
        // a narrow footer cuts from the right.
        let ordered = shown.filter { $0.action == .help } + shown.filter(\.isMutation)
            + shown.filter { $0.action != .help && !$0.isMutation }
        return deleted + ordered.map { KeyHint($0.keys[0].description, $0.hint) }
    }

    /// `F` is hinted where several clusters are shown (one cluster has no fleet to line up),
    /// except on the fleet screen itself.
    private static func showsFleetKey(_ binding: KeyBinding, _ state: ConsoleState) -> Bool {
        guard binding.action == .fleet, state.isFleet else { return false }
        if case .fleet = state.screen { return false }
        return true
    }

    /// The `?` overlay: the key table's sections, the current screen's scope first.
    static func helpSections(_ state: ConsoleState) -> [HelpSection] {
        state.keys.helpSections(first: state.screenKeyScope, readOnly: state.readOnly).map { section in
            HelpSection(section.scope.title, section.bindings.map { KeyHint($0.keyText, $0.description) })
        }
    }
}
