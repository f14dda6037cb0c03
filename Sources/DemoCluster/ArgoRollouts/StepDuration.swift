import JSONValue
import KubeModel

/// Durations as Argo Rollouts accepts them in a spec: an integer (seconds), or a string that is
/// a bare number (seconds) or a Go duration such as `30s`, `5m`, `1h30m` (`GoDuration.seconds`).
enum StepDuration {
    /// The duration in seconds, finite and clamped into 0 ... `SpecNumbers.maxSeconds`; nil when
    /// absent or unreadable (`"inf"`, `"NaN"` and overflowing sums included).
    static func seconds(_ value: JSON?) -> Double? {
        parse(value).flatMap(SpecNumbers.seconds)
    }

    private static func parse(_ value: JSON?) -> Double? {
        guard let value else { return nil }
        if let n = value.doubleValue { return n }
        return value.stringValue.flatMap { GoDuration.seconds($0) }
    }
}
