import Foundation

/// Byte-level reading of JSON text held in memory, the one lexer of the package: finding where a
/// value ends without building it, and reading the strings, numbers and literals asked for. Both
/// `JSONParser` (which builds a `JSON` tree) and `ScanningJSONDecoder` (which decodes `Decodable`
/// types in place) read through it, so they agree on what a string, a number and an escape are.
/// Works on a buffer that stays valid for the scanner's lifetime (its users keep the bytes alive).
struct JSONScanner {
    let bytes: UnsafeBufferPointer<UInt8>
    /// Where containers found by `skipValue(_:recording:)` end: `[start, end, start, end, ...]`,
    /// by start; empty unless given. A container found there is skipped without being read again.
    let spans: UnsafeBufferPointer<Int>

    init(bytes: UnsafeBufferPointer<UInt8>, spans: UnsafeBufferPointer<Int> = UnsafeBufferPointer(start: nil, count: 0)) {
        self.bytes = bytes
        self.spans = spans
    }

    private func fail(_ offset: Int, _ message: String) -> JSONParseError { JSONParseError(message: message, offset: offset) }

    @inline(__always) func skipSpace(_ i: Int) -> Int {
        var i = i
        while i < bytes.count {
            switch bytes[i] {
            case 0x20, 0x0A, 0x0D, 0x09: i += 1
            default: return i
            }
        }
        return i
    }

    /// The index just past the value starting at `i` (after whitespace), without building it.
    func skipValue(_ i: Int) throws(JSONParseError) -> Int {
        let i = skipSpace(i)
        guard i < bytes.count else { throw fail(i, "unexpected end of input") }
        switch bytes[i] {
        case UInt8(ascii: "\""): return try skipString(i)
        case UInt8(ascii: "{"), UInt8(ascii: "["): return try skipContainer(i)
        default:
            let j = skipToken(i)
            guard j > i else { throw fail(i, "unexpected character") }
            return j
        }
    }

    /// Past the closing quote of the string starting at `i`; a backslash takes the byte after it
    /// along, so an escaped quote never ends the string.
    func skipString(_ i: Int) throws(JSONParseError) -> Int {
        var j = i + 1
        while true {
            j = firstFlagged(from: j, Self.quoteOrBackslash) { $0 == 0x22 || $0 == 0x5C }
            guard j < bytes.count else { throw fail(i, "unterminated string") }
            let c = bytes[j]
            if c == 0x22 { return j + 1 }
            j += c == 0x5C ? 2 : 1
        }
    }

