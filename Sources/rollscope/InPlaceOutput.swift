import Foundation

/// Repaints a block of text in place on a terminal (cursor up, rewrite each line, clear what is
/// left below) without clearing the screen, so scrollback survives; on a pipe every frame is
/// printed whole, separated by a blank line.
struct InPlaceOutput {
    private var previousLines = 0
    private let isTerminal = isatty(STDOUT_FILENO) == 1

    mutating func show(_ text: String) {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).dropLast(text.hasSuffix("\n") ? 1 : 0)
        var out = ""
        if isTerminal {
            if previousLines > 0 { out += "\u{1B}[\(previousLines)A\r" }
            for line in lines { out += line + "\u{1B}[K\n" }
            out += "\u{1B}[J"
        } else {
            if previousLines > 0 { out += "\n" }
            out += text
        }
        previousLines = lines.count
        FileHandle.standardOutput.write(Data(out.utf8))
    }
}
