import TerminalUI

/// One row of the key table: the keys, what they do, where, and how they are shown.
public struct KeyBinding: Sendable, Hashable {
    /// The keys, as TerminalUI's decoder delivers them; written in hints and docs by their
    /// `description` (`j`, `down`, `enter`, `ctrl-c`, `P`).
    public var keys: [KeyEvent]
    public var action: ConsoleAction
    /// Short text for the footer (`promote`).
    public var hint: String
    /// Longer text for the `?` overlay and docs/keys.md.
    public var description: String
    public var scopes: Set<KeyScope>
    /// Shown in the footer (movement keys are not: every operator knows them).
    public var inFooter: Bool

    public init(_ keys: [KeyEvent], _ action: ConsoleAction, hint: String, _ description: String,
                scopes: Set<KeyScope>, inFooter: Bool = true) {
        self.keys = keys
        self.action = action
        self.hint = hint
        self.description = description
        self.scopes = scopes
        self.inFooter = inFooter
    }

    /// The keys as written in hints: `j/down`.
    public var keyText: String { keys.map(\.description).joined(separator: "/") }

    /// Whether the action changes the cluster (hidden and refused under `--readonly`).
    public var isMutation: Bool { action.isMutation }
}
