import Foundation

/// A Kubernetes timestamp (RFC 3339, `2019-10-25T21:34:18Z`, optionally with fractional
/// seconds as in `metav1.MicroTime`). Encodes back to the whole-second form the API uses.
public struct KubeTime: Codable, Sendable, Hashable, Comparable {
    public var date: Date

    public init(_ date: Date) { self.date = date }

    public init?(rfc3339 text: String) {
        guard let date = KubeTime.parse(text) else { return nil }
        self.date = date
    }

    /// The text first, parsed as RFC 3339: the one read of a JSON timestamp (asking for a `Date`
    /// first made every timestamp of a list throw and build a type mismatch error).
    public init(from decoder: any Decoder) throws {
        let c = try decoder.singleValueContainer()
        if let text = try? c.decode(String.self), let parsed = KubeTime.parse(text) {
            date = parsed
            return
        }
        // YAML decoders may hand a timestamp over as a Date (a date-only `2019-10-25` among them).
        if let date = try? c.decode(Date.self), !c.decodeNil() {
            self.date = date
            return
        }
        let text = try c.decode(String.self)
        throw DecodingError.dataCorruptedError(in: c, debugDescription: "not an RFC 3339 time: \(text)")
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(rfc3339)
    }

    /// `2006-01-02T15:04:05Z` in UTC.
    public var rfc3339: String { KubeTime.format(date) }

    public static func < (a: KubeTime, b: KubeTime) -> Bool { a.date < b.date }

    /// Formats whole seconds in UTC, as `metav1.Time` marshals.
    ///
    /// The digits are written directly, not through `String(format:)` (Foundation's formatter
    /// was a sixth of the embedded server's store write, which stamps every object it creates);
    /// a year outside 0...9999 is written as `%04d` writes it.
    public static func format(_ date: Date) -> String {
        var t = time_t(floor(date.timeIntervalSince1970))
        var parts = tm()
        gmtime_r(&t, &parts)
        let year = Int(parts.tm_year) + 1900
        guard (0...9999).contains(year) else {
            return String(format: "%04d-%02d-%02dT%02d:%02d:%02dZ", year, Int(parts.tm_mon) + 1, Int(parts.tm_mday),
                          Int(parts.tm_hour), Int(parts.tm_min), Int(parts.tm_sec))
        }
        var text: [UInt8] = []
        text.reserveCapacity(20)
        /// `value`'s last `digits` decimal digits, zero-padded, after `separator` (when given).
        func append(_ value: Int, digits: Int, after separator: Unicode.Scalar? = nil) {
            if let separator { text.append(UInt8(ascii: separator)) }
            var divisor = digits == 4 ? 1000 : 10
            while divisor > 0 {
                text.append(UInt8(truncatingIfNeeded: 0x30 + value / divisor % 10))
                divisor /= 10
            }
        }
        append(year, digits: 4)
        append(Int(parts.tm_mon) + 1, digits: 2, after: "-")
        append(Int(parts.tm_mday), digits: 2, after: "-")
        append(Int(parts.tm_hour), digits: 2, after: "T")
        append(Int(parts.tm_min), digits: 2, after: ":")
        append(Int(parts.tm_sec), digits: 2, after: ":")
        text.append(UInt8(ascii: "Z"))
        return String(decoding: text, as: UTF8.self)
    }

    /// Parses `YYYY-MM-DDTHH:MM:SS[.frac](Z|±HH:MM)` without Foundation's formatters (slow, locale-bound).
    public static func parse(_ text: String) -> Date? {
        let u = Array(text.utf8)
        guard u.count >= 20 else { return nil }
        func num(_ from: Int, _ len: Int) -> Int? {
            var v = 0
            for i in from..<(from + len) {
                let d = Int(u[i]) - 48
                guard d >= 0, d <= 9 else { return nil }
                v = v * 10 + d
            }
            return v
        }
        guard let year = num(0, 4), u[4] == 45, let month = num(5, 2), u[7] == 45, let day = num(8, 2),
              u[10] == 84 || u[10] == 116 || u[10] == 32, let hour = num(11, 2), u[13] == 58,
              let minute = num(14, 2), u[16] == 58, let second = num(17, 2) else { return nil }
        var i = 19
        var fraction = 0.0
        if i < u.count, u[i] == 46 {
            i += 1
            var scale = 0.1
            while i < u.count, u[i] >= 48, u[i] <= 57 {
                fraction += Double(Int(u[i]) - 48) * scale
                scale /= 10
                i += 1
            }
        }
        guard i < u.count else { return nil }
        var offset = 0
        if u[i] == 90 || u[i] == 122 {
            i += 1
        } else if u[i] == 43 || u[i] == 45, i + 6 <= u.count, let oh = num(i + 1, 2), u[i + 3] == 58, let om = num(i + 4, 2) {
            offset = (oh * 3600 + om * 60) * (u[i] == 45 ? -1 : 1)
            i += 6
        } else {
            return nil
        }
        guard i == u.count else { return nil }
        let days = daysFromCivil(year: year, month: month, day: day)
        let seconds = days * 86400 + hour * 3600 + minute * 60 + second - offset
        return Date(timeIntervalSince1970: Double(seconds) + fraction)
    }

    /// Days since 1970-01-01 for a proleptic Gregorian date (Howard Hinnant's algorithm).
    private static func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146097 + doe - 719468
    }
}
