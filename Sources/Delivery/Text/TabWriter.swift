/// Go's `text/tabwriter` as the plugin configures it (`minwidth 0, tabwidth 0, padding 2,
/// padchar ' ', flags 0`), with juju/ansiterm's change of not counting ANSI colour sequences in
/// a cell's width. Cells end with a tab; the text after a line's last tab is written as is.
/// Column blocks are runs of consecutive lines that have a cell in that column.
public struct TabWriter: Sendable {
    public var padding: Int

    public init(padding: Int = 2) { self.padding = padding }

    /// Aligns `text` (lines separated by `\n`, cells by `\t`).
    public func format(_ text: String) -> String {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map { $0.split(separator: "\t", omittingEmptySubsequences: false).map(String.init) }
        let endsWithNewline = text.hasSuffix("\n")
        if endsWithNewline { lines.removeLast() }
        // A line of n parts has n-1 terminated cells.
        var widths = lines.map { Array(repeating: 0, count: max($0.count - 1, 0)) }
        let columns = widths.map(\.count).max() ?? 0
        for column in 0..<columns {
            var start = 0
            while start < lines.count {
                guard column < widths[start].count else { start += 1; continue }
                var end = start
                var width = 0
                while end < lines.count, column < widths[end].count {
                    width = max(width, TabWriter.displayWidth(lines[end][column]) + padding)
                    end += 1
                }
                for i in start..<end { widths[i][column] = width }
                start = end
            }
        }
        var out = ""
        for (i, parts) in lines.enumerated() {
            for (j, cell) in parts.enumerated() {
                out += cell
                if j < widths[i].count { out += String(repeating: " ", count: widths[i][j] - TabWriter.displayWidth(cell)) }
            }
            if i < lines.count - 1 || endsWithNewline { out += "\n" }
        }
        return out
    }

    /// Unicode scalars outside ANSI escape sequences (`ESC [ … letter`): Go counts runes.
    public static func displayWidth(_ s: String) -> Int {
        var width = 0
        var inEscape = false
        for scalar in s.unicodeScalars {
            if inEscape {
                if (0x40...0x7E).contains(scalar.value), scalar != "[" { inEscape = false }
            } else if scalar == "\u{1B}" {
                inEscape = true
            } else {
                width += 1
            }
        }
        return width
    }
}

/// Strips the spaces at the end of every line (how the plugin's tests compare `get` output,
/// and how rollscope prints it). It looks at bytes, in one pass: `Substring.dropLast()` counts
/// the whole line each time, and a column padded to a 100,000-character field from an object
/// made that minutes.
public func trimmingTrailingSpaces(_ text: String) -> String {
    text.split(separator: "\n", omittingEmptySubsequences: false)
        .map { line -> Substring in
            // A space never continues a grapheme, so the byte after the last non-space one is a boundary.
            guard let last = line.utf8.lastIndex(where: { $0 != UInt8(ascii: " ") }) else { return line[line.startIndex..<line.startIndex] }
            return line[..<line.utf8.index(after: last)]
        }
        .joined(separator: "\n")
}
