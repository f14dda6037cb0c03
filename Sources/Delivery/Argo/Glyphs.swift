/// The status icons of the plugin (`info.go`) and the kind icons of its tree (`get.go`), in UTF-8
/// and with ASCII equivalents for terminals without those characters.
public struct Glyphs: Sendable, Hashable {
    public var waiting: String
    public var progressing: String
    public var warning: String
    public var unknown: String
    public var ok: String
    public var bad: String
    public var paused: String
    public var neutral: String

    public var rollout: String
    public var revision: String
    public var replicaSet: String
    public var pod: String
    public var job: String
    public var experiment: String
    public var analysisRun: String
    /// Flagger's tree: a Canary and a Deployment.
    public var canary: String
    public var deployment: String

    /// Branch pieces: `├──`, `└──`, `│  `.
    public var branch: String
    public var lastBranch: String
    public var continuation: String

    /// The plugin's own characters.
    public static let unicode = Glyphs(waiting: "◷", progressing: "◌", warning: "⚠", unknown: "?", ok: "✔", bad: "✖", paused: "॥",
                                       neutral: "•", rollout: "⟳", revision: "#", replicaSet: "⧉", pod: "□", job: "⊞",
                                       experiment: "Σ", analysisRun: "α", canary: "⟳", deployment: "⧉",
                                       branch: "├──", lastBranch: "└──", continuation: "│  ")
    /// Plain ASCII, one column each where the original is one column.
    public static let ascii = Glyphs(waiting: "~", progressing: "o", warning: "!", unknown: "?", ok: "+", bad: "x", paused: "=",
                                     neutral: "-", rollout: "@", revision: "#", replicaSet: "%", pod: "*", job: "j",
                                     experiment: "E", analysisRun: "a", canary: "@", deployment: "%",
                                     branch: "|--", lastBranch: "`--", continuation: "|  ")

    /// The icon of a semantic status.
    public func icon(_ kind: StatusIcon) -> String {
        switch kind {
        case .waiting: waiting
        case .progressing: progressing
        case .warning: warning
        case .unknown: unknown
        case .ok: ok
        case .bad: bad
        case .paused: paused
        case .neutral: neutral
        case .none: " "
        }
    }
}
