/// `get --watch` without clearing the screen: each frame moves the cursor back to the top of the
/// previous one and overwrites it line by line, erasing each line's rest (`ESC[K`) and anything
/// below the new frame (`ESC[J`), so the terminal never flashes blank and scrollback stays clean.
public struct InPlaceRepaint: Sendable {
    private var previousLines = 0

    public init() {}

    /// The bytes to write for `frame` (text ending with a newline).
    public mutating func frame(_ frame: String) -> String {
        var out = previousLines > 0 ? "\u{1B}[\(previousLines)A\r" : ""
        var lines = frame.split(separator: "\n", omittingEmptySubsequences: false)
        if frame.hasSuffix("\n") { lines.removeLast() }
        for line in lines { out += line + "\u{1B}[K\n" }
        out += "\u{1B}[J"
        previousLines = lines.count
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
