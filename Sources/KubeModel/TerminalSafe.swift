import Foundation

/// The one filter for text the CLI prints from data it did not write itself (object fields, server
/// error messages, exec-plugin stderr): every character a terminal would act on instead of
/// showing is replaced by a visible escape, so nobody who can write an object can retitle a
/// pane, clear the screen, move the cursor, write the clipboard (OSC 52) or reorder a line.
///
/// Replaced: C0 controls (newline and tab included: data never starts a line of its own), DEL,
/// C1 controls, and the invisible format characters: bidi embeddings, overrides, isolates and
/// marks, zero-width spaces and joiners, the BOM, line and paragraph separators. They are shown
/// as `\x1b`, `\x7f`, `\x85`, `\u{202e}`. The console's grid gives the same characters no column
/// (`DisplayWidth` in TerminalUI asks `isUnsafe`): the console drops them, the CLI shows them.
public enum TerminalSafe {
    /// Whether a terminal could act on `scalar` instead of printing it, or print it invisibly.
    public static func isUnsafe(_ scalar: Unicode.Scalar) -> Bool {
        let v = scalar.value
        if v < 0x20 || (0x7F...0x9F).contains(v) { return true }
        if v < 0xA0 { return false }
        switch scalar.properties.generalCategory {
        case .format, .lineSeparator, .paragraphSeparator, .control: return true
        default: return false
        }
    }

    /// `text` with every unsafe character replaced by its visible escape (`\x1b`, `\u{202e}`).
    public static func text(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: isUnsafe) else { return text }
        var out = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            guard isUnsafe(scalar) else { out.append(scalar); continue }
            out.append(contentsOf: visible(scalar.value).unicodeScalars)
        }
        return String(out)
    }

    /// `text` made safe and cut to at most `limit` UTF-8 bytes, saying how much was cut
    /// (a server's error message can be megabytes long).
    public static func message(_ text: String, limit: Int = 4096) -> String {
        let safe = TerminalSafe.text(text)
        let bytes = safe.utf8.count
        guard bytes > limit else { return safe }
        var kept = ""
        var used = 0
        for character in safe {
            let size = character.utf8.count
            if used + size > limit { break }
            kept.append(character)
            used += size
        }
        return "\(kept)… (\(bytes - used) more bytes cut)"
    }

    /// Every string in `value` (keys of string-keyed maps included) made safe, the rest as it was:
    /// what a text renderer draws from, so no field can slip past. The value goes through its
    /// own `Codable` form (its JSON, where each string is rewritten), so a field added later is
    /// covered without touching this.
    public static func sanitized<T: Codable>(_ value: T) -> T {
        let encoder = JSONEncoder()
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "+inf", negativeInfinity: "-inf", nan: "nan")
        let decoder = JSONDecoder()
        decoder.nonConformingFloatDecodingStrategy = .convertFromString(positiveInfinity: "+inf", negativeInfinity: "-inf", nan: "nan")
        guard let data = try? encoder.encode(value) else { return value }
        let json = String(decoding: data, as: UTF8.self)
        guard let rewritten = visibleEscapes(inJSON: json) else { return value }
        // A view that encodes decodes: its Codable conformance is synthesized or symmetric.
        return (try? decoder.decode(T.self, from: Data(rewritten.utf8))) ?? value
    }

    /// Compact JSON with every unsafe character inside a string (raw, or as `\n`, `\u001b`)
    /// replaced by its visible escape; nil when there was none.
    static func visibleEscapes(inJSON json: String) -> String? {
        let scalars = Array(json.unicodeScalars)
        var out = String.UnicodeScalarView()
        var changed = false
        var inString = false
        var i = 0
        func appendVisible(_ value: UInt32) {
            // `\x1b` in JSON is the four characters `\x1b` in the string.
            out.append(contentsOf: ("\\\\" + visible(value).dropFirst()).unicodeScalars)
            changed = true
        }
        while i < scalars.count {
            let c = scalars[i]
            if !inString {
                if c == "\"" { inString = true }
                out.append(c); i += 1; continue
            }
            if c == "\"" { inString = false; out.append(c); i += 1; continue }
            if c == "\\", i + 1 < scalars.count {
                let next = scalars[i + 1]
                if let value = shortEscapes[next] { appendVisible(value); i += 2; continue }
                if next == "u", let value = hexEscape(scalars, at: i) {
                    // A surrogate pair (`\\ud83d\\ude80`) stands for one character.
                    if (0xD800..<0xDC00).contains(value), let low = hexEscape(scalars, at: i + 6), (0xDC00..<0xE000).contains(low) {
                        let combined = 0x10000 + ((value - 0xD800) << 10) + (low - 0xDC00)
                        if let scalar = Unicode.Scalar(combined), isUnsafe(scalar) { appendVisible(combined); i += 12; continue }
                    } else if let scalar = Unicode.Scalar(value), isUnsafe(scalar) {
                        appendVisible(value); i += 6; continue
                    }
                }
                out.append(c); out.append(next); i += 2; continue
            }
            if isUnsafe(c) { appendVisible(c.value); i += 1; continue }
            out.append(c); i += 1
        }
        return changed ? String(out) : nil
    }

    /// The value of the `\\uXXXX` escape starting at `i`, if one does.
    private static func hexEscape(_ scalars: [Unicode.Scalar], at i: Int) -> UInt32? {
        guard i + 5 < scalars.count, scalars[i] == "\\", scalars[i + 1] == "u" else { return nil }
        return UInt32(String(String.UnicodeScalarView(scalars[(i + 2)...(i + 5)])), radix: 16)
    }

    /// JSON's one-letter escapes of control characters.
    private static let shortEscapes: [Unicode.Scalar: UInt32] = ["n": 0x0A, "t": 0x09, "r": 0x0D, "b": 0x08, "f": 0x0C]

    /// The visible escape of one character: `\x1b` below U+0100, else `\u{202e}`.
    static func visible(_ value: UInt32) -> String {
        value < 0x100 ? "\\x" + hex(value, digits: 2) : "\\u{" + hex(value, digits: 4) + "}"
    }

    /// JSON text with DEL, U+0080–U+009F and the format characters written as `\u` escapes as
    /// well (JSONEncoder escapes only C0): a JSON document printed to a terminal is safe too. The
    /// replaced characters can only occur inside strings, where `\u` escapes mean the same.
    public static func json(_ text: String) -> String {
        func escapes(_ scalar: Unicode.Scalar) -> Bool { scalar.value >= 0x7F && isUnsafe(scalar) }
        guard text.unicodeScalars.contains(where: escapes) else { return text }
        var out = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            guard escapes(scalar) else { out.append(scalar); continue }
            // Non-BMP format characters (tags, U+E0001) become a surrogate pair, as JSON requires.
            for unit in String(scalar).utf16 { out.append(contentsOf: ("\\u" + hex(UInt32(unit), digits: 4)).unicodeScalars) }
        }
        return String(out)
    }

    private static func hex(_ value: UInt32, digits: Int) -> String {
        let s = String(value, radix: 16)
        return String(repeating: "0", count: max(0, digits - s.count)) + s
    }
}
