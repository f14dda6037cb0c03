/// A key named independently of the terminal that produced it.
public enum Key: Hashable, Sendable {
    /// A printable character (for letters with ctrl, the lowercase letter).
    case character(Character)
    case up, down, left, right
    case home, end, pageUp, pageDown
    case insert, delete, backspace
    case enter, tab, escape
    /// Shift-tab.
    case backTab
    /// F1 ... F24.
    case function(Int)
}

/// Modifier keys held with a key.
public struct KeyModifiers: OptionSet, Hashable, Sendable {
    public let rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }
    public static let shift = KeyModifiers(rawValue: 1)
    public static let alt = KeyModifiers(rawValue: 2)
    public static let ctrl = KeyModifiers(rawValue: 4)

    /// From an xterm modifier parameter (`CSI 1;5A`: 1 + shift + 2·alt + 4·ctrl).
    public init(xtermParameter: Int) {
        let bits = max(0, xtermParameter - 1)
        var result: KeyModifiers = []
        if bits & 1 != 0 { result.insert(.shift) }
        if bits & 2 != 0 { result.insert(.alt) }
        if bits & 4 != 0 { result.insert(.ctrl) }
        self = result
    }
}

/// A mouse action at a cell (only reported when the mouse was asked for).
public struct MouseEvent: Hashable, Sendable {
    /// What the mouse did: button 1 pressed, released or double-clicked, button 3
    /// pressed, or the wheel turned.
    public enum Kind: Hashable, Sendable {
        case press, release, doubleClick, rightPress, wheelUp, wheelDown
    }
    public var kind: Kind
    public var x: Int
    public var y: Int

    public init(kind: Kind, x: Int, y: Int) {
        self.kind = kind
        self.x = x
        self.y = y
    }
}

/// One input event: a key with modifiers, a whole pasted text, a terminal resize, or a
/// mouse action (only when the mouse is enabled).
///
/// Pasted text (bracketed paste) arrives as one `.paste` and never as keys, so a paste
/// can never fire single-key actions. `description` gives the key's name as written in
/// key tables and help (`q`, `ctrl-d`, `alt-x`, `shift-tab`, `F5`, `pgdn`), and
/// `init?(name:)` parses those names back.
public enum KeyEvent: Hashable, Sendable, CustomStringConvertible {
    case key(Key, KeyModifiers)
    case paste(String)
    case resize
    case mouse(MouseEvent)

    /// A plain character key.
    public static func char(_ character: Character) -> KeyEvent { .key(.character(character), []) }
    /// Ctrl and a letter.
    public static func ctrl(_ character: Character) -> KeyEvent { .key(.character(character), .ctrl) }
    /// Alt and a character.
    public static func alt(_ character: Character) -> KeyEvent { .key(.character(character), .alt) }
    /// A special key without modifiers.
    public static func special(_ key: Key) -> KeyEvent { .key(key, []) }

    private static let specialNames: [(String, Key)] = [
        ("up", .up), ("down", .down), ("left", .left), ("right", .right),
        ("home", .home), ("end", .end), ("pgup", .pageUp), ("pgdn", .pageDown),
        ("insert", .insert), ("delete", .delete), ("backspace", .backspace),
        ("enter", .enter), ("tab", .tab), ("esc", .escape), ("backtab", .backTab), ("space", .character(" ")),
    ]

    public var description: String {
        switch self {
        case .paste(let text): return "paste(\(text.count) characters)"
        case .resize: return "resize"
        case .mouse(let event): return "mouse-\(event.kind)@\(event.x),\(event.y)"
        case .key(let key, let modifiers):
            if key == .backTab, modifiers.isEmpty { return "shift-tab" }
            var name: String
            if let special = KeyEvent.specialNames.first(where: { $0.1 == key }) {
                name = special.0
            } else if case .function(let n) = key {
                name = "F\(n)"
            } else if case .character(let c) = key {
                name = String(c)
            } else {
                name = "?"
            }
            if modifiers.contains(.shift) { name = "shift-" + name }
            if modifiers.contains(.alt) { name = "alt-" + name }
            if modifiers.contains(.ctrl) { name = "ctrl-" + name }
            return name
        }
    }

    /// Parses a key name as printed by `description` (`ctrl-d`, `alt-shift-up`, `F5`, `shift-tab`, `G`).
    public init?(name: String) {
        var parts = name.split(separator: "-", omittingEmptySubsequences: false).map(String.init)
        // A trailing "-" key itself: "ctrl--" splits into ["ctrl", "", ""].
        if parts.count >= 2, parts.suffix(2) == ["", ""] { parts.removeLast(2); parts.append("-") }
        guard let last = parts.popLast(), !last.isEmpty else { return nil }
        var modifiers: KeyModifiers = []
        for part in parts {
            switch part.lowercased() {
            case "ctrl", "c": modifiers.insert(.ctrl)
            case "alt", "m", "meta": modifiers.insert(.alt)
            case "shift", "s": modifiers.insert(.shift)
            default: return nil
            }
        }
        if last.lowercased() == "tab", modifiers == .shift { self = .key(.backTab, []); return }
        if let special = KeyEvent.specialNames.first(where: { $0.0 == last.lowercased() }) {
            self = .key(special.1, modifiers)
        } else if last.count > 1, last.first == "F" || last.first == "f", let n = Int(last.dropFirst()), (1...24).contains(n) {
            self = .key(.function(n), modifiers)
        } else if last.count == 1, let c = last.first {
            self = .key(.character(modifiers.contains(.ctrl) ? Character(c.lowercased()) : c), modifiers)
        } else {
            return nil
        }
    }
}
