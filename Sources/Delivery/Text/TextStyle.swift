import GlyphSet

/// How plugin-style text is drawn: the glyph set and whether ANSI colours are on.
/// Colours follow the plugin's `colorMapping`; with colour on, words without a colour are still
/// wrapped in `ESC[0m…ESC[0m` as upstream does.
public struct TextStyle: Sendable, Hashable {
    public var glyphs: Glyphs
    public var color: Bool

    public init(glyphs: Glyphs = .plugin, color: Bool = false) {
        self.glyphs = glyphs
        self.color = color
    }

    /// `--no-color` output with the plugin's characters (what the fixtures hold).
    public static let plain = TextStyle()

    /// The ANSI foreground code the plugin gives a status icon, role tag or phase word.
    static func code(for word: String) -> Int {
        switch word {
        case "waiting", "unknown", "canary": 33
        case "progressing", "preview", "ping", "pong", "Pending", "Running": 94
        case "warning", "bad": 31
        case "ok", "stable", "active": 32
        default: 0
        }
    }

    /// Wraps `text` in the colour of `word` (a tag, a phase, or an icon's name) when colour is on.
    func paint(_ text: String, as word: String) -> String {
        guard color else { return text }
        return "\u{1B}[\(TextStyle.code(for: word))m\(text)\u{1B}[0m"
    }

    /// The icon of a status, coloured.
    func icon(_ icon: StatusIcon) -> String {
        paint(glyphs.icon(icon), as: icon.rawValue)
    }

    /// `├──` / `└──` and the prefix for the children of that row.
    func branches(last: Bool, _ prefix: String) -> (String, String) {
        last ? (prefix + glyphs.treeLast, prefix + glyphs.treeSpace) : (prefix + glyphs.treeBranch, prefix + glyphs.treePipe)
    }
}
