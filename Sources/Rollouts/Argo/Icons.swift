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

/// What a status icon means, independent of how it is drawn.
public enum StatusIcon: String, Sendable, Hashable, Codable {
    case waiting, progressing, warning, unknown, ok, bad, paused, neutral, none

    /// Rollout status word → icon (`rolloutIcon`).
    public static func rollout(_ status: String) -> StatusIcon {
        switch status {
        case "Progressing": .progressing
        case "Error", "InvalidSpec": .warning
        case "Paused": .paused
        case "Healthy": .ok
        case "Degraded": .bad
        case "Unknown": .unknown
        case "ScaledDown": .neutral
        default: .none
        }
    }

    /// ReplicaSet health → icon.
    public static func replicaSet(_ status: String) -> StatusIcon {
        switch status {
        case "Progressing": .progressing
        case "Healthy": .ok
        case "ReplicaFailure": .bad
        case "ScaledDown": .neutral
        default: .none
        }
    }

    /// AnalysisRun, Experiment and Job phase → icon (`analysisIcon`).
    public static func analysis(_ phase: String) -> StatusIcon {
        switch phase {
        case "Successful": .ok
        case "Inconclusive": .unknown
        case "Failed": .bad
        case "Error": .warning
        case "Running": .progressing
        case "Pending": .waiting
        default: .none
        }
    }

    /// Pod status word → icon, checked in the plugin's order.
    public static func pod(_ status: String) -> StatusIcon {
        if status.hasPrefix("Init:") { return .progressing }
        if status.hasPrefix("Signal:") || status.hasPrefix("ExitCode:") { return .bad }
        if status.hasSuffix("Error") || status.hasPrefix("Err") { return .warning }
        switch status {
        case "Pending", "Terminating", "ContainerCreating": return .progressing
        case "Running", "Completed": return .ok
        case "Failed", "InvalidImageName", "CrashLoopBackOff": return .bad
        case "ImagePullBackOff", "RegistryUnavailable": return .warning
        case "Unknown": return .unknown
        default: return .none
        }
    }
}
