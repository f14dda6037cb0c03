/// A terminal colour: the terminal's own default, or a palette index (0-255).
///
/// `default` is transparent: the terminal's configured foreground or background, so a
/// theme using it looks right on any terminal background (curses colour -1).
public enum Color: Hashable, Sendable, CustomStringConvertible {
    case `default`
    case index(Int)

    /// The sixteen ANSI colour names, in palette order.
    public static let names = [
        "black", "red", "green", "yellow", "blue", "magenta", "cyan", "white",
        "brightBlack", "brightRed", "brightGreen", "brightYellow",
        "brightBlue", "brightMagenta", "brightCyan", "brightWhite",
    ]

    /// Parses `default`, an ANSI colour name (`red`, `brightBlue`, also `bright-blue`) or an index 0-255.
    public init?(parsing text: String) {
        let key = String(text.filter { $0 != "-" && $0 != "_" }).lowercased()
        if key == "default" {
            self = .default
        } else if let number = Int(key), (0...255).contains(number) {
            self = .index(number)
        } else if let named = Color.names.firstIndex(where: { $0.lowercased() == key }) {
            self = .index(named)
        } else {
            return nil
        }
    }

    /// The curses colour number: -1 for the default colour.
    public var cursesNumber: Int {
        switch self {
        case .default: return -1
        case .index(let n): return n
        }
    }

    public var description: String {
        switch self {
        case .default: return "default"
        case .index(let n): return n < 16 ? Color.names[n] : String(n)
        }
    }
}

/// Text attributes a terminal can show without colour.
public struct Attributes: OptionSet, Hashable, Sendable, CustomStringConvertible {
    public let rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }

    public static let bold = Attributes(rawValue: 1 << 0)
    public static let dim = Attributes(rawValue: 1 << 1)
    public static let reverse = Attributes(rawValue: 1 << 2)
    public static let underline = Attributes(rawValue: 1 << 3)
    public static let italic = Attributes(rawValue: 1 << 4)
    public static let blink = Attributes(rawValue: 1 << 5)

    /// Names as written in theme files, in a stable order.
    public static let named: [(String, Attributes)] = [
        ("bold", .bold), ("dim", .dim), ("reverse", .reverse),
        ("underline", .underline), ("italic", .italic), ("blink", .blink),
    ]

    public var description: String {
        let words = Attributes.named.filter { contains($0.1) }.map(\.0)
        return words.isEmpty ? "plain" : words.joined(separator: "+")
    }
}

/// How a cell looks: foreground, background and attributes.
public struct Style: Hashable, Sendable, CustomStringConvertible {
    public var foreground: Color
    public var background: Color
    public var attributes: Attributes

    public init(foreground: Color = .default, background: Color = .default, attributes: Attributes = []) {
        self.foreground = foreground
        self.background = background
        self.attributes = attributes
    }

    /// The terminal's own colours, no attributes.
    public static let plain = Style()

    public var description: String {
        "fg=\(foreground) bg=\(background) \(attributes)"
    }
}

/// What a terminal can show: 256 colours, the 8 ANSI colours, or none (attributes only).
public enum ColorCapability: String, CaseIterable, Hashable, Sendable {
    case colors256 = "256"
    case colors8 = "8"
    case none

    /// The capability for a terminal reporting `colors` colours (curses `COLORS` after
    /// `start_color`), unless colour is disabled (`NO_COLOR`, `--no-color`).
    public static func detect(terminalColors colors: Int, colorDisabled: Bool) -> ColorCapability {
        if colorDisabled { return .none }
        if colors >= 256 { return .colors256 }
        if colors >= 8 { return .colors8 }
        return .none
    }

    /// Whether the environment asks for no colour: `NO_COLOR` present and not empty (no-color.org).
    public static func noColorRequested(environment: [String: String]) -> Bool {
        guard let value = environment["NO_COLOR"] else { return false }
        return !value.isEmpty
    }
}
