import Foundation
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
}

/// How a row's status reads in the list and the summary.
extension DeliveryRow {
    /// The status a user reads, after the grouping's glyph: `‖ WaitingPromotion`, `‖ Paused 1m05s`
    /// (a timed pause counting down at `now`).
    public func statusText(_ glyphs: Glyphs, now: Date) -> String {
        let left = pauseEnds.flatMap { $0 > now ? " \(TimeText.countdown($0.timeIntervalSince(now)))" : nil } ?? ""
        return "\(status.glyph(glyphs)) \(phaseText)\(left)"
    }
}
