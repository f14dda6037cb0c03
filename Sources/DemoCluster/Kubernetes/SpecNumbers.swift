import Foundation
import JSONValue

/// The numbers the simulated controllers read from objects, made safe to compute with. Anyone
/// with write access can store any JSON number in a custom resource (`spec.replicas:
/// -9223372036854775808`, `maxTrafficWeight: 9999999999`, a pause of `"1e300"` or `"inf"`), and the
/// simulation runs inside the console in `--demo`, so it must never trap, loop or allocate on
/// such a value: every integer is clamped into a range the simulation computes in (sums and
/// differences of a few of them cannot overflow), every duration is finite and bounded, and a
/// value of the wrong type reads as absent (the controller's default).
enum SpecNumbers {
    /// The most pods the simulated ReplicaSet controller runs for one ReplicaSet; a larger
    /// `spec.replicas` is simulated as this many.
    static let maxReplicas = 1_000
    /// The bound of every other count (int32, the width of the API's counts).
    static let maxCount = Int(Int32.max)
    /// The longest duration waited, in seconds (ten years): longer ones, and the dates they make,
    /// stay representable and printable.
    static let maxSeconds: Double = 315_360_000
}

extension JSON {
    /// An integer clamped into `range`; nil when absent or not a whole number.
    func clampedInt(in range: ClosedRange<Int>) -> Int? {
        guard let n = intValue else { return nil }
        return Int(clamping: n).clamped(to: range)
    }

    /// A replica count: 0 ... `SpecNumbers.maxReplicas`.
    var replicaCount: Int? { clampedInt(in: 0...SpecNumbers.maxReplicas) }
    /// A count or weight that is never negative: 0 ... int32 max.
    var countValue: Int? { clampedInt(in: 0...SpecNumbers.maxCount) }
    /// A signed counter (`status.iterations` may be -1): int32 range.
    var signedCountValue: Int? { clampedInt(in: -SpecNumbers.maxCount...SpecNumbers.maxCount) }
    /// A number of seconds: finite, 0 ... `SpecNumbers.maxSeconds`.
    var secondsValue: Double? { doubleValue.flatMap(SpecNumbers.seconds) }
}

extension SpecNumbers {
    /// A finite duration clamped into 0 ... `maxSeconds`; nil for NaN and infinities.
    static func seconds(_ value: Double) -> Double? {
        guard value.isFinite else { return nil }
        return value.clamped(to: 0...maxSeconds)
    }
}

extension Comparable {
    func clamped(to range: ClosedRange<Self>) -> Self { min(max(self, range.lowerBound), range.upperBound) }
}

extension SpecNumbers {
    /// A revision annotation (`rollout.argoproj.io/revision`), clamped into 0 ... int32 max so the next one (`+ 1`) fits.
    static func revision(_ text: String?) -> Int? {
        guard let text, let n = Int(text) else { return nil }
        return n.clamped(to: 0...maxCount)
    }
}
