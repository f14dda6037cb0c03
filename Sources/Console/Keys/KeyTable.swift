import TerminalUI

/// The one key table: it drives dispatch, the footer hints, the `?` overlay, `--readonly`
/// filtering, config remapping and docs/keys.md, so they can never disagree.
public struct KeyTable: Sendable, Hashable {
    public private(set) var bindings: [KeyBinding]

    public init(bindings: [KeyBinding]) { self.bindings = bindings }

    private static let lists: Set<KeyScope> = [.namespaces, .deliveries, .detail, .logs, .help, .contexts]
    private static let objects: Set<KeyScope> = [.deliveries, .detail]
    private static let screens: Set<KeyScope> = [.namespaces, .deliveries, .detail, .logs, .help]

    /// The defaults documented in the README.
    public static let defaults = KeyTable(bindings: [
        KeyBinding([.char("j"), .special(.down)], .down, hint: "down", "move down one row", scopes: lists, inFooter: false),
        KeyBinding([.char("k"), .special(.up)], .up, hint: "up", "move up one row", scopes: lists, inFooter: false),
        KeyBinding([.char("g"), .special(.home)], .top, hint: "top", "go to the first row", scopes: lists, inFooter: false),
        KeyBinding([.char("G"), .special(.end)], .bottom, hint: "bottom", "go to the last row", scopes: lists, inFooter: false),
        KeyBinding([.special(.pageDown), .ctrl("f")], .pageDown, hint: "page down", "move down one page", scopes: lists, inFooter: false),
        KeyBinding([.special(.pageUp), .ctrl("b")], .pageUp, hint: "page up", "move up one page", scopes: lists, inFooter: false),
        KeyBinding([.special(.enter)], .open, hint: "open",
                   "namespaces: show that namespace's rollouts; rollouts: open the detail", scopes: [.namespaces, .deliveries]),
        KeyBinding([.special(.escape)], .back, hint: "back",
                   "go back: close the detail, clear the filter, leave the pane, close the list", scopes: screens.union([.contexts])),
        KeyBinding([.char("F")], .fleet, hint: "fleet",
                   "the selected application in every cluster: status, step, weight, ready and who waits in each",
                   scopes: [.deliveries, .detail], inFooter: false),
        KeyBinding([.special(.tab)], .nextPane, hint: "pane", "move focus between the namespaces pane and the rollouts list",
                   scopes: [.namespaces, .deliveries]),
        KeyBinding([.char("/")], .filter, hint: "filter",
                   "filter rows by substring (case-insensitive); a leading ! keeps the rows that do not match",
                   scopes: [.namespaces, .deliveries]),
        KeyBinding([.char("s")], .sortNext, hint: "sort", "sort by the next column", scopes: [.deliveries]),
        KeyBinding([.char("S")], .sortReverse, hint: "reverse", "reverse the sort order", scopes: [.deliveries], inFooter: false),
        KeyBinding([.char("d")], .diff, hint: "diff",
                   "what changes: the serving revision's pod template against the new one's, as a unified diff (d or esc: back)",
                   scopes: objects, inFooter: false),
        KeyBinding([.char("A")], .analysis, hint: "analysis",
                   "every measurement of each metric, charted, with its conditions and limits (A or esc: back)",
                   scopes: objects, inFooter: false),
        KeyBinding([.char("l")], .logs, hint: "logs",
                   "the new revision's pods' logs (canary, preview) against the serving one's (stable, active, primary), followed (l or esc: back)",
                   scopes: [.deliveries, .detail, .logs], inFooter: false),
        KeyBinding([.char("v")], .logLayout, hint: "merge/split", "side by side (new left, serving right) or merged in time order",
                   scopes: [.logs]),
        KeyBinding([.char("c")], .logContainer, hint: "container", "read the pods' next container", scopes: [.logs]),
        KeyBinding([.char("/")], .logSearch, hint: "search", "search the lines (case-insensitive): matches highlighted, the newest shown",
                   scopes: [.logs]),
        KeyBinding([.char("n")], .searchNext, hint: "next", "the next (newer) line matching the search", scopes: [.logs], inFooter: false),
        KeyBinding([.char("N")], .searchPrevious, hint: "previous", "the previous (older) line matching the search", scopes: [.logs],
                   inFooter: false),
        KeyBinding([.char("w")], .logWrap, hint: "wrap", "wrap long lines, or cut them at the pane's edge", scopes: [.logs]),
        KeyBinding([.char(" ")], .logPause, hint: "pause",
                   "pause the screen (the streams go on being read and counted) or resume", scopes: [.logs]),
        KeyBinding([.char("p")], .logPrevious, hint: "previous",
                   "the previous (crashed) instance of each pod that restarted (--previous), or back to the running ones", scopes: [.logs]),
        KeyBinding([.char("p")], .promote, hint: "promote",
                   "Rollout: promote to the next step or resume a pause; Canary: approve the gate it waits on",
                   scopes: objects),
        KeyBinding([.char("P")], .promoteFull, hint: "promote full",
                   "Rollout: skip all remaining steps and analysis; Canary: skip the rest of the analysis",
                   scopes: objects),
        KeyBinding([.char("a")], .abort, hint: "abort", "Rollout: abort back to stable; Canary: roll back", scopes: objects),
        KeyBinding([.char("r")], .retry, hint: "retry", "retry an aborted Rollout or a failed Canary", scopes: objects),
        KeyBinding([.char("R")], .restart, hint: "restart", "restart the pods (Rollout restartAt; Canary target restart)",
                   scopes: objects),
        KeyBinding([.char("u")], .undo, hint: "undo", "roll the Rollout back to the previous revision", scopes: objects),
        KeyBinding([.char("z")], .pauseToggle, hint: "pause", "pause, or unpause, the Rollout or Canary", scopes: objects),
        KeyBinding([.char("i")], .setImage, hint: "image",
                   "Rollout: set a container's image; the line starts with the first container's CONTAINER=IMAGE (the plugin's PUT of the whole Rollout)",
                   scopes: objects),
        KeyBinding([.char("T")], .terminate, hint: "terminate", "Rollout detail: terminate its newest running AnalysisRun",
                   scopes: [.detail]),
        KeyBinding([.char(" "), .special(.enter)], .toggleContext, hint: "show/hide",
                   "show the context's cluster beside the others, or stop showing it", scopes: [.contexts]),
        KeyBinding([.char("o")], .onlyContext, hint: "only", "show that context alone (as :ctx NAME)", scopes: [.contexts]),
        KeyBinding([.char(":")], .command, hint: "command", "command line: :ns NAME, :ns all, :ctx (the contexts list), :ctx NAME, :ctx +NAME, :ctx -NAME, :q", scopes: screens),
        KeyBinding([.char("?")], .help, hint: "help", "show or hide this help", scopes: screens),
        KeyBinding([.char("m")], .messages, hint: "messages", "show or hide the recent status-line messages in full, newest first",
                   scopes: screens, inFooter: false),
        KeyBinding([.char("q"), .ctrl("c")], .quit, hint: "quit", "quit and restore the terminal", scopes: screens),
        KeyBinding([.special(.tab), .special(.left), .special(.right), .char("h"), .char("l")], .dialogToggle, hint: "switch",
                   "move focus between Cancel and the action", scopes: [.dialog]),
        KeyBinding([.special(.enter)], .dialogConfirm, hint: "choose", "press the focused button (Cancel is focused first)",
                   scopes: [.dialog]),
        KeyBinding([.special(.escape), .char("q")], .dialogCancel, hint: "cancel", "cancel: send nothing", scopes: [.dialog]),
    ])

