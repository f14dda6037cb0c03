import Foundation

/// Kubernetes' `duration.HumanDuration` (apimachinery `util/duration`), the AGE column of
/// kubectl and of the plugin: `45s`, `3m20s`, `25m`, `3h59m`, `20h`, `7d`, `3d4h`, `400d`, `2y30d`.
public enum HumanDuration {
    public static func format(_ interval: TimeInterval) -> String {
        let seconds = WireNumber.int(interval)
        if seconds < -1 { return "<invalid>" }
        if seconds < 0 { return "0s" }
        if seconds < 60 * 2 { return "\(seconds)s" }
        let minutes = seconds / 60
        if minutes < 10 {
            let s = seconds % 60
            return s == 0 ? "\(minutes)m" : "\(minutes)m\(s)s"
        }
        if minutes < 60 * 3 { return "\(minutes)m" }
        let hours = seconds / 3600
        if hours < 8 {
            let m = minutes % 60
            return m == 0 ? "\(hours)h" : "\(hours)h\(m)m"
        }
        if hours < 48 { return "\(hours)h" }
        if hours < 24 * 8 {
            let h = hours % 24
            return h == 0 ? "\(hours / 24)d" : "\(hours / 24)d\(h)h"
        }
        if hours < 24 * 365 * 2 { return "\(hours / 24)d" }
        if hours < 24 * 365 * 8 {
            let dy = (hours / 24) % 365
            return dy == 0 ? "\(hours / 24 / 365)y" : "\(hours / 24 / 365)y\(dy)d"
        }
        return "\(hours / 24 / 365)y"
    }

    /// Seconds until `format` of an interval that grows from `interval` next reads differently:
    /// its text's smallest unit is seconds under 10 minutes, minutes under 8 hours, hours under
    /// 8 days, days after that (and every change of form falls on such a boundary).
    public static func untilChange(_ interval: TimeInterval) -> TimeInterval {
        let unit: TimeInterval = switch max(0, interval) {
        case ..<600: 1
        case ..<(8 * 3600): 60
        case ..<(8 * 86400): 3600
        default: 86400
        }
        return unit - max(0, interval).truncatingRemainder(dividingBy: unit)
    }

    /// The age of something created at `time`, seen at `now` (empty when the time is unknown).
    public static func age(_ time: Date?, now: Date) -> String {
        guard let time else { return "" }
        return format(now.timeIntervalSince(time))
    }
}
