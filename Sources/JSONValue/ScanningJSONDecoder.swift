import Foundation

/// A JSON decoder for `Decodable` types that reads the bytes in place: an object's members are
/// located by skipping over their values (lazily, see `MemberIndex`), and only the members the
/// type asks for are decoded.
/// Kubernetes objects are mostly fields rollscope never reads (managedFields, volumes, probes), so
/// skipping them without building anything is what makes large lists and busy watches cheap
/// (see `KubeBenchmarks`: Foundation's `JSONDecoder` builds the whole document first).
/// Behaves as `JSONDecoder` with default strategies for the types the client decodes.
public struct ScanningJSONDecoder: Sendable {
    public init() {}

    public func decode<T: Decodable>(_ type: T.Type, from data: Data) throws -> T {
        try data.withUnsafeBytes { raw in
            let bytes = raw.bindMemory(to: UInt8.self)
            let scanner = JSONScanner(bytes: bytes)
            do {
                // The whole document is checked first (a truncated list is refused even when
                // every field asked for was read), recording where its containers end: a list's
                // items, a skipped member, a text kept are then found without reading them again.
                let start = scanner.skipSpace(0)
                var spans: [Int] = []
                let end = try scanner.skipValue(start, recording: &spans)
                guard scanner.skipSpace(end) == scanner.bytes.count else {
                    throw JSONParseError(message: "unexpected text after the value", offset: end)
                }
                return try spans.withUnsafeBufferPointer { spans in
                    try InPlaceValueDecoder(scanner: JSONScanner(bytes: bytes, spans: spans), start: start, end: end,
                                            parent: .path([]), key: nil).decode(T.self)
                }
            } catch let failure as JSONParseError {
                throw DecodingError.dataCorrupted(.init(codingPath: [], debugDescription: "The given data was not valid JSON: \(failure)"))
            }
        }
    }
}

/// Decodes the one JSON value starting at `start` (its end is found only when needed, unless the
/// array or document holding it found it already).
/// The `Decoder` of one value in place. `JSON` and `RawJSON` recognise it in their `init(from:)`
/// and read the value's text directly (a tree parsed by `JSONParser`, or the bytes kept), rather
/// than through Codable's containers.
struct InPlaceValueDecoder: Decoder {
    let scanner: JSONScanner
    let start: Int
    /// Where the value ends, when its holder knows (an array's element, the document): its text
    /// (`RawJSON`, the console's `Verbatim`) is then taken without scanning the value again.
    let knownEnd: Int?
    /// The container's path and this value's key: the full path is built only when asked for
    /// (errors, arrays), so neither leaf values nor objects cost an array.
    fileprivate let parent: ParentPath
    let key: (any CodingKey)?
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    fileprivate init(scanner: JSONScanner, start: Int, end: Int? = nil, parent: ParentPath, key: (any CodingKey)?) {
        self.scanner = scanner
        self.start = start
        knownEnd = end
        self.parent = parent
        self.key = key
    }

    var codingPath: [any CodingKey] {
        let base = parent.keys
        return key.map { base + [$0] } ?? base
    }

    var first: UInt8 { scanner.bytes[start] }
    var isNull: Bool { first == UInt8(ascii: "n") }
    /// The number or literal's text range.
    var token: Range<Int> { start..<scanner.skipToken(start) }

    func corrupted(_ failure: JSONParseError) -> DecodingError {
        .dataCorrupted(.init(codingPath: codingPath, debugDescription: "The given data was not valid JSON: \(failure)"))
    }

    /// The value's JSON text, exactly as received (as bytes, the form `RawJSON` keeps: one copy).
    func text() throws -> [UInt8] {
        let end: Int
        if let knownEnd { end = knownEnd } else {
            do { end = try scanner.skipValue(start) } catch { throw corrupted(error) }
        }
        return Array(UnsafeBufferPointer(rebasing: scanner.bytes[start..<end]))
    }