    /// The binding of `key` in `scope`, if any; mutations are absent when `readOnly`.
    public func binding(for key: KeyEvent, in scope: KeyScope, readOnly: Bool) -> KeyBinding? {
        bindings.first { $0.scopes.contains(scope) && $0.keys.contains(key) && !(readOnly && $0.isMutation) }
    }

    /// The bindings valid in `scope`, in table order; mutations are absent when `readOnly`.
    public func bindings(in scope: KeyScope, readOnly: Bool) -> [KeyBinding] {
        bindings.filter { $0.scopes.contains(scope) && !(readOnly && $0.isMutation) }
    }

    /// The `?` overlay's sections: `first` (the scope the operator is in), then every other
    /// scope but the help's own, each with its bound keys in table order.
    public func helpSections(first: KeyScope, readOnly: Bool) -> [(scope: KeyScope, bindings: [KeyBinding])] {
        let order = [first] + KeyScope.allCases.filter { $0 != first && $0 != .help }
        return order.map { scope in (scope, bindings(in: scope, readOnly: readOnly).filter { !$0.keys.isEmpty }) }
    }

    /// The first key bound to `action` (for hints in messages), if any.
    public func key(for action: ConsoleAction) -> KeyEvent? {
        bindings.first { $0.action == action }?.keys.first
    }

