import TerminalUI

/// How a cluster's colour is drawn: the theme role of that hue, so a theme (and `--no-color`)
/// decides the exact colour.
extension ClusterColor {
    public var role: Role {
        switch self {
        case .red: .degraded
        case .green: .healthy
        case .yellow: .paused
        case .blue: .progressing
        case .cyan: .info
        case .orange: .warning
        }
    }
}

extension ClusterState {
    /// The role its name is drawn in (its colour), nil when the config gives none.
    public var role: Role? { settings.color?.role }
}
