/// `get --watch` without clearing the screen: each frame writes only the lines that differ from
/// the previous frame. The cursor rests on the line below the frame; it moves up (`ESC[nA`) to
/// each changed line and down by newlines (which scroll when the new frame is taller), rewrites
/// the line and erases its rest (`ESC[K`); an unchanged line is not written. Anything below a
/// shorter new frame (and below the first) is erased (`ESC[J`). The terminal never flashes blank,
/// scrollback stays clean, and a frame where only an age moved costs that line's bytes.
public struct InPlaceRepaint: Sendable {
    private var previous: [Substring] = []

    public init() {}

    /// The bytes to write for `frame` (text ending with a newline).
    public mutating func frame(_ frame: String) -> String {
        var lines = frame.split(separator: "\n", omittingEmptySubsequences: false)
        if frame.hasSuffix("\n") { lines.removeLast() }
        defer { previous = lines }
        return Self.changes(from: previous, to: lines)
    }

    /// The bytes that turn `old` (on screen, the cursor on the line below it) into `new` (the
    /// cursor left on the line below it).
    public static func changes(from old: [Substring], to new: [Substring]) -> String {
        var out = ""
        var row = old.count
        /// Moves the cursor from `row` to the start of `target`.
        func move(to target: Int) {
            if target < row {
                out += "\u{1B}[\(row - target)A\r"
            } else if target > row {
                out += String(repeating: "\n", count: target - row)
            }
            row = target
        }
        for (index, line) in new.enumerated() where index >= old.count || old[index] != line {
            move(to: index)
            out += line + "\u{1B}[K\n"
            row = index + 1
        }
        move(to: new.count)
        // The first frame erases what was below the cursor; a shorter one the old frame's rest.
        if old.isEmpty || new.count < old.count { out += "\u{1B}[J" }
        return out
    }
}

/// `get rollout --watch --until-done`: the exit code once the rollout settles, for pipelines.
public enum UntilDone {
    /// 0 at Healthy, 1 at Degraded, nil while it should keep watching.
    public static func exitCode(_ status: RolloutStatus) -> Int32? {
        switch status.phase {
        case .healthy: 0
        case .degraded: 1
        default: nil
        }
    }
}
