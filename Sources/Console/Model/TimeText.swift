import Foundation
import Delivery

/// Times and durations as the console writes them. Clock times are UTC so that every
/// operator of a cluster reads the same time (and snapshots do not depend on the zone).
public enum TimeText {
    /// `2m13s`, `45s`, `1h02m03s`: a countdown, to the second.
    public static func countdown(_ seconds: TimeInterval) -> String {
        let total = max(0, WireNumber.int(seconds, rounding: .up))
        let h = total / 3600, m = (total % 3600) / 60, s = total % 60
        if h > 0 { return "\(h)h" + pad(m) + "m" + pad(s) + "s" }
        if m > 0 { return "\(m)m" + pad(s) + "s" }
        return "\(s)s"
    }

    /// `15:02:11` for a time today (relative to `now`), `11-20 15:02` otherwise.
    public static func clock(_ date: Date, now: Date) -> String {
        let t = parts(date), n = parts(now)
        if t.tm_year == n.tm_year, t.tm_yday == n.tm_yday {
            return pad(Int(t.tm_hour)) + ":" + pad(Int(t.tm_min)) + ":" + pad(Int(t.tm_sec))
        }
        return pad(Int(t.tm_mon) + 1) + "-" + pad(Int(t.tm_mday)) + " " + pad(Int(t.tm_hour)) + ":" + pad(Int(t.tm_min))
    }

    private static func parts(_ date: Date) -> tm {
        var seconds = time_t(WireNumber.int(date.timeIntervalSince1970, rounding: .down))
        var result = tm()
        gmtime_r(&seconds, &result)
        return result
    }

    private static func pad(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
}