    /// The value as a `JSON` tree, parsed from where it starts. A number or literal must fill its
    /// token (`truex` is not `true`), as the containers and strings the parser reads end where
    /// the scanner found their end.
    func json() throws -> JSON {
        var parser = JSONParser(scanner, at: start)
        do throws(JSONParseError) {
            let value = try parser.parseValue()
            switch value {
            case .string, .object, .array: return value
            default:
                guard parser.position == token.upperBound else {
                    throw JSONParseError(message: "unexpected character after a value", offset: parser.position)
                }
                return value
            }
        } catch { throw corrupted(error) }
    }

    func mismatch(_ type: Any.Type, _ expected: String) -> DecodingError {
        let found: String = switch first {
        case UInt8(ascii: "\""): "a string"
        case UInt8(ascii: "{"): "an object"
        case UInt8(ascii: "["): "an array"
        case UInt8(ascii: "n"): "null"
        case UInt8(ascii: "t"), UInt8(ascii: "f"): "a boolean"
        default: "a number"
        }
        if isNull {
            return .valueNotFound(type, .init(codingPath: codingPath, debugDescription: "Expected \(expected) but found null instead."))
        }
        return .typeMismatch(type, .init(codingPath: codingPath, debugDescription: "Expected \(expected) but found \(found) instead."))
    }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        guard first == UInt8(ascii: "{") else { throw mismatch([String: Any].self, "to decode a dictionary") }
        do {
            return KeyedDecodingContainer(KeyedContainer<Key>(index: try MemberIndex(scanner: scanner, object: start, parent: parent, key: key)))
        } catch { throw corrupted(error) }
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
        guard first == UInt8(ascii: "[") else { throw mismatch([Any].self, "to decode an array") }
        do {
            return UnkeyedContainer(scanner: scanner, elements: try scanner.elements(start), codingPath: codingPath)
        } catch { throw corrupted(error) }
    }

    func singleValueContainer() throws -> any SingleValueDecodingContainer { SingleValueContainer(decoder: self) }

    // MARK: values

    /// Any Decodable: primitives read directly, everything else through its own `init(from:)`.
    /// The types are told apart by metadata identity (`==` on metatypes, a pointer compare; these
    /// are structs, so no subclass can be missed), not by `is` casts: a decode of a nested type
    /// went through seven failed dynamic casts first.
    func decode<T: Decodable>(_ type: T.Type) throws -> T {
        if type == String.self { return try string() as! T }
        if type == Bool.self { return try bool() as! T }
        if type == Int.self { return try integer(Int.self) as! T }
        if type == Int64.self { return try integer(Int64.self) as! T }
        if type == Int32.self { return try integer(Int32.self) as! T }
        if type == Double.self { return try double() as! T }
        if type == [String: String].self { return try stringMap() as! T }
        return try T(from: self)
    }

    /// Labels and annotations: read member by member, without the keyed container's lookups.
    func stringMap() throws -> [String: String] {
        guard first == UInt8(ascii: "{") else { throw mismatch([String: String].self, "to decode a dictionary") }
        var out: [String: String] = [:]
        do {
            var next = try scanner.firstMember(start)
            while let at = next {
                let member = try scanner.member(at)
                let name = MapKeyInterner.shared.intern(try scanner.string(body: member.key))
                // A string is read straight; anything else fails as the member's decoder fails.
                if scanner.bytes[member.value] == UInt8(ascii: "\""), let value = try? scanner.readString(member.value).value {
                    out[name] = value
                } else {
                    out[name] = try InPlaceValueDecoder(scanner: scanner, start: member.value, parent: .path(codingPath), key: StringKey(name)).string()
                }
                next = try scanner.nextMember(after: try scanner.skipValue(member.value))
            }
        } catch let failure as JSONParseError {
            throw corrupted(failure)
        }
        return out
    }

    func string() throws -> String {
        guard first == UInt8(ascii: "\"") else { throw mismatch(String.self, "to decode String") }
        do { return try scanner.readString(start).value } catch { throw corrupted(error) }
    }

    func bool() throws -> Bool {
        if first == UInt8(ascii: "t"), scanner.token(token) == "true" { return true }
        if first == UInt8(ascii: "f"), scanner.token(token) == "false" { return false }
        throw mismatch(Bool.self, "to decode Bool")
    }

    func integer<I: FixedWidthInteger>(_ type: I.Type) throws -> I {
        let range = token
        if let v = scanner.integer(range), let exact = I(exactly: v) { return exact }
        if let d = Double(scanner.token(range)), let exact = I(exactly: d) { return exact }
        guard first == UInt8(ascii: "-") || (first >= 0x30 && first <= 0x39) else { throw mismatch(I.self, "to decode \(I.self)") }
        throw DecodingError.dataCorrupted(.init(codingPath: codingPath,
                                                debugDescription: "Number \(scanner.token(range)) does not fit in \(I.self)."))
    }

    func double() throws -> Double {
        guard let d = Double(scanner.token(token)) else { throw mismatch(Double.self, "to decode Double") }
        return d
    }
}

