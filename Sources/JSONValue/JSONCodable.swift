import Foundation

/// `JSON` through any `Encoder` or `Decoder`: a field of a `Codable` type can hold arbitrary JSON
/// (a step's analysis block, a route match) and keeps it whole. Integers stay `Int64` where they
/// fit (`9223372036854775807` decodes as `.int`, not as a rounded double); objects keep their
/// member order when the decoder gives it (`ScanningJSONDecoder` does, and `serialized()` writes it).
extension JSON: Codable {
    /// Any member name.
    private struct MemberKey: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    public init(from decoder: any Decoder) throws {
        // Our own decoder parses the value's text in one pass; any other is asked container by container.
        if let inPlace = decoder as? InPlaceValueDecoder {
            self = try inPlace.json()
            return
        }
        if let keyed = try? decoder.container(keyedBy: MemberKey.self) {
            var object = JSONObject()
            for key in keyed.allKeys { object[key.stringValue] = try keyed.decode(JSON.self, forKey: key) }
            self = .object(object)
        } else if var unkeyed = try? decoder.unkeyedContainer() {
            var items: [JSON] = []
            while !unkeyed.isAtEnd { items.append(try unkeyed.decode(JSON.self)) }
            self = .array(items)
        } else {
            let c = try decoder.singleValueContainer()
            if c.decodeNil() { self = .null }
            else if let b = try? c.decode(Bool.self) { self = .bool(b) }
            else if let i = try? c.decode(Int64.self) { self = .int(i) }
            else if let d = try? c.decode(Double.self) { self = .double(d) }
            else { self = .string(try c.decode(String.self)) }
        }
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
            var c = encoder.container(keyedBy: MemberKey.self)
            for member in object { try c.encode(member.value, forKey: MemberKey(stringValue: member.key)) }
        }
    }
}

extension JSON {
    /// Decodes a `Decodable` type from this value (its serialization read in place by `ScanningJSONDecoder`).
    public func decode<T: Decodable>(as type: T.Type) throws -> T {
        try ScanningJSONDecoder().decode(type, from: data)
    }
}

/// A JSON value kept as received: when `ScanningJSONDecoder` decodes it, its text is kept and
/// parsed into a `JSON` tree only when `value` is read; from any other decoder it is the tree.
/// Every Rollout and ReplicaSet holds a pod template that rollscope sends back only for `undo`;
/// building their trees was most of the cost of decoding a large list.
public struct RawJSON: Codable, Sendable, Equatable {
    /// The text is kept as bytes, not `Data`: with a `Data` payload here, a decode that threw after
    /// the template was read leaked the `Data`'s storage (LeakSanitizer, the `extremes` fuzz target;
    /// the input is kept as a seed), which `[UInt8]` does not.
    private enum Storage: Sendable {
        case text([UInt8])
        case tree(JSON)
    }

    private var storage: Storage

    public init(_ value: JSON) { storage = .tree(value) }

    public init(from decoder: any Decoder) throws {
        if let inPlace = decoder as? InPlaceValueDecoder {
            storage = .text(try inPlace.text())
        } else {
            storage = .tree(try JSON(from: decoder))
        }
    }

    public func encode(to encoder: any Encoder) throws { try value.encode(to: encoder) }

    /// The text exactly as decoded (from `ScanningJSONDecoder`); nil for a tree.
    public var text: [UInt8]? {
        if case .text(let text) = storage { return text }
        return nil
    }

    /// The value; null when the kept text does not parse (the decoder finds where a value ends
    /// without checking everything inside it).
    public var value: JSON {
        switch storage {
        case .tree(let tree): tree
        case .text(let text): (try? JSON(parsing: Data(text))) ?? .null
        }
    }

    /// Texts compare as bytes, trees as trees, a text with a tree through the text's tree.
    public static func == (a: RawJSON, b: RawJSON) -> Bool {
        switch (a.storage, b.storage) {
        case let (.text(x), .text(y)): x == y
        case let (.tree(x), .tree(y)): x == y
        default: a.value == b.value
        }
    }
}
