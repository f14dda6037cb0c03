import Foundation

/// Why a text is not JSON, with the byte offset where parsing stopped.
public struct JSONParseError: Error, Sendable, Equatable, CustomStringConvertible {
    public var message: String
    public var offset: Int
    public var description: String { "invalid JSON at byte \(offset): \(message)" }
}

extension JSON {
    /// Parses one JSON document (RFC 8259); surrounding whitespace is allowed, trailing bytes are not.
    public init(parsing data: Data) throws {
        self = try data.withUnsafeBytes { raw in
            var p = JSONParser(JSONScanner(bytes: raw.bindMemory(to: UInt8.self)))
            return try p.parseDocument()
        }
    }

    public init(parsing text: String) throws {
        var text = text
        self = try text.withUTF8 { buf in
            var p = JSONParser(JSONScanner(bytes: buf))
            return try p.parseDocument()
        }
    }

    public init(parsing bytes: [UInt8]) throws {
        self = try bytes.withUnsafeBufferPointer { buf in
            var p = JSONParser(JSONScanner(bytes: buf))
            return try p.parseDocument()
        }
    }
}

/// A recursive-descent parser building a `JSON` tree from `JSONScanner`'s tokens; nesting is
/// limited so hostile input cannot overflow the stack.
struct JSONParser {
    private let scanner: JSONScanner
    private var i: Int
    private var depth = 0
    static let maxDepth = 512

    /// A parser reading the value at `start` (the whole buffer for a document).
    init(_ scanner: JSONScanner, at start: Int = 0) {
        self.scanner = scanner
        i = start
    }

    private var b: UnsafeBufferPointer<UInt8> { scanner.bytes }

    mutating func parseDocument() throws(JSONParseError) -> JSON {
        i = scanner.skipSpace(i)
        let v = try parseValue()
        i = scanner.skipSpace(i)
        guard i == b.count else { throw fail("unexpected data after the document") }
        return v
    }

    private func fail(_ message: String) -> JSONParseError { JSONParseError(message: message, offset: i) }

    /// The value at the current position (no whitespace before it).
    mutating func parseValue() throws(JSONParseError) -> JSON {
        guard i < b.count else { throw fail("unexpected end of input") }
        switch b[i] {
        case UInt8(ascii: "{"): return try parseObject()
        case UInt8(ascii: "["): return try parseArray()
        case UInt8(ascii: "\""):
            let (s, end) = try scanner.readString(i)
            i = end
            return .string(s)
        case UInt8(ascii: "t"): i = try scanner.literal(i, "true"); return .bool(true)
        case UInt8(ascii: "f"): i = try scanner.literal(i, "false"); return .bool(false)
        case UInt8(ascii: "n"): i = try scanner.literal(i, "null"); return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return try parseNumber()
        default: throw fail("unexpected character '\(Character(UnicodeScalar(b[i])))'")
        }
    }

    private mutating func enter() throws(JSONParseError) {
        depth += 1
        if depth > JSONParser.maxDepth { throw fail("nesting deeper than \(JSONParser.maxDepth)") }
    }

    private mutating func parseObject() throws(JSONParseError) -> JSON {
        try enter()
        defer { depth -= 1 }
        i = scanner.skipSpace(i + 1)
        var o = JSONObject()
        if i < b.count, b[i] == UInt8(ascii: "}") { i += 1; return .object(o) }
        while true {
            i = scanner.skipSpace(i)
            guard i < b.count, b[i] == UInt8(ascii: "\"") else { throw fail("expected a member name") }
            let (key, keyEnd) = try scanner.readString(i)
            i = scanner.skipSpace(keyEnd)
            guard i < b.count, b[i] == UInt8(ascii: ":") else { throw fail("expected ':'") }
            i = scanner.skipSpace(i + 1)
            let value = try parseValue()
            if o[key] != nil { o[key] = value } else { o.appendUnchecked(key, value) }
            i = scanner.skipSpace(i)
            guard i < b.count else { throw fail("unexpected end of input in an object") }
            if b[i] == UInt8(ascii: ",") { i += 1; continue }
            if b[i] == UInt8(ascii: "}") { i += 1; return .object(o) }
            throw fail("expected ',' or '}'")
        }
    }

    private mutating func parseArray() throws(JSONParseError) -> JSON {
        try enter()
        defer { depth -= 1 }
        i = scanner.skipSpace(i + 1)
        var a: [JSON] = []
        if i < b.count, b[i] == UInt8(ascii: "]") { i += 1; return .array(a) }
        while true {
            i = scanner.skipSpace(i)
            a.append(try parseValue())
            i = scanner.skipSpace(i)
            guard i < b.count else { throw fail("unexpected end of input in an array") }
            if b[i] == UInt8(ascii: ",") { i += 1; continue }
            if b[i] == UInt8(ascii: "]") { i += 1; return .array(a) }
            throw fail("expected ',' or ']'")
        }
    }

    private mutating func parseNumber() throws(JSONParseError) -> JSON {
        let start = i
        let (end, isInteger) = try scanner.number(i)
        i = end
        if isInteger, let v = scanner.integer(start..<end) { return .int(v) }
        guard let d = Double(scanner.token(start..<end)), d.isFinite else { throw fail("number out of range") }
        return .double(d)
    }

    /// Where parsing stopped: past the value just read.
    var position: Int { i }
}