    /// Whether any binding, in any scope, uses `key`.
    public func binds(_ key: KeyEvent) -> Bool {
        bindings.contains { $0.keys.contains(key) }
    }

    /// The table with `overrides` (action name → key names, as the config file writes them)
    /// applied: each name is resolved to the key the decoder delivers here, once, so a bad
    /// name is refused when the config loads, never at a key press. A remapped key is taken
    /// away from any other binding that shares a scope with it, so one key never means two things.
    public func applying(_ overrides: [String: [String]]) throws(KeyTableError) -> KeyTable {
        var table = self
        for (name, names) in overrides.sorted(by: { $0.key < $1.key }) {
            guard let action = ConsoleAction(rawValue: name) else { throw .unknownAction(name) }
            guard !names.isEmpty else { throw .noKeys(name) }
            // A key must read back as the name the decoder gives it, or it could never be pressed.
            let keys = try names.map { key throws(KeyTableError) -> KeyEvent in
                guard let event = KeyEvent(name: key), event.description == key else { throw .unknownKey(key, action: name) }
                return event
            }
            guard let index = table.bindings.firstIndex(where: { $0.action == action }) else { throw .unknownAction(name) }
            let scopes = table.bindings[index].scopes
            for i in table.bindings.indices where i != index && !table.bindings[i].scopes.isDisjoint(with: scopes) {
                table.bindings[i].keys.removeAll { keys.contains($0) }
            }
            table.bindings[index].keys = keys
        }
        return table
    }

    /// docs/keys.md: every binding, grouped by scope, as a Markdown table.
    public func markdown() -> String {
        var out = "# rollscope keys\n\nGenerated from the key table (`KeyTable.defaults`); a test checks that this file matches it.\n"
        out += "Every key can be remapped in `config.yaml` under `keys:` (action name: [keys]). `--readonly` removes the mutating keys.\n"
        for scope in KeyScope.allCases {
            out += "\n## \(scope.title)\n\n| Keys | Action | What it does |\n|---|---|---|\n"
            for b in bindings where b.scopes.contains(scope) && !b.keys.isEmpty {
                let keys = b.keys.map { "`\($0.description)`" }.joined(separator: ", ")
                out += "| \(keys) | \(b.action.rawValue)\(b.isMutation ? " (mutates, confirms)" : "") | \(b.description) |\n"
            }
        }
        return out
    }
}

/// A key override the table cannot apply.
public enum KeyTableError: Error, Equatable, CustomStringConvertible {
    case unknownAction(String)
    case unknownKey(String, action: String)
    case noKeys(String)

    public var description: String {
        switch self {
        case let .unknownAction(name): "keys: unknown action \"\(name)\" (known: \(ConsoleAction.allCases.map(\.rawValue).joined(separator: ", ")))"
        case let .unknownKey(key, action): "keys: \(action): unknown key name \"\(key)\""
        case let .noKeys(name): "keys: \(name): give at least one key"
        }
    }
}
