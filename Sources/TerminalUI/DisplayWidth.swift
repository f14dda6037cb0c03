import KubeModel

/// Column widths of text, by the rules of `wcwidth` (Markus Kuhn's reference
/// implementation, with the East Asian Wide/Fullwidth blocks and emoji presentation of
/// current Unicode), computed in Swift so the result does not depend on the process
/// locale: glibc's `wcwidth` returns -1 for every non-ASCII character under `LANG=C`.
///
/// - combining marks, enclosing marks, and what `TerminalSafe` (KubeModel) calls unsafe
///   (controls, bidi and other format characters such as ZWJ, line separators) take 0 columns,
///   so the grid never draws them: the console drops what the CLI shows as escapes, by one rule;
/// - East Asian Wide and Fullwidth characters and emoji presented as emoji take 2;
/// - everything else takes 1 (the plugin's icons `✔ ✖ ◌ ◷ ⚠ ॥ • ⟳ ⧉ □` and box lines).
public enum DisplayWidth {
    /// The columns one Unicode scalar occupies.
    public static func of(_ scalar: Unicode.Scalar) -> Int {
        let value = scalar.value
        // Most of what a frame draws beyond ASCII: box lines, arrows, shapes, the plugin's icons,
        // dashes, bullets and the ellipsis. These blocks hold no marks, controls or format
        // characters, and their emoji-presentation characters are all in `wideRanges`, so the
        // Unicode property lookups below (most of the cost of drawing a frame's borders) give
        // nothing `isWide` does not (`DisplayWidthTests` checks every one against `byProperties`).
        if fastRanges.contains(where: { $0.contains(value) }) { return isWide(value) ? 2 : 1 }
        return byProperties(scalar)
    }

    /// The blocks `of` measures by `isWide` alone: General Punctuation's dashes, quotes, bullet
    /// and ellipsis; arrows, mathematical operators, technical symbols, box drawing, block
    /// elements, geometric shapes, symbols, dingbats and supplemental arrows and symbols.
    static let fastRanges: [ClosedRange<UInt32>] = [0x2010...0x2027, 0x2190...0x2BFF]

    /// The columns of one scalar by its Unicode properties.
    static func byProperties(_ scalar: Unicode.Scalar) -> Int {
        let value = scalar.value
        if value == 0 || TerminalSafe.isUnsafe(scalar) { return 0 }
        if value < 0x300 { return 1 }
        switch scalar.properties.generalCategory {
        case .nonspacingMark, .enclosingMark: return 0
        default: break
        }
        if (0x1160...0x11FF).contains(value) { return 0 }  // Hangul medial vowels and final consonants
        if isWide(value) || scalar.properties.isEmojiPresentation { return 2 }
        return 1
    }

    /// The columns one grapheme cluster occupies: its widest scalar, and 2 when an
    /// emoji variation selector (U+FE0F) asks for emoji presentation.
    public static func of(_ character: Character) -> Int {
        if let ascii = character.asciiValue { return ascii >= 0x20 && ascii != 0x7F ? 1 : 0 }
        var width = 0
        var emojiRequested = false
        for scalar in character.unicodeScalars {
            if scalar.value == 0xFE0F { emojiRequested = true }
            width = max(width, of(scalar))
        }
        if emojiRequested, width == 1, character.unicodeScalars.first?.properties.isEmoji == true {
            return 2
        }
        return width
    }

    /// Whether every byte is printable ASCII (one column each, one grapheme each): most of
    /// what is drawn, measured without breaking it into grapheme clusters.
    static func isPrintableASCII(_ text: String) -> Bool {
        text.utf8.allSatisfy { $0 >= 0x20 && $0 < 0x7F }
    }

    /// Whether every scalar is printable ASCII or in `fastRanges`: then each scalar is a grapheme
    /// of its own (none of them combines, joins or selects a variation), measured by `of` alone,
    /// and the text need not be broken into grapheme clusters.
    static func isSimple(_ text: String) -> Bool {
        text.unicodeScalars.allSatisfy { scalar in
            let value = scalar.value
            return (value >= 0x20 && value < 0x7F) || fastRanges.contains { $0.contains(value) }
        }
    }

