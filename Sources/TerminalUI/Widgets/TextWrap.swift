/// Word wrapping by display width.
public enum TextWrap {
    /// `text` broken into lines of at most `width` columns: at spaces where possible,
    /// inside a word only when the word alone is too long. Explicit newlines are kept. A long
    /// word is cut in one pass over its characters (a 100,000-character field from an object
    /// used to be copied and measured again for every line cut from it).
    public static func wrap(_ text: String, width: Int) -> [String] {
        guard width > 0 else { return [] }
        var lines: [String] = []
        for paragraph in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let firstLine = lines.count
            var line = ""
            var lineWidth = 0
            for word in paragraph.split(separator: " ", omittingEmptySubsequences: true) {
                var rest = word
                var restWidth = String(word).displayWidth
                if lineWidth > 0, lineWidth + 1 + restWidth <= width {
                    line += " " + rest
                    lineWidth += 1 + restWidth
                    continue
                }
                if lineWidth > 0 { lines.append(line); line = ""; lineWidth = 0 }
                while restWidth > width {
                    var end = rest.startIndex
                    var used = 0
                    while end < rest.endIndex {
                        let w = DisplayWidth.of(rest[end])
                        if used + w > width { break }
                        used += w
                        end = rest.index(after: end)
                    }
                    // A character wider than the line goes alone on one (and is clipped there).
                    if end == rest.startIndex {
                        used = DisplayWidth.of(rest[end])
                        end = rest.index(after: end)
                    }
                    lines.append(String(rest[..<end]))
                    rest = rest[end...]
                    restWidth -= used
                }
                line = String(rest)
                lineWidth = restWidth
            }
            // The last line, unless a long word ended exactly at a line break; an empty
            // paragraph is one empty line.
            if !line.isEmpty || lines.count == firstLine { lines.append(line) }
        }
        return lines
    }
}
