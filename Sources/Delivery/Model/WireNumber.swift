/// Conversions and arithmetic on numbers read from objects (anyone who can write an object picks
/// them): none of them traps. Integers saturate at the bounds of their type; a non-finite
/// floating-point value counts as 0, an out-of-range one as the nearest bound.
public enum WireNumber {
    /// `value` rounded by `rule` and clamped to `Int`'s range; NaN is 0.
    public static func int(_ value: Double, rounding rule: FloatingPointRoundingRule = .towardZero) -> Int {
        guard !value.isNaN else { return 0 }
        let rounded = value.rounded(rule)
        if rounded >= Double(Int.max) { return .max }
        if rounded <= Double(Int.min) { return .min }
        return Int(rounded)
    }

    /// The sum of `values`, saturating at `Int32`'s bounds instead of trapping.
    public static func sum<S: Sequence>(_ values: S) -> Int32 where S.Element == Int32 {
        var total: Int64 = 0
        for value in values { total = min(max(total + Int64(value), Int64(Int32.min)), Int64(Int32.max)) }
        return Int32(total)
    }
}
