import Foundation

/// A line a metric's values are held against: `result[0] >= 0.95` is "at least 0.95". Read from
/// an Argo `successCondition`/`failureCondition` when it is one simple comparison of the result
/// with a number, or from a Flagger `thresholdRange` (`min`, `max`). Anything else (`&&`, `len()`,
/// a string, a field of the result) has no line: the condition is shown as text only.
public struct MetricThreshold: Sendable, Hashable, Codable {
    /// How the value compares with the threshold for the condition to hold.
    public enum Comparison: String, Sendable, Hashable, Codable, CaseIterable {
        case atLeast = ">=", above = ">", atMost = "<=", below = "<"

        /// The comparison with its sides swapped (`0.95 <= result` is `result >= 0.95`).
        var flipped: Comparison {
            switch self {
            case .atLeast: .atMost
            case .above: .below
            case .atMost: .atLeast
            case .below: .above
            }
        }

        public func holds(_ value: Double, _ threshold: Double) -> Bool {
            switch self {
            case .atLeast: value >= threshold
            case .above: value > threshold
            case .atMost: value <= threshold
            case .below: value < threshold
            }
        }
    }

    public var comparison: Comparison
    public var value: Double

    public init(_ comparison: Comparison, _ value: Double) {
        self.comparison = comparison
        self.value = value
    }

    /// `>= 0.95`.
    public var text: String { "\(comparison.rawValue) \(MetricValue.format(value))" }

    /// The threshold of a simple comparison: `result OP NUMBER` or `NUMBER OP result`, where
    /// the result may be indexed (`result[0]`) or wrapped in `asFloat()` / `float()`; nil otherwise.
    public static func parse(_ condition: String) -> MetricThreshold? {
        let text = condition.filter { !$0.isWhitespace }
        // Longest operators first, so `>=` is not read as `>`.
        let operators: [Comparison] = [.atLeast, .atMost, .above, .below]
        let found = operators.compactMap { op in text.range(of: op.rawValue).map { (op, $0) } }
        guard let (op, range) = found.min(by: { $0.1.lowerBound < $1.1.lowerBound }) else { return nil }
        let left = String(text[..<range.lowerBound]), right = String(text[range.upperBound...])
        // A second comparison or any logic makes it more than one line.
        guard !right.contains(where: { "<>=!&|".contains($0) }), !left.contains(where: { "<>=!&|".contains($0) }) else { return nil }
        if isResult(left), let number = number(right) { return MetricThreshold(op, number) }
        if isResult(right), let number = number(left) { return MetricThreshold(op.flipped, number) }
        return nil
    }

    private static func number(_ text: String) -> Double? {
        guard let value = Double(text), value.isFinite else { return nil }
        return value
    }

    /// `result`, `result[N]`, optionally inside `asFloat(…)` or `float(…)`.
    private static func isResult(_ text: String) -> Bool {
        var inner = Substring(text)
        for wrapper in ["asFloat(", "float("] where inner.hasPrefix(wrapper) && inner.hasSuffix(")") {
            inner = inner.dropFirst(wrapper.count).dropLast()
        }
        guard inner.hasPrefix("result") else { return false }
        let index = inner.dropFirst("result".count)
        if index.isEmpty { return true }
        guard index.hasPrefix("["), index.hasSuffix("]") else { return false }
        let digits = index.dropFirst().dropLast()
        return !digits.isEmpty && digits.allSatisfy(\.isASCIIDigit)
    }
}

extension Character {
    fileprivate var isASCIIDigit: Bool { isASCII && isNumber }
}

/// A measurement's value as a number: Argo writes a provider's result as text (`0.97`, a
/// Prometheus vector as `[0.97]`, a Job's as nothing, a web check's as `true`).
public enum MetricValue {
    /// The first number of `text` (`[0.97, 0.5]` is 0.97); nil when it holds none.
    public static func number(_ text: String?) -> Double? {
        guard var text = text?.trimmingCharacters(in: .whitespaces), !text.isEmpty else { return nil }
        if text.hasPrefix("["), text.hasSuffix("]") { text = String(text.dropFirst().dropLast()) }
        let first = text.split(separator: ",", maxSplits: 1).first.map { $0.trimmingCharacters(in: .whitespaces) } ?? ""
        guard let value = Double(first), value.isFinite else { return nil }
        return value
    }

    /// A number as short text: `0.95`, `100`, `1.5e+06`.
    public static func format(_ value: Double) -> String {
        if value == value.rounded(), abs(value) < 1e12 { return String(Int64(value)) }
        let text = String(format: "%.4g", value)
        return text
    }
}
