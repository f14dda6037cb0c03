import Foundation

/// Splits a byte stream into `\n`-terminated lines across arbitrary chunk boundaries. It works on
/// bytes, never on text, so a chunk ending inside a multi-byte UTF-8 character is simply carried
/// over with the rest of its line. Empty lines (a watch's keep-alives) are dropped unless
/// `keepEmpty` (a log's blank lines are its text); `\r\n` is tolerated.
/// A line longer than `maxLine` bytes is an error: an endless line would otherwise grow forever.
/// `package` for the client benchmark (`KubeBenchmarks`), which splits a watch stream as the transport does.
package struct LineSplitter {
    private var pending = Data()
    let maxLine: Int
    let keepEmpty: Bool

    /// A line passed `limit` bytes.
    package struct TooLong: Error, Equatable { var limit: Int }

    package init(maxLine: Int = KubeClientOptions.defaultMaxLineBytes, keepEmpty: Bool = false) {
        self.maxLine = maxLine
        self.keepEmpty = keepEmpty
    }

    /// The complete lines that `chunk` finishes, in order.
    package mutating func feed(_ chunk: Data) throws(TooLong) -> [Data] {
        var lines: [Data] = []
        var rest = 0
        var tooLong = false
        chunk.withUnsafeBytes { (raw: UnsafeRawBufferPointer) in
            guard let base = raw.baseAddress else { return }
            var start = 0
            // memchr finds each newline at memory speed (Data's generic search goes byte by byte).
            while start < raw.count, let hit = memchr(base + start, 0x0A, raw.count - start) {
                let newline = base.distance(to: UnsafeRawPointer(hit))
                var line: Data
                if pending.isEmpty {
                    line = Data(bytes: base + start, count: newline - start)
                } else {
                    pending.append(base.advanced(by: start).assumingMemoryBound(to: UInt8.self), count: newline - start)
                    line = pending
                    pending = Data()
                }
                if line.count > maxLine + 1 || (line.count == maxLine + 1 && line.last != 0x0D) { tooLong = true; return }
                if line.last == 0x0D { line.removeLast() }
                if keepEmpty || !line.isEmpty { lines.append(line) }
                start = newline + 1
            }
            rest = start
        }
        if tooLong || pending.count + (chunk.count - rest) > maxLine {
            pending = Data()
            throw TooLong(limit: maxLine)
        }
        if rest < chunk.count { pending.append(chunk.dropFirst(rest)) }
        return lines
    }

    /// The unterminated rest, when the stream ends (a final event without its newline).
    mutating func finish() -> Data? {
        defer { pending = Data() }
        let rest = pending.last == 0x0D ? pending.dropLast() : pending[...]
        return rest.isEmpty ? nil : Data(rest)
    }
}
