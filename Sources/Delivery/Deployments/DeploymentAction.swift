/// What an operator can do to a plain Deployment: the `kubectl rollout` commands.
public enum DeploymentAction: Sendable, Hashable {
    case pause
    case resume
    /// A new revision with the same template: `kubectl.kubernetes.io/restartedAt` on the pod template.
    case restart
    /// Back to the previous revision (`nil`, kubectl's `--to-revision=0`) or to revision N.
    case undo(toRevision: Int64?)

    /// A short verb for menus and confirmations.
    public var title: String {
        switch self {
        case .pause: "pause"
        case .resume: "resume"
        case .restart: "restart"
        case .undo(let revision): revision.map { "undo to revision \($0)" } ?? "undo"
        }
    }
}