/// Where a value's container sits, for error paths: an array's path (built when the array was
/// opened), or the object being read, whose path is built only if asked for.
private enum ParentPath {
    case path([any CodingKey])
    case object(MemberIndex)

    var keys: [any CodingKey] {
        switch self {
        case .path(let keys): keys
        case .object(let index): index.codingPath
        }
    }
}

/// The members of one object, read only as far as the keys asked for so far: synthesized
/// `init(from:)` asks in declaration order, which is usually the wire order, so most lookups
/// continue where the previous one stopped and the last member's value is never skipped over.
private final class MemberIndex {
    let scanner: JSONScanner
    private let parent: ParentPath
    private let key: (any CodingKey)?
    /// The object's path, built the first time it is asked for (an error, an array inside).
    private(set) lazy var codingPath: [any CodingKey] = key.map { parent.keys + [$0] } ?? parent.keys
    /// Members read so far: key bytes, whether they hold an escape, and value start.
    /// The three are checked for exclusive access by the compiler alone: no reference to this
    /// index leaves the decoder, and the runtime's checks at each lookup were 3 % of a Rollout's decode.
    @exclusivity(unchecked) private(set) var seen: [(key: Range<Int>, escaped: Bool, value: Int)] = []
    /// Where the next unread member starts; nil once the object is exhausted.
    @exclusivity(unchecked) private var next: Int?
    /// The last member read still has its value to skip before the next can be read.
    @exclusivity(unchecked) private var pendingValue: Int?
    /// Where the next lookup starts among the members seen: after the last one found.
    @exclusivity(unchecked) private var resume = 0

    init(scanner: JSONScanner, object: Int, parent: ParentPath, key: (any CodingKey)?) throws(JSONParseError) {
        self.scanner = scanner
        self.parent = parent
        self.key = key
        next = try scanner.firstMember(object)
        seen.reserveCapacity(8)
    }

    /// Reads one more member; false at the end of the object.
    private func advance() throws(JSONParseError) -> Bool {
        if let value = pendingValue {
            pendingValue = nil
            next = try scanner.nextMember(after: try scanner.skipValue(value))
        }
        guard let start = next else { return false }
        let member = try scanner.member(start)
        seen.append((member.key, scanner.hasEscape(member.key), member.value))
        pendingValue = member.value
        return true
    }

    /// The value start of `name`, reading further only when it was not seen yet.
    /// The members seen are searched from the one after the last found, around to it: a type
    /// whose keys are asked for in the order the object holds them (a real API server writes a
    /// custom resource's keys sorted; ours in the order they were set) finds each at the first
    /// comparison, where a search from the start compared each key with all those before it.
    /// JSON objects should not repeat a key; when one does, the first of its members after the
    /// last found is taken (the first of all when the keys are asked for in order).
    func find(_ name: String) throws(JSONParseError) -> Int? {
        // `withUTF8` needs a variable of its own (it may make the text contiguous).
        var text = name
        func matches(_ i: Int) -> Bool {
            text.withUTF8 { scanner.key(seen[i].key, escaped: seen[i].escaped, equals: name, utf8: $0) }
        }
        let count = seen.count
        for i in resume..<count where matches(i) { return found(i) }
        for i in 0..<resume where matches(i) { return found(i) }
        while try advance() {
            if matches(seen.count - 1) { return found(seen.count - 1) }
        }
        return nil
    }

