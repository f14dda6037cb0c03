import Foundation
import KubeModel

/// A JSON value kept verbatim, for the parts of an object rollscope passes through without reading
/// (a pod template sent back by `undo`, a step's analysis block). Decodes from JSON and YAML alike;
/// encodes with sorted keys when the encoder asks for them.
public enum AnyJSON: Codable, Sendable, Hashable {
    case null
    case bool(Bool)
    case int(Int64)
    case double(Double)
    case string(String)
    case array([AnyJSON])
    case object([String: AnyJSON])

    /// Any string-like key, so objects decode with whatever keys they hold.
    private struct Key: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { return nil }
    }

    public init(from decoder: any Decoder) throws {
        guard let kind = (decoder as? any InPlaceJSONDecoder)?.jsonKind else {
            try self.init(probing: decoder)
            return
        }
        switch kind {
        case .object: self = .object(try Self.members(decoder))
        case .array: self = .array(try Self.elements(decoder))
        case .string: self = .string(try decoder.singleValueContainer().decode(String.self))
        case .bool: self = .bool(try decoder.singleValueContainer().decode(Bool.self))
        case .null: self = .null
        case .number:
            let c = try decoder.singleValueContainer()
            if let i = try? c.decode(Int64.self) { self = .int(i) } else { self = .double(try c.decode(Double.self)) }
        }
    }

    /// Decoding by trial, for a decoder that cannot say what kind of value it holds.
    private init(probing decoder: any Decoder) throws {
        if (try? decoder.container(keyedBy: Key.self)) != nil {
            self = .object(try Self.members(decoder))
        } else if (try? decoder.unkeyedContainer()) != nil {
            self = .array(try Self.elements(decoder))
        } else {
            let c = try decoder.singleValueContainer()
            if c.decodeNil() { self = .null }
            else if let b = try? c.decode(Bool.self) { self = .bool(b) }
            else if let i = try? c.decode(Int64.self) { self = .int(i) }
            else if let d = try? c.decode(Double.self) { self = .double(d) }
            else { self = .string(try c.decode(String.self)) }
        }
    }

    private static func members(_ decoder: any Decoder) throws -> [String: AnyJSON] {
        let keyed = try decoder.container(keyedBy: Key.self)
        var object: [String: AnyJSON] = [:]
        for key in keyed.allKeys { object[key.stringValue] = try keyed.decode(AnyJSON.self, forKey: key) }
        return object
    }

    private static func elements(_ decoder: any Decoder) throws -> [AnyJSON] {
        var list = try decoder.unkeyedContainer()
        var items: [AnyJSON] = []
        while !list.isAtEnd { items.append(try list.decode(AnyJSON.self)) }
        return items
    }

    public func encode(to encoder: any Encoder) throws {
        switch self {
        case .null:
            var c = encoder.singleValueContainer()
            try c.encodeNil()
        case .bool(let b):
            var c = encoder.singleValueContainer()
            try c.encode(b)
        case .int(let i):
            var c = encoder.singleValueContainer()
            try c.encode(i)
        case .double(let d):
            var c = encoder.singleValueContainer()
            try c.encode(d)
        case .string(let s):
            var c = encoder.singleValueContainer()
            try c.encode(s)
        case .array(let items):
            var c = encoder.unkeyedContainer()
            for item in items { try c.encode(item) }
        case .object(let object):
            var c = encoder.container(keyedBy: Key.self)
            for (k, v) in object { try c.encode(v, forKey: Key(stringValue: k)) }
        }
    }

    /// The member of an object, or nil.
    public subscript(key: String) -> AnyJSON? {
        if case .object(let o) = self { return o[key] }
        return nil
    }

    /// Compact JSON text with sorted keys (deterministic, so requests compare byte for byte).
    public var jsonText: String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return (try? encoder.encode(self)).flatMap { String(data: $0, encoding: .utf8) } ?? "null"
    }
}

/// A field that Kubernetes types as a string but that manifests sometimes write as a number
/// (`observedGeneration: "429"` in a Rollout, `duration: 30` in a pause): decodes either.
public struct LenientString: Codable, Sendable, Hashable, CustomStringConvertible {
    public var value: String

    public init(_ value: String) { self.value = value }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.singleValueContainer()
        if let i = try? c.decode(Int64.self) { value = String(i) }
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