    /// The first index from `j` on whose byte is special, or past the end: eight bytes at a time
    /// (most strings of an object are short: a call to `memchr` for each cost more than the
    /// reading), a word whose `flags` are none passed whole, else the first flagged byte; the
    /// last bytes one at a time by `isSpecial`.
    @inline(__always) private func firstFlagged(from j: Int, _ flags: (UInt64) -> UInt64, isSpecial: (UInt8) -> Bool) -> Int {
        let raw = UnsafeRawPointer(bytes.baseAddress!)
        let count = bytes.count
        var j = j
        while j < count {
            if j + 8 <= count {
                let hits = flags(UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: j, as: UInt64.self)))
                if hits == 0 { j += 8; continue }
                return j + hits.trailingZeroBitCount >> 3
            }
            if isSpecial(bytes[j]) { return j }
            j += 1
        }
        return j
    }

    /// The high bit of each byte of `word` (little-endian) that is a quote or a backslash, and
    /// possibly of bytes above the first such (a borrow): the lowest bit set marks the first.
    @inline(__always) private static func quoteOrBackslash(_ word: UInt64) -> UInt64 {
        let ones: UInt64 = 0x0101_0101_0101_0101, highs: UInt64 = 0x8080_8080_8080_8080
        let quotes = word ^ (ones &* 0x22), backslashes = word ^ (ones &* 0x5C)
        return ((quotes &- ones) & ~quotes | (backslashes &- ones) & ~backslashes) & highs
    }

    /// The string starting at `i` (its opening quote) and the index past its closing quote. A
    /// string without escapes or control characters (most) is read in one pass, eight bytes at a
    /// time; any other is skipped and then read by `string(body:)`, with the errors it gives.
    @inline(__always) func readString(_ i: Int) throws(JSONParseError) -> (value: String, end: Int) {
        let j = firstFlagged(from: i + 1, Self.quoteBackslashOrControl) { $0 == 0x22 || $0 == 0x5C || $0 < 0x20 }
        if j < bytes.count, bytes[j] == 0x22 {
            return (String(decoding: UnsafeBufferPointer(rebasing: bytes[(i + 1)..<j]), as: UTF8.self), j + 1)
        }
        let end = try skipString(i)
        return (try string(body: (i + 1)..<(end - 1)), end)
    }

    /// As `quoteOrBackslash`, counting control characters (below 0x20) too.
    @inline(__always) private static func quoteBackslashOrControl(_ word: UInt64) -> UInt64 {
        let ones: UInt64 = 0x0101_0101_0101_0101, highs: UInt64 = 0x8080_8080_8080_8080
        return quoteOrBackslash(word) | (word &- ones &* 0x20) & ~word & highs
    }

    /// Past the number or literal starting at `i` (up to the next delimiter, unchecked).
    func skipToken(_ i: Int) -> Int {
        var j = i
        while j < bytes.count {
            switch bytes[j] {
            case UInt8(ascii: ","), UInt8(ascii: "}"), UInt8(ascii: "]"), 0x20, 0x0A, 0x0D, 0x09: return j
            default: j += 1
            }
        }
        return j
    }

    /// Past the number starting at `i`, checked against RFC 8259's grammar (no leading zeros, digits
    /// after `.` and `e`), and whether it is written as an integer.
    func number(_ i: Int) throws(JSONParseError) -> (end: Int, isInteger: Bool) {
        var j = i
        var isInteger = true
        @inline(__always) func isDigit(_ k: Int) -> Bool { k < bytes.count && bytes[k] >= 0x30 && bytes[k] <= 0x39 }
        if j < bytes.count, bytes[j] == UInt8(ascii: "-") { j += 1 }
        guard isDigit(j) else { throw fail(j, "invalid number") }
        if bytes[j] == 0x30 { j += 1 } else { while isDigit(j) { j += 1 } }
        if j < bytes.count, bytes[j] == UInt8(ascii: ".") {
            isInteger = false
            j += 1
            guard isDigit(j) else { throw fail(j, "invalid number") }
            while isDigit(j) { j += 1 }
        }
        if j < bytes.count, bytes[j] == UInt8(ascii: "e") || bytes[j] == UInt8(ascii: "E") {
            isInteger = false
            j += 1
            if j < bytes.count, bytes[j] == UInt8(ascii: "+") || bytes[j] == UInt8(ascii: "-") { j += 1 }
            guard isDigit(j) else { throw fail(j, "invalid number") }
            while isDigit(j) { j += 1 }
        }
        return (j, isInteger)
    }

    /// Past the literal `word` (`true`, `false`, `null`) expected at `i`.
    func literal(_ i: Int, _ word: StaticString) throws(JSONParseError) -> Int {
        let n = word.utf8CodeUnitCount
        guard i + n <= bytes.count else { throw fail(i, "unexpected end of input") }
        let w = word.utf8Start
        for k in 0..<n where bytes[i + k] != w[k] { throw fail(i, "invalid literal") }
        return i + n
    }

    /// Past the bracket closing the object or array starting at `i`: from `spans` when it is
    /// there, else counting nesting outside strings.
    private func skipContainer(_ i: Int) throws(JSONParseError) -> Int {
        if let end = spanEnd(i) { return end }
        var unrecorded: [Int]? = nil
        return try skipContainer(i, recording: &unrecorded)
    }

    /// Containers shorter than this are not recorded: reading one again costs less than finding it.
    static let shortestSpan = 48
    /// Containers nested deeper than this are not recorded (an object's own members are
    /// seldom this deep), which bounds the stack of open ones whatever the input.
    static let deepestSpan = 32

    /// The value starting at `i` (after whitespace) skipped as `skipValue` does, every container
    /// inside it at least `shortestSpan` long and at most `deepestSpan` deep appended to `recorded`
    /// (as `[start, end]`, in order of start: what a scanner's `spans` holds).
    func skipValue(_ i: Int, recording recorded: inout [Int]) throws(JSONParseError) -> Int {
        let i = skipSpace(i)
        guard i < bytes.count, bytes[i] == UInt8(ascii: "{") || bytes[i] == UInt8(ascii: "[") else { return try skipValue(i) }
        // Moved into the optional the skipping takes (nil: record nothing), and back.
        var recording: [Int]? = recorded
        recorded = []
        defer { recorded = recording ?? [] }
        return try skipContainer(i, recording: &recording)
    }

    /// Past the bracket closing the container starting at `i`, counting nesting outside strings;
    /// the spans of the containers inside it appended to `recording` when given.
    private func skipContainer(_ i: Int, recording: inout [Int]?) throws(JSONParseError) -> Int {
        var depth = 0
        var open: [Int] = []
        var j = i
        while j < bytes.count {
            switch bytes[j] {
            case UInt8(ascii: "{"), UInt8(ascii: "["):
                depth += 1
                if recording != nil, depth <= Self.deepestSpan {
                    open.append(recording!.count)
                    recording!.append(j)
                    recording!.append(0)
                }
                j += 1
            case UInt8(ascii: "}"), UInt8(ascii: "]"):
                if recording != nil, depth <= Self.deepestSpan {
                    let at = open.removeLast()
                    // A short container's own short containers were dropped as they closed, so
                    // its entry is the last one.
                    if j + 1 - recording![at] < Self.shortestSpan { recording!.removeLast(2) } else { recording![at + 1] = j + 1 }
                }
                depth -= 1
                j += 1
                if depth == 0 { return j }
            case UInt8(ascii: "\""): j = try skipString(j)
            default: j += 1
            }
        }
        throw fail(i, "unterminated \(bytes[i] == UInt8(ascii: "{") ? "object" : "array")")
    }

    /// The end of the container starting at `i`, when `spans` holds it (a binary search by start).
    @inline(__always) private func spanEnd(_ i: Int) -> Int? {
        var low = 0, high = spans.count / 2
        while low < high {
            let mid = (low + high) / 2
            let start = spans[2 * mid]
            if start == i { return spans[2 * mid + 1] }
            if start < i { low = mid + 1 } else { high = mid }
        }
        return nil
    }

    /// Where the first member of the object starting at `i` begins (its key's quote), or nil
    /// for an empty object.
    func firstMember(_ i: Int) throws(JSONParseError) -> Int? {
        var j = skipSpace(i)
        guard j < bytes.count, bytes[j] == UInt8(ascii: "{") else { throw fail(j, "expected an object") }
        j = skipSpace(j + 1)
        guard j < bytes.count else { throw fail(j, "unterminated object") }
        return bytes[j] == UInt8(ascii: "}") ? nil : j
    }

    /// Reads the member starting at `i`: its key's bytes (between the quotes, escapes left in) and
    /// where its value starts.
    func member(_ i: Int) throws(JSONParseError) -> (key: Range<Int>, value: Int) {
        guard i < bytes.count, bytes[i] == UInt8(ascii: "\"") else { throw fail(i, "expected a member name") }
        let keyEnd = try skipString(i)
        let colon = skipSpace(keyEnd)
        guard colon < bytes.count, bytes[colon] == UInt8(ascii: ":") else { throw fail(colon, "expected ':'") }
        return (key: (i + 1)..<(keyEnd - 1), value: skipSpace(colon + 1))
    }

    /// Where the member after the value ending at `end` starts, or nil at the object's end.
    func nextMember(after end: Int) throws(JSONParseError) -> Int? {
        let j = skipSpace(end)
        guard j < bytes.count else { throw fail(j, "unexpected end of input in an object") }
        if bytes[j] == UInt8(ascii: "}") { return nil }
        guard bytes[j] == UInt8(ascii: ",") else { throw fail(j, "expected ',' or '}'") }
        return skipSpace(j + 1)
    }

    /// The element ranges of the array starting at `i`.
    func elements(_ i: Int) throws(JSONParseError) -> [Range<Int>] {
        var out: [Range<Int>] = []
        var j = skipSpace(i)
        guard j < bytes.count, bytes[j] == UInt8(ascii: "[") else { throw fail(j, "expected an array") }
        j = skipSpace(j + 1)
        if j < bytes.count, bytes[j] == UInt8(ascii: "]") { return out }
        while true {
            let end = try skipValue(j)
            out.append(j..<end)
            j = skipSpace(end)
            guard j < bytes.count else { throw fail(j, "unexpected end of input in an array") }
            if bytes[j] == UInt8(ascii: "]") { return out }
            guard bytes[j] == UInt8(ascii: ",") else { throw fail(j, "expected ',' or ']'") }
            j = skipSpace(j + 1)
        }
    }

    /// Whether the key bytes (as they appear between quotes) are the text `name` (its UTF-8 bytes
    /// `utf8`), `escaped` saying whether they hold a backslash (`hasEscape`, found once per member
    /// by its reader rather than at each comparison). Bytes alike are the same text unless they
    /// hold an escape (`a\\u0041` written is `aA`, not the name `a\\u0041`); a key written with
    /// escapes is compared by its text, and only a key written longer than the name can be one
    /// (an escape is shorter read than written).
    @inline(__always) func key(_ range: Range<Int>, escaped: Bool, equals name: String, utf8: UnsafeBufferPointer<UInt8>) -> Bool {
        if escaped { return range.count > utf8.count && (try? string(body: range)) == name }
        return range.count == utf8.count && (range.isEmpty || memcmp(utf8.baseAddress!, bytes.baseAddress! + range.lowerBound, range.count) == 0)
    }

    /// Whether the bytes hold a backslash.
    @inline(__always) func hasEscape(_ range: Range<Int>) -> Bool {
        !range.isEmpty && memchr(bytes.baseAddress! + range.lowerBound, 0x5C, range.count) != nil
    }

    /// The text of a string body (between the quotes). RFC 8259: control characters must be escaped,
    /// and the escapes are `\" \\ \/ \b \f \n \r \t \uXXXX`; a surrogate pair makes one scalar, a lone
    /// surrogate becomes U+FFFD. A body without escapes is decoded straight from the buffer.
    func string(body range: Range<Int>) throws(JSONParseError) -> String {
        var j = range.lowerBound
        while j < range.upperBound {
            let c = bytes[j]
            if c == 0x5C { break }
            if c < 0x20 { throw fail(j, "control character in a string") }
            j += 1
        }
        if j == range.upperBound { return String(decoding: UnsafeBufferPointer(rebasing: bytes[range]), as: UTF8.self) }
        var out: [UInt8] = []
        out.reserveCapacity(range.count)
        out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[range.lowerBound..<j]))
        func hex4(_ at: Int) throws(JSONParseError) -> UInt32 {
            guard at + 4 <= range.upperBound else { throw fail(at, "short \\u escape") }
            var v: UInt32 = 0
            for k in at..<(at + 4) {
                let c = bytes[k]
                let d: UInt32
                switch c {
                case 0x30...0x39: d = UInt32(c - 0x30)
                case 0x41...0x46: d = UInt32(c - 0x41 + 10)
                case 0x61...0x66: d = UInt32(c - 0x61 + 10)
                default: throw fail(k, "invalid \\u escape")
                }
                v = v << 4 | d
            }
            return v
        }
        while j < range.upperBound {
            let c = bytes[j]
            if c < 0x20 { throw fail(j, "control character in a string") }
            guard c == 0x5C else { out.append(c); j += 1; continue }
            guard j + 1 < range.upperBound else { throw fail(j, "invalid escape") }
            let e = bytes[j + 1]
            j += 2
            switch e {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): out.append(e)
            case UInt8(ascii: "n"): out.append(0x0A)
            case UInt8(ascii: "t"): out.append(0x09)
            case UInt8(ascii: "r"): out.append(0x0D)
            case UInt8(ascii: "b"): out.append(0x08)
            case UInt8(ascii: "f"): out.append(0x0C)
            case UInt8(ascii: "u"):
                var scalar = try hex4(j)
                j += 4
                if (0xD800..<0xDC00).contains(scalar), j + 6 <= range.upperBound, bytes[j] == UInt8(ascii: "\\"),
                   bytes[j + 1] == UInt8(ascii: "u") {
                    let low = try hex4(j + 2)
                    if (0xDC00..<0xE000).contains(low) {
                        scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                        j += 6
                    }
                }
                out.append(contentsOf: String(Unicode.Scalar(scalar) ?? "\u{FFFD}").utf8)
            default: throw fail(j - 1, "invalid escape")
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// The exact text of a number or literal.
    func token(_ range: Range<Int>) -> String { String(decoding: UnsafeBufferPointer(rebasing: bytes[range]), as: UTF8.self) }

    /// An integer without building a string; nil when the text is not a plain in-range integer.
    func integer(_ range: Range<Int>) -> Int64? {
        var j = range.lowerBound
        let negative = j < range.upperBound && bytes[j] == UInt8(ascii: "-")
        if negative { j += 1 }
        guard j < range.upperBound else { return nil }
        var v: Int64 = 0
        while j < range.upperBound {
            let d = Int64(bytes[j]) - 48
            guard d >= 0, d <= 9 else { return nil }
            let (m, o1) = v.multipliedReportingOverflow(by: 10)
            let (a, o2) = negative ? m.subtractingReportingOverflow(d) : m.addingReportingOverflow(d)
            guard !o1, !o2 else { return nil }
            v = a
            j += 1
        }
        return v
    }
}
