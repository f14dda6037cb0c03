/// The characters rollscope draws with, defined once for the command line's text and the
/// console: the Argo Rollouts plugin's status and kind icons, tree guide lines, frames,
/// gauges and markers, in three sets.
///
/// - `plugin`: the plugin's own characters (`info.go`, `get.go`), which `rollscope get`
///   prints so that its text is the plugin's byte for byte.
/// - `unicode`: the console's; the plugin's but for the paused icon (see `paused`).
/// - `ascii`: one ASCII character for each, for a locale that is not UTF-8 or `--ascii`.
///
/// Every glyph of every set is one column wide, so layouts do not change with the set.
/// The ASCII set is chosen when the locale's codeset is not UTF-8 (an SSH session whose
/// forwarded locale is not installed on the host reports `ANSI_X3.4-1968`, and ncurses
/// then blanks every non-ASCII character) or when the user passes `--ascii`.
public struct Glyphs: Hashable, Sendable {
    /// Which set this is.
    public var isASCII: Bool

    // Status icons (plugin `info.go`).
    /// Healthy, successful, running pod.
    public var ok: String
    /// Degraded, failed.
    public var bad: String
    /// Progressing.
    public var progressing: String
    /// Pending, waiting.
    public var waiting: String
    /// Error, warning.
    public var warning: String
    /// Paused. The plugin prints U+0965 DEVANAGARI DOUBLE DANDA, which most Latin
    /// monospace fonts lack (a box over SSH); the console draws U+2016 DOUBLE VERTICAL
    /// LINE, which looks the same.
    public var paused: String
    /// Unknown, inconclusive.
    public var unknown: String
    /// Neutral, scaled down.
    public var neutral: String

    // Kind icons (plugin `get.go`; Flagger's tree borrows the Rollout's and ReplicaSet's).
    public var rollout: String
    public var revision: String
    public var replicaSet: String
    public var pod: String
    public var job: String
    public var experiment: String
    public var analysisRun: String
    public var service: String
    public var canary: String
    public var deployment: String

    // Tree guide lines, each three columns wide like the plugin's.
    /// A child that has siblings after it: `├──`.
    public var treeBranch: String
    /// The last child: `└──`.
    public var treeLast: String
    /// Continuation under a child with later siblings: `│  `.
    public var treePipe: String
    /// Continuation under a last child.
    public var treeSpace: String

    // Frames.
    public var horizontal: String
    public var vertical: String
    public var topLeft: String
    public var topRight: String
    public var bottomLeft: String
    public var bottomRight: String

    // Gauges, markers, scrolling.
    public var gaugeFilled: String
    public var gaugeEmpty: String
    /// Marks the selected row.
    public var pointer: String
    /// Ends text cut short.
    public var ellipsis: String
    /// More content above / below.
    public var scrollUp: String
    public var scrollDown: String
    /// Separates items in hint lines.
    public var separator: String
    /// Collapsed / expanded tree node markers.
    public var collapsed: String
    public var expanded: String

    /// The plugin's own characters.
    public static let plugin = Glyphs(
        isASCII: false,
        ok: "✔", bad: "✖", progressing: "◌", waiting: "◷", warning: "⚠", paused: "॥", unknown: "?", neutral: "•",
        rollout: "⟳", revision: "#", replicaSet: "⧉", pod: "□", job: "⊞", experiment: "Σ", analysisRun: "α", service: "⑃",
        canary: "⟳", deployment: "⧉",
        treeBranch: "├──", treeLast: "└──", treePipe: "│  ", treeSpace: "   ",
        horizontal: "─", vertical: "│", topLeft: "┌", topRight: "┐", bottomLeft: "└", bottomRight: "┘",
        gaugeFilled: "█", gaugeEmpty: "░", pointer: "▶", ellipsis: "…", scrollUp: "▲", scrollDown: "▼",
        separator: "│", collapsed: "▸", expanded: "▾")

    /// The console's UTF-8 set: the plugin's, with a paused icon every font has.
    public static let unicode: Glyphs = {
        var glyphs = plugin
        glyphs.paused = "‖"
        return glyphs
    }()

    /// The ASCII set.
    public static let ascii = Glyphs(
        isASCII: true,
        ok: "+", bad: "x", progressing: "o", waiting: ".", warning: "!", paused: "=", unknown: "?", neutral: "-",
        rollout: "@", revision: "#", replicaSet: "&", pod: "*", job: "J", experiment: "E", analysisRun: "A", service: "S",
        canary: "@", deployment: "&",
        treeBranch: "|--", treeLast: "`--", treePipe: "|  ", treeSpace: "   ",
        horizontal: "-", vertical: "|", topLeft: "+", topRight: "+", bottomLeft: "+", bottomRight: "+",
        gaugeFilled: "#", gaugeEmpty: ".", pointer: ">", ellipsis: "~", scrollUp: "^", scrollDown: "v",
        separator: "|", collapsed: "+", expanded: "-")

    /// The console's set for a locale codeset (`nl_langinfo(CODESET)`), or ASCII when forced.
    public static func forCodeset(_ codeset: String?, forceASCII: Bool = false) -> Glyphs {
        if forceASCII { return .ascii }
        guard let codeset else { return .ascii }
        let normalized = String(codeset.lowercased().filter { $0 != "-" && $0 != "_" })
        return normalized == "utf8" ? .unicode : .ascii
    }
}
