import TerminalUI

/// How a delivery status looks: the plugin's icon for it and the theme role that colours it.
extension DeliveryStatus {
    public func glyph(_ glyphs: Glyphs) -> String {
        switch self {
        case .healthy: glyphs.ok
        case .progressing: glyphs.progressing
        case .paused: glyphs.paused
        case .degraded: glyphs.bad
        case .unknown: glyphs.unknown
        }
    }

    public var role: Role {
        switch self {
        case .healthy: .healthy
        case .progressing: .progressing
        case .paused: .paused
        case .degraded: .degraded
        case .unknown: .warning
        }
    }

    /// `✔ Healthy`.
    public func label(_ glyphs: Glyphs) -> String { "\(glyph(glyphs)) \(rawValue)" }
}
