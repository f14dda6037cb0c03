import JSONValue

/// Durations as Argo Rollouts accepts them in a spec: an integer (seconds), or a string that is
/// a bare number (seconds) or a Go duration such as `30s`, `5m`, `1h30m`.
enum StepDuration {
    /// The duration in seconds, finite and clamped into 0 ... `SpecNumbers.maxSeconds`; nil when
    /// absent or unreadable (`"inf"`, `"NaN"` and overflowing sums included).
    static func seconds(_ value: JSON?) -> Double? {
        parse(value).flatMap(SpecNumbers.seconds)
    }

    private static func parse(_ value: JSON?) -> Double? {
        guard let value else { return nil }
        if let n = value.doubleValue { return n }
        guard let text = value.stringValue, !text.isEmpty else { return nil }
        if let n = Double(text) { return n }
        var total = 0.0
        var number = ""
        var chars = Array(text)[...]
        while let c = chars.first {
            if c.isNumber || c == "." {
                number.append(c)
                chars = chars.dropFirst()
                continue
            }
            var unit = String(c)
            chars = chars.dropFirst()
            if unit == "m", chars.first == "s" { unit = "ms"; chars = chars.dropFirst() }
            guard let n = Double(number) else { return nil }
            switch unit {
            case "h": total += n * 3600
            case "m": total += n * 60
            case "s": total += n
            case "ms": total += n / 1000
            default: return nil
            }
            number = ""
        }
        return number.isEmpty ? total : nil
    }
}
