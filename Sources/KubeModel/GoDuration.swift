/// A duration as Go's `time.ParseDuration` reads it, the one parser of durations in rollscope:
/// Argo Rollouts' pause steps and experiment durations, Flagger's analysis interval, the plugin's
/// `restart --in` and `status --timeout` are all read by it.
///
/// The grammar is Go's `[-+]?([0-9]*(\.[0-9]*)?[a-z]+)+` with the units `ns`, `us`, `µs` (U+00B5),
/// `μs` (U+03BC), `ms`, `s`, `m` and `h`, as in `1h30m`, `1.5h`, `.5s`, `-2m3.4s`; a bare `0` (signed
/// or not) is zero and every other number needs a unit. The value is whole nanoseconds in an
/// `Int64`: a sum beyond its range is refused, as Go refuses it, and fractions are rounded as Go
/// rounds them (through a `Double`, truncated toward zero).
public struct GoDuration: Hashable, Comparable, Sendable {
    public var nanoseconds: Int64

    public init(nanoseconds: Int64) { self.nanoseconds = nanoseconds }

    /// The duration in seconds.
    public var seconds: Double { Double(nanoseconds) / 1e9 }

    public static func < (a: GoDuration, b: GoDuration) -> Bool { a.nanoseconds < b.nanoseconds }

    /// Parses `text` by Go's rules exactly; nil where Go returns an error.
    public init?(parsing text: some StringProtocol) {
        guard let nanoseconds = Self.parse(Array(text.utf8)[...]) else { return nil }
        self.nanoseconds = nanoseconds
    }

    /// Seconds written as Kubernetes specs and the plugin's flags accept them: a bare finite number
    /// of seconds (`30`, `1.5`, `1e300`, as Argo Rollouts reads an int-or-string pause duration), or
    /// else a Go duration. Nil for anything else, `inf` and `nan` included.
    public static func seconds(_ text: some StringProtocol) -> Double? {
        if let plain = Double(String(text)) { return plain.isFinite ? plain : nil }
        return GoDuration(parsing: text)?.seconds
    }

    private static let limit: UInt64 = 1 << 63

    /// Go's units, in nanoseconds.
    private static let units: [[UInt8]: UInt64] = [
        Array("ns".utf8): 1, Array("us".utf8): 1_000, Array("µs".utf8): 1_000, Array("μs".utf8): 1_000,
        Array("ms".utf8): 1_000_000, Array("s".utf8): 1_000_000_000, Array("m".utf8): 60_000_000_000,
        Array("h".utf8): 3_600_000_000_000,
    ]

    /// `time.ParseDuration` over the text's UTF-8 bytes, step for step.
    private static func parse(_ text: ArraySlice<UInt8>) -> Int64? {
        var s = text
        var negative = false
        if let sign = s.first, sign == UInt8(ascii: "-") || sign == UInt8(ascii: "+") {
            negative = sign == UInt8(ascii: "-")
            s = s.dropFirst()
        }
        if s.elementsEqual([UInt8(ascii: "0")]) { return 0 }
        guard !s.isEmpty else { return nil }
        var total: UInt64 = 0
        while let first = s.first {
            guard first == UInt8(ascii: ".") || isDigit(first) else { return nil }
            let before = s.count
            guard let whole = leadingInt(&s) else { return nil }
            let hasWhole = s.count != before
            var fraction: UInt64 = 0
            var scale = 1.0
            var hasFraction = false
            if s.first == UInt8(ascii: ".") {
                s = s.dropFirst()
                let start = s.count
                (fraction, scale) = leadingFraction(&s)
                hasFraction = s.count != start
            }
            guard hasWhole || hasFraction else { return nil }
            let unitEnd = s.firstIndex { $0 == UInt8(ascii: ".") || isDigit($0) } ?? s.endIndex
            guard unitEnd > s.startIndex, let unit = units[Array(s[..<unitEnd])] else { return nil }
            s = s[unitEnd...]
            guard whole <= limit / unit else { return nil }
            var value = whole * unit
            if fraction > 0 {
                // As Go: a Double is exact enough to the nanosecond for fractions of an hour.
                value += UInt64(Double(fraction) * (Double(unit) / scale))
                guard value <= limit else { return nil }
            }
            let (sum, overflow) = total.addingReportingOverflow(value)
            guard !overflow, sum <= limit else { return nil }
            total = sum
        }
        if negative { return total == limit ? .min : -Int64(total) }
        return total < limit ? Int64(total) : nil
    }

    private static func isDigit(_ c: UInt8) -> Bool { c >= UInt8(ascii: "0") && c <= UInt8(ascii: "9") }

    /// Go's `leadingInt`: the leading digits, nil past 2^63.
    private static func leadingInt(_ s: inout ArraySlice<UInt8>) -> UInt64? {
        var x: UInt64 = 0
        while let c = s.first, isDigit(c) {
            guard x <= limit / 10 else { return nil }
            x = x * 10 + UInt64(c - UInt8(ascii: "0"))
            guard x <= limit else { return nil }
            s = s.dropFirst()
        }
        return x
    }

    /// Go's `leadingFraction`: the leading digits and 10^(digits kept); digits past 2^63 are read
    /// and dropped (precision stops growing, the value stays).
    private static func leadingFraction(_ s: inout ArraySlice<UInt8>) -> (UInt64, Double) {
        var x: UInt64 = 0
        var scale = 1.0
        var overflow = false
        while let c = s.first, isDigit(c) {
            s = s.dropFirst()
            if overflow { continue }
            guard x <= (limit - 1) / 10 else { overflow = true; continue }
            let y = x * 10 + UInt64(c - UInt8(ascii: "0"))
            guard y <= limit else { overflow = true; continue }
            x = y
            scale *= 10
        }
        return (x, scale)
    }
}
