import Foundation

/// Splits a byte stream into `\n`-terminated lines across arbitrary chunk boundaries. It works on
/// bytes, never on text, so a chunk ending inside a multi-byte UTF-8 character is simply carried
/// over with the rest of its line. Empty lines (keep-alives) are dropped; `\r\n` is tolerated.
struct LineSplitter {
    private var pending = Data()

    /// The complete lines that `chunk` finishes, in order.
    mutating func feed(_ chunk: Data) -> [Data] {
        var lines: [Data] = []
        var start = chunk.startIndex
        while let newline = chunk[start...].firstIndex(of: 0x0A) {
            var line = chunk[start..<newline]
            if !pending.isEmpty {
                pending.append(line)
                line = pending[...]
                pending = Data()
            }
            if line.last == 0x0D { line = line.dropLast() }
            if !line.isEmpty { lines.append(Data(line)) }
            start = chunk.index(after: newline)
        }
        if start < chunk.endIndex { pending.append(chunk[start...]) }
        return lines
    }

    /// The unterminated rest, when the stream ends (a final event without its newline).
    mutating func finish() -> Data? {
        defer { pending = Data() }
        let rest = pending.last == 0x0D ? pending.dropLast() : pending[...]
        return rest.isEmpty ? nil : Data(rest)
    }
}