    private func found(_ i: Int) -> Int {
        resume = i + 1
        return seen[i].value
    }

    /// Every key, reading the whole object.
    func keys() throws(JSONParseError) -> [String] {
        while try advance() {}
        return try seen.map { (member) throws(JSONParseError) in try scanner.string(body: member.key) }
    }
}

/// An object's members, decoded on demand by key.
private struct KeyedContainer<Key: CodingKey>: KeyedDecodingContainerProtocol {
    let index: MemberIndex
    var codingPath: [any CodingKey] { index.codingPath }
    var scanner: JSONScanner { index.scanner }

    func corrupted(_ failure: JSONParseError) -> DecodingError {
        .dataCorrupted(.init(codingPath: codingPath, debugDescription: "The given data was not valid JSON: \(failure)"))
    }

    var allKeys: [Key] { ((try? index.keys()) ?? []).compactMap(Key.init(stringValue:)) }

    func find(_ key: Key) throws -> Int? {
        do { return try index.find(key.stringValue) } catch { throw corrupted(error) }
    }

    func contains(_ key: Key) -> Bool { ((try? find(key)) ?? nil) != nil }

    func value(_ key: Key) throws -> InPlaceValueDecoder {
        guard let start = try find(key) else {
            throw DecodingError.keyNotFound(key, .init(codingPath: codingPath, debugDescription: "No value associated with key \(key.stringValue)."))
        }
        return InPlaceValueDecoder(scanner: scanner, start: start, parent: .object(index), key: key)
    }

    func decodeNil(forKey key: Key) throws -> Bool { try value(key).isNull }

    func decodeIfPresent<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T? {
        guard let start = try find(key) else { return nil }
        let decoder = InPlaceValueDecoder(scanner: scanner, start: start, parent: .object(index), key: key)
        return decoder.isNull ? nil : try decoder.decode(T.self)
    }

    /// The value of an optional primitive member, nil when absent or null, as the protocol's
    /// default `decodeIfPresent` reads it (a member that cannot be read counts as absent, as its
    /// `contains` says), in one lookup instead of its three (`contains`, `decodeNil`, `decode`).
    private func present(_ key: Key) -> InPlaceValueDecoder? {
        guard let start = (try? find(key)) ?? nil else { return nil }
        let decoder = InPlaceValueDecoder(scanner: scanner, start: start, parent: .object(index), key: key)
        return decoder.isNull ? nil : decoder
    }

    func decodeIfPresent(_ type: Bool.Type, forKey key: Key) throws -> Bool? { try present(key)?.bool() }
    func decodeIfPresent(_ type: String.Type, forKey key: Key) throws -> String? { try present(key)?.string() }
    func decodeIfPresent(_ type: Double.Type, forKey key: Key) throws -> Double? { try present(key)?.double() }
    func decodeIfPresent(_ type: Float.Type, forKey key: Key) throws -> Float? { try present(key).map { Float(try $0.double()) } }
    func decodeIfPresent(_ type: Int.Type, forKey key: Key) throws -> Int? { try present(key)?.integer(Int.self) }
    func decodeIfPresent(_ type: Int8.Type, forKey key: Key) throws -> Int8? { try present(key)?.integer(Int8.self) }
    func decodeIfPresent(_ type: Int16.Type, forKey key: Key) throws -> Int16? { try present(key)?.integer(Int16.self) }
    func decodeIfPresent(_ type: Int32.Type, forKey key: Key) throws -> Int32? { try present(key)?.integer(Int32.self) }
    func decodeIfPresent(_ type: Int64.Type, forKey key: Key) throws -> Int64? { try present(key)?.integer(Int64.self) }
    func decodeIfPresent(_ type: UInt.Type, forKey key: Key) throws -> UInt? { try present(key)?.integer(UInt.self) }
    func decodeIfPresent(_ type: UInt8.Type, forKey key: Key) throws -> UInt8? { try present(key)?.integer(UInt8.self) }
    func decodeIfPresent(_ type: UInt16.Type, forKey key: Key) throws -> UInt16? { try present(key)?.integer(UInt16.self) }
    func decodeIfPresent(_ type: UInt32.Type, forKey key: Key) throws -> UInt32? { try present(key)?.integer(UInt32.self) }
    func decodeIfPresent(_ type: UInt64.Type, forKey key: Key) throws -> UInt64? { try present(key)?.integer(UInt64.self) }

