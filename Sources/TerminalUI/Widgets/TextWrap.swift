/// Word wrapping by display width.
public enum TextWrap {
    /// `text` broken into lines of at most `width` columns: at spaces where possible,
    /// inside a word only when the word alone is too long. Explicit newlines are kept.
    public static func wrap(_ text: String, width: Int) -> [String] {
        guard width > 0 else { return [] }
        var lines: [String] = []
        for paragraph in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let firstLine = lines.count
            var line = ""
            var lineWidth = 0
            for word in paragraph.split(separator: " ", omittingEmptySubsequences: true) {
                var word = String(word)
                var wordWidth = word.displayWidth
                if lineWidth > 0, lineWidth + 1 + wordWidth <= width {
                    line += " " + word
                    lineWidth += 1 + wordWidth
                    continue
                }
                if lineWidth > 0 { lines.append(line); line = ""; lineWidth = 0 }
                while wordWidth > width {
                    var head = word.truncated(toWidth: width, ellipsis: "")
                    // A character wider than the line goes alone on one (and is clipped there).
                    if head.isEmpty { head = String(word.prefix(1)) }
                    lines.append(head)
                    word = String(word.dropFirst(head.count))
                    wordWidth = word.displayWidth
                }
                line = word
                lineWidth = wordWidth
            }
            // The last line, unless a long word ended exactly at a line break; an empty
            // paragraph is one empty line.
            if !line.isEmpty || lines.count == firstLine { lines.append(line) }
        }
        return lines
    }
}
