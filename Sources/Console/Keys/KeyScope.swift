/// Where a key binding is valid: the focused pane or the overlay on top.
public enum KeyScope: String, Sendable, Hashable, CaseIterable {
    case namespaces
    case deliveries
    case detail
    case dialog
    case help
    case contexts
    /// The detail's log page (`l`).
    case logs

    /// The title used in the `?` overlay and in docs/keys.md.
    public var title: String {
        switch self {
        case .namespaces: "Namespaces pane"
        case .deliveries: "Rollouts list"
        case .detail: "Detail"
        case .logs: "Log page (l)"
        case .dialog: "Confirmation dialog"
        case .help: "Help and messages"
        case .contexts: "Contexts list (:ctx)"
        }
    }
}
