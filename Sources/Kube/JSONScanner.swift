import Foundation

/// Byte-level reading of JSON text held in memory: finding where a value ends without building it,
/// and reading the strings, numbers and literals a decoder asks for. Works on a buffer that stays
/// valid for the scanner's lifetime (the decoder keeps the bytes alive around it).
struct JSONScanner {
    let bytes: UnsafeBufferPointer<UInt8>

    /// Why scanning failed, at which byte.
    struct Failure: Error, CustomStringConvertible {
        var offset: Int
        var reason: String
        var description: String { "\(reason) at byte \(offset)" }
    }

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
    func skipValue(_ i: Int) throws(Failure) -> Int {
        let i = skipSpace(i)
        guard i < bytes.count else { throw Failure(offset: i, reason: "unexpected end of JSON") }
        switch bytes[i] {
        case UInt8(ascii: "\""): return try skipString(i)
        case UInt8(ascii: "{"), UInt8(ascii: "["): return try skipContainer(i)
        default:
            let j = skipToken(i)
            guard j > i else { throw Failure(offset: i, reason: "unexpected character") }
            return j
        }
    }

    /// Past the closing quote of the string starting at `i`: memchr to each quote, then an even
    /// run of backslashes before it means the quote is not escaped.
    func skipString(_ i: Int) throws(Failure) -> Int {
        let base = bytes.baseAddress!
        var j = i + 1
        while j < bytes.count {
            guard let hit = memchr(base + j, 0x22, bytes.count - j) else { break }
            let quote = UnsafeRawPointer(hit).assumingMemoryBound(to: UInt8.self) - base
            var slashes = 0
            while quote - 1 - slashes > i, bytes[quote - 1 - slashes] == 0x5C { slashes += 1 }
            if slashes % 2 == 0 { return quote + 1 }
            j = quote + 1
        }
        throw Failure(offset: i, reason: "unterminated string")
    }

    /// Past the number or literal starting at `i`.
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

    /// Past the bracket closing the object or array starting at `i`, counting nesting outside strings.
    private func skipContainer(_ i: Int) throws(Failure) -> Int {
        var depth = 0
        var j = i
        while j < bytes.count {
            switch bytes[j] {
            case UInt8(ascii: "{"), UInt8(ascii: "["): depth += 1; j += 1
            case UInt8(ascii: "}"), UInt8(ascii: "]"):
                depth -= 1
                j += 1
                if depth == 0 { return j }
            case UInt8(ascii: "\""): j = try skipString(j)
            default: j += 1
            }
        }
        throw Failure(offset: i, reason: "unterminated \(bytes[i] == UInt8(ascii: "{") ? "object" : "array")")
    }

    /// Where the first member of the object starting at `i` begins (its key's quote), or nil
    /// for an empty object.
    func firstMember(_ i: Int) throws(Failure) -> Int? {
        var j = skipSpace(i)
        guard j < bytes.count, bytes[j] == UInt8(ascii: "{") else { throw Failure(offset: j, reason: "expected an object") }
        j = skipSpace(j + 1)
        guard j < bytes.count else { throw Failure(offset: j, reason: "unterminated object") }
        return bytes[j] == UInt8(ascii: "}") ? nil : j
    }

    /// Reads the member starting at `i`: its key's bytes (between the quotes, escapes left in) and
    /// where its value starts.
    func member(_ i: Int) throws(Failure) -> (key: Range<Int>, value: Int) {
        guard i < bytes.count, bytes[i] == UInt8(ascii: "\"") else { throw Failure(offset: i, reason: "expected a key") }
        let keyEnd = try skipString(i)
        let colon = skipSpace(keyEnd)
        guard colon < bytes.count, bytes[colon] == UInt8(ascii: ":") else { throw Failure(offset: colon, reason: "expected ':'") }
        return (key: (i + 1)..<(keyEnd - 1), value: skipSpace(colon + 1))
    }

    /// Where the member after the value ending at `end` starts, or nil at the object's end.
    func nextMember(after end: Int) throws(Failure) -> Int? {
        let j = skipSpace(end)
        guard j < bytes.count else { throw Failure(offset: j, reason: "unterminated object") }
        if bytes[j] == UInt8(ascii: "}") { return nil }
        guard bytes[j] == UInt8(ascii: ",") else { throw Failure(offset: j, reason: "expected ',' or '}'") }
        return skipSpace(j + 1)
    }

    /// The element ranges of the array starting at `i`.
    func elements(_ i: Int) throws(Failure) -> [Range<Int>] {
        var out: [Range<Int>] = []
        var j = skipSpace(i)
        guard j < bytes.count, bytes[j] == UInt8(ascii: "[") else { throw Failure(offset: j, reason: "expected an array") }
        j = skipSpace(j + 1)
        if j < bytes.count, bytes[j] == UInt8(ascii: "]") { return out }
        while true {
            let end = try skipValue(j)
            out.append(j..<end)
            j = skipSpace(end)
            guard j < bytes.count else { throw Failure(offset: j, reason: "unterminated array") }
            if bytes[j] == UInt8(ascii: "]") { return out }
            guard bytes[j] == UInt8(ascii: ",") else { throw Failure(offset: j, reason: "expected ',' or ']'") }
            j = skipSpace(j + 1)
        }
    }

    /// Whether the key bytes (as they appear between quotes) equal `name`.
    @inline(__always) func key(_ range: Range<Int>, equals name: String) -> Bool {
        var name = name
        let same = name.withUTF8 { utf8 in
            utf8.count == range.count && (range.isEmpty || memcmp(utf8.baseAddress!, bytes.baseAddress! + range.lowerBound, range.count) == 0)
        }
        // A key written with escapes is compared by its text.
        return same || (UnsafeBufferPointer(rebasing: bytes[range]).contains(UInt8(ascii: "\\")) && (try? string(body: range)) == name)
    }

    /// The text of a string body (between the quotes), unescaping `\n`, `\uXXXX` (with surrogate pairs) and the rest.
    func string(body range: Range<Int>) throws(Failure) -> String {
        let raw = UnsafeBufferPointer(rebasing: bytes[range])
        guard raw.contains(UInt8(ascii: "\\")) else { return String(decoding: raw, as: UTF8.self) }
        var out: [UInt8] = []
        out.reserveCapacity(range.count)
        var j = range.lowerBound
        func hex4(_ at: Int) throws(Failure) -> UInt32 {
            guard at + 4 <= range.upperBound else { throw Failure(offset: at, reason: "short \\u escape") }
            var v: UInt32 = 0
            for k in at..<(at + 4) {
                let c = bytes[k]
                let d: UInt32
                switch c {
                case 0x30...0x39: d = UInt32(c - 0x30)
                case 0x41...0x46: d = UInt32(c - 0x41 + 10)
                case 0x61...0x66: d = UInt32(c - 0x61 + 10)
                default: throw Failure(offset: k, reason: "bad \\u escape")
                }
                v = v << 4 | d
            }
            return v
        }
        while j < range.upperBound {
            let c = bytes[j]
            guard c == UInt8(ascii: "\\") else { out.append(c); j += 1; continue }
            guard j + 1 < range.upperBound else { throw Failure(offset: j, reason: "dangling escape") }
            let e = bytes[j + 1]
            j += 2
            switch e {
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
            default: out.append(e)
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
