import Foundation
import KubeModel

/// What an operator can do to Argo Rollouts objects: the plugin's commands, plus `resume`
/// (clears a manual `spec.paused` without advancing a step, which plain promote would do).
public enum RolloutAction: Sendable, Hashable {
    case promote
    case promoteFull
    case abort
    case retry
    /// `restartAt` = now + delay.
    case restart(delay: TimeInterval)
    /// `nil` = the previous revision (the plugin's `--to-revision=0`).
    case undo(toRevision: Int?)
    case pause
    case resume
    /// `set image CONTAINER=IMAGE` (`*` for every container).
    case setImage(container: String, image: String)
    case terminateAnalysisRun(name: String)
    case terminateExperiment(name: String)
    case retryExperiment(name: String)

    /// `set image`'s `CONTAINER=IMAGE`, split on `=` into exactly two parts as the plugin splits
    /// it (`a=b=c` and `abc` are usage errors; nil then).
    public static func setImage(parsing text: String) -> RolloutAction? {
        let parts = text.split(separator: "=", omittingEmptySubsequences: false)
        guard parts.count == 2 else { return nil }
        return .setImage(container: String(parts[0]), image: String(parts[1]))
    }

    /// A short verb for menus and confirmations.
    public var title: String {
        switch self {
        case .promote: "promote"
        case .promoteFull: "promote --full"
        case .abort: "abort"
        case .retry: "retry"
        case .restart: "restart"
        case .undo(let revision): revision.map { "undo to revision \($0)" } ?? "undo"
        case .pause: "pause"
        case .resume: "resume"
        case .setImage(let container, let image): "set image \(container)=\(image)"
        case .terminateAnalysisRun(let name): "terminate analysisrun \(name)"
        case .terminateExperiment(let name): "terminate experiment \(name)"
        case .retryExperiment(let name): "retry experiment \(name)"
        }
    }
}
