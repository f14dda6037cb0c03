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