    func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T { try value(key).decode(T.self) }
    func decode(_ type: Bool.Type, forKey key: Key) throws -> Bool { try value(key).bool() }
    func decode(_ type: String.Type, forKey key: Key) throws -> String { try value(key).string() }
    func decode(_ type: Double.Type, forKey key: Key) throws -> Double { try value(key).double() }
    func decode(_ type: Float.Type, forKey key: Key) throws -> Float { Float(try value(key).double()) }
    func decode(_ type: Int.Type, forKey key: Key) throws -> Int { try value(key).integer(Int.self) }
    func decode(_ type: Int8.Type, forKey key: Key) throws -> Int8 { try value(key).integer(Int8.self) }
    func decode(_ type: Int16.Type, forKey key: Key) throws -> Int16 { try value(key).integer(Int16.self) }
    func decode(_ type: Int32.Type, forKey key: Key) throws -> Int32 { try value(key).integer(Int32.self) }
    func decode(_ type: Int64.Type, forKey key: Key) throws -> Int64 { try value(key).integer(Int64.self) }
    func decode(_ type: UInt.Type, forKey key: Key) throws -> UInt { try value(key).integer(UInt.self) }
    func decode(_ type: UInt8.Type, forKey key: Key) throws -> UInt8 { try value(key).integer(UInt8.self) }
    func decode(_ type: UInt16.Type, forKey key: Key) throws -> UInt16 { try value(key).integer(UInt16.self) }
    func decode(_ type: UInt32.Type, forKey key: Key) throws -> UInt32 { try value(key).integer(UInt32.self) }
    func decode(_ type: UInt64.Type, forKey key: Key) throws -> UInt64 { try value(key).integer(UInt64.self) }

    func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type, forKey key: Key) throws -> KeyedDecodingContainer<NestedKey> {
        try value(key).container(keyedBy: type)
    }

    func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer { try value(key).unkeyedContainer() }

    func superDecoder() throws -> any Decoder { try value(Key(stringValue: "super")!) }
    func superDecoder(forKey key: Key) throws -> any Decoder { try value(key) }
}

/// A dictionary key, for error paths.
private struct StringKey: CodingKey {
    var stringValue: String
    var intValue: Int? { nil }
    init(_ name: String) { stringValue = name }
    init?(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { nil }
}

/// An array's elements, decoded in order.
private struct UnkeyedContainer: UnkeyedDecodingContainer {
    let scanner: JSONScanner
    let elements: [Range<Int>]
    var codingPath: [any CodingKey]
    var currentIndex = 0

    init(scanner: JSONScanner, elements: [Range<Int>], codingPath: [any CodingKey]) {
        self.scanner = scanner
        self.elements = elements
        self.codingPath = codingPath
    }

    var count: Int? { elements.count }
    var isAtEnd: Bool { currentIndex >= elements.count }

    /// An index as a coding key, for error paths.
    struct IndexKey: CodingKey {
        var intValue: Int?
        var stringValue: String { "Index \(intValue ?? 0)" }
        init(intValue: Int) { self.intValue = intValue }
        init?(stringValue: String) { nil }
    }

    mutating func next() throws -> InPlaceValueDecoder {
        guard !isAtEnd else {
            throw DecodingError.valueNotFound(Any.self, .init(codingPath: codingPath, debugDescription: "Unkeyed container is at end."))
        }
        defer { currentIndex += 1 }
        let element = elements[currentIndex]
        return InPlaceValueDecoder(scanner: scanner, start: element.lowerBound, end: element.upperBound, parent: .path(codingPath),
                                   key: IndexKey(intValue: currentIndex))
    }

