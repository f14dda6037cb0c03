import Foundation

/// A field that Kubernetes types as a string but that manifests sometimes write as a number
/// (`observedGeneration: "429"` in a Rollout, `duration: 30` in a pause): decodes either.
public struct LenientString: Codable, Sendable, Hashable, CustomStringConvertible {
    public var value: String

    public init(_ value: String) { self.value = value }

    /// The text first, as a list's Rollouts write it (`observedGeneration`): each failed try
    /// builds a `DecodingError` with its coding path, and trying two numbers first built two at
    /// every Rollout.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.singleValueContainer()
        if let text = try? c.decode(String.self) { value = text }
        else if let i = try? c.decode(Int64.self) { value = String(i) }
        else if let d = try? c.decode(Double.self), d.rounded() != d { value = String(d) }
        else { value = try c.decode(String.self) }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(value)
    }

    public var description: String { value }
    /// The integer it holds, if it is one (`"429"` → 429).
    public var int: Int64? { Int64(value) }
}