    /// The columns a string occupies.
    public static func of(_ text: String) -> Int {
        if isPrintableASCII(text) { return text.utf8.count }
        if isSimple(text) { return text.unicodeScalars.reduce(0) { $0 + of($1) } }
        var total = 0
        for character in text { total += of(character) }
        return total
    }

    /// East Asian Wide and Fullwidth ranges (Unicode 15), as in `mk_wcwidth`'s table.
    private static let wideRanges: [ClosedRange<UInt32>] = [
        0x1100...0x115F, 0x231A...0x231B, 0x2329...0x232A, 0x23E9...0x23EC, 0x23F0...0x23F0,
        0x23F3...0x23F3, 0x25FD...0x25FE, 0x2614...0x2615, 0x2648...0x2653, 0x267F...0x267F,
        0x2693...0x2693, 0x26A1...0x26A1, 0x26AA...0x26AB, 0x26BD...0x26BE, 0x26C4...0x26C5,
        0x26CE...0x26CE, 0x26D4...0x26D4, 0x26EA...0x26EA, 0x26F2...0x26F3, 0x26F5...0x26F5,
        0x26FA...0x26FA, 0x26FD...0x26FD, 0x2705...0x2705, 0x270A...0x270B, 0x2728...0x2728,
        0x274C...0x274C, 0x274E...0x274E, 0x2753...0x2755, 0x2757...0x2757, 0x2795...0x2797,
        0x27B0...0x27B0, 0x27BF...0x27BF, 0x2B1B...0x2B1C, 0x2B50...0x2B50, 0x2B55...0x2B55,
        0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xA000...0xA4CF,
        0xA960...0xA97F, 0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE10...0xFE19, 0xFE30...0xFE6F,
        0xFF00...0xFF60, 0xFFE0...0xFFE6, 0x16FE0...0x16FE4, 0x17000...0x18CFF, 0x1B000...0x1B2FF,
        0x1F004...0x1F004, 0x1F0CF...0x1F0CF, 0x1F18E...0x1F18E, 0x1F191...0x1F19A,
        0x1F200...0x1F251, 0x1F300...0x1F64F, 0x1F680...0x1F6FF, 0x1F7E0...0x1F7EB,
        0x1F90C...0x1F9FF, 0x1FA70...0x1FAFF, 0x20000...0x2FFFD, 0x30000...0x3FFFD,
    ]

    private static func isWide(_ value: UInt32) -> Bool {
        var low = 0, high = wideRanges.count - 1
        while low <= high {
            let mid = (low + high) / 2
            let range = wideRanges[mid]
            if value < range.lowerBound { high = mid - 1 }
            else if value > range.upperBound { low = mid + 1 }
            else { return true }
        }
        return false
    }
}

extension String {
    /// The columns this string occupies on a terminal (see `DisplayWidth`).
    public var displayWidth: Int { DisplayWidth.of(self) }

    /// This string cut to at most `width` columns, ending in `ellipsis` when cut.
    /// A wide character that would straddle the limit is dropped, never split.
    public func truncated(toWidth width: Int, ellipsis: String = "…") -> String {
        guard width > 0 else { return "" }
        if displayWidth <= width { return self }
        let ellipsisWidth = ellipsis.displayWidth
        let budget = width - ellipsisWidth
        guard budget >= 0 else { return "" }
        var result = ""
        var used = 0
        for character in self {
            let w = DisplayWidth.of(character)
            if used + w > budget { break }
            result.append(character)
            used += w
        }
        return result + ellipsis
    }

    /// This string truncated or padded with spaces to exactly `width` columns.
    public func padded(toWidth width: Int, alignment: TextAlignment = .left, ellipsis: String = "…") -> String {
        let cut = truncated(toWidth: width, ellipsis: ellipsis)
        let gap = max(0, width - cut.displayWidth)
        switch alignment {
        case .left: return cut + String(repeating: " ", count: gap)
        case .right: return String(repeating: " ", count: gap) + cut
        case .center:
            return String(repeating: " ", count: gap / 2) + cut + String(repeating: " ", count: gap - gap / 2)
        }
    }
}

/// Horizontal placement of text in a field.
public enum TextAlignment: String, Hashable, Sendable {
    case left, right, center
}