    mutating func decodeNil() throws -> Bool {
        guard !isAtEnd else { return false }
        guard scanner.bytes[elements[currentIndex].lowerBound] == UInt8(ascii: "n") else { return false }
        currentIndex += 1
        return true
    }

    mutating func decode<T: Decodable>(_ type: T.Type) throws -> T { try next().decode(T.self) }
    mutating func decode(_ type: Bool.Type) throws -> Bool { try next().bool() }
    mutating func decode(_ type: String.Type) throws -> String { try next().string() }
    mutating func decode(_ type: Double.Type) throws -> Double { try next().double() }
    mutating func decode(_ type: Float.Type) throws -> Float { Float(try next().double()) }
    mutating func decode(_ type: Int.Type) throws -> Int { try next().integer(Int.self) }
    mutating func decode(_ type: Int8.Type) throws -> Int8 { try next().integer(Int8.self) }
    mutating func decode(_ type: Int16.Type) throws -> Int16 { try next().integer(Int16.self) }
    mutating func decode(_ type: Int32.Type) throws -> Int32 { try next().integer(Int32.self) }
    mutating func decode(_ type: Int64.Type) throws -> Int64 { try next().integer(Int64.self) }
    mutating func decode(_ type: UInt.Type) throws -> UInt { try next().integer(UInt.self) }
    mutating func decode(_ type: UInt8.Type) throws -> UInt8 { try next().integer(UInt8.self) }
    mutating func decode(_ type: UInt16.Type) throws -> UInt16 { try next().integer(UInt16.self) }
    mutating func decode(_ type: UInt32.Type) throws -> UInt32 { try next().integer(UInt32.self) }
    mutating func decode(_ type: UInt64.Type) throws -> UInt64 { try next().integer(UInt64.self) }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type) throws -> KeyedDecodingContainer<NestedKey> {
        try next().container(keyedBy: type)
    }

    mutating func nestedUnkeyedContainer() throws -> any UnkeyedDecodingContainer { try next().unkeyedContainer() }
    mutating func superDecoder() throws -> any Decoder { try next() }
}

/// A single value.
private struct SingleValueContainer: SingleValueDecodingContainer {
    let decoder: InPlaceValueDecoder
    var codingPath: [any CodingKey] { decoder.codingPath }

    func decodeNil() -> Bool { decoder.isNull }
    func decode<T: Decodable>(_ type: T.Type) throws -> T { try decoder.decode(T.self) }
    func decode(_ type: Bool.Type) throws -> Bool { try decoder.bool() }
    func decode(_ type: String.Type) throws -> String { try decoder.string() }
    func decode(_ type: Double.Type) throws -> Double { try decoder.double() }
    func decode(_ type: Float.Type) throws -> Float { Float(try decoder.double()) }
    func decode(_ type: Int.Type) throws -> Int { try decoder.integer(Int.self) }
    func decode(_ type: Int8.Type) throws -> Int8 { try decoder.integer(Int8.self) }
    func decode(_ type: Int16.Type) throws -> Int16 { try decoder.integer(Int16.self) }
    func decode(_ type: Int32.Type) throws -> Int32 { try decoder.integer(Int32.self) }
    func decode(_ type: Int64.Type) throws -> Int64 { try decoder.integer(Int64.self) }
    func decode(_ type: UInt.Type) throws -> UInt { try decoder.integer(UInt.self) }
    func decode(_ type: UInt8.Type) throws -> UInt8 { try decoder.integer(UInt8.self) }
    func decode(_ type: UInt16.Type) throws -> UInt16 { try decoder.integer(UInt16.self) }
    func decode(_ type: UInt32.Type) throws -> UInt32 { try decoder.integer(UInt32.self) }
    func decode(_ type: UInt64.Type) throws -> UInt64 { try decoder.integer(UInt64.self) }
}
