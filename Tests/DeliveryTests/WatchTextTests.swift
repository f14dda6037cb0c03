import Testing
@testable import Delivery

/// In-place repaint, `--until-done` and the wide list.
@Suite struct WatchTextTests {
    @Test func repaintOverwritesThePreviousFrame() {
        var r = InPlaceRepaint()
        #expect(r.frame("a\nb\n") == "a\u{1B}[K\nb\u{1B}[K\n\u{1B}[J")
        #expect(r.frame("c\n") == "\u{1B}[2A\rc\u{1B}[K\n\u{1B}[J")
        #expect(!r.frame("d\n").contains("\u{1B}[2J"), "never clears the screen")
    }

    @Test func repaintWritesOnlyTheLinesThatChanged() {
        var r = InPlaceRepaint()
        _ = r.frame("a\nb\nc\n")
        // Up two lines to b, rewrite it, then down past c to below the frame.
        #expect(r.frame("a\nX\nc\n") == "\u{1B}[2A\rX\u{1B}[K\n\n")
        #expect(r.frame("a\nX\nc\n") == "", "an unchanged frame writes nothing")
        // Taller: the new lines are written below (newlines scroll); nothing above is touched.
        #expect(r.frame("a\nX\nc\nd\ne\n") == "d\u{1B}[K\ne\u{1B}[K\n")
        // Shorter: back up to the new frame's end and erase the rest.
        #expect(r.frame("a\nX\n") == "\u{1B}[3A\r\u{1B}[J")
    }

    /// Replays the bytes on a small model of a terminal (cursor up, carriage return, newline,
    /// erase to end of line and of screen): after every frame the screen holds exactly that frame.
    @Test func repaintLeavesTheScreenHoldingEachFrame() {
        let frames = ["a\nb\nc\n", "a\nbb\nc\n", "x\n", "x\ny\nz\nw\n", "x\ny\nz\nw\n", "q\ny\nr\n", "1\n2\n3\n4\n5\n6\n"]
        var r = InPlaceRepaint()
        var screen = TinyTerminal()
        for frame in frames {
            screen.apply(r.frame(frame))
            #expect(screen.text == frame)
        }
    }

    @Test func untilDone() {
        #expect(UntilDone.exitCode(RolloutStatus("Healthy")) == 0)
        #expect(UntilDone.exitCode(RolloutStatus("Degraded", "x")) == 1)
        #expect(UntilDone.exitCode(RolloutStatus("Paused", "CanaryPauseStep")) == nil)
    }

    @Test func wideListAddsActualWeightAgeAndMessage() throws {
        let set = try Fixtures.scenario("canary")
        let infos = set.rollouts.prefix(2).map { RolloutInfo($0, objects: set) }
        let text = ListText.rolloutsWide(Array(infos), allNamespaces: false, now: Fixtures.now)
        let lines = text.split(separator: "\n")
        #expect(lines[0].hasPrefix("NAME                     STRATEGY  STATUS    STEP  SET-WEIGHT  ACTUAL-WEIGHT  READY  DESIRED  UP-TO-DATE  AVAILABLE  AGE  MESSAGE"))
        #expect(lines[1].hasPrefix("canary-demo              Canary    Degraded  0/8   20          0              5/6    5        1           5          7d   ProgressDeadlineExceeded: "))
    }
}

/// Enough of a terminal to replay `InPlaceRepaint`: lines of text, a cursor, `\n` (to the next
/// line's start, as a tty with ONLCR does), `\r`, `ESC[nA`, `ESC[K` and `ESC[J`.
private struct TinyTerminal {
    var lines: [String] = []
    var row = 0, column = 0

    var text: String { lines.map { $0 + "\n" }.joined() }

    mutating func apply(_ bytes: String) {
        var rest = Substring(bytes)
        while let c = rest.first {
            rest = rest.dropFirst()
            switch c {
            case "\n": row += 1; column = 0
            case "\r": column = 0
            case "\u{1B}":
                rest = rest.dropFirst() // [
                let digits = rest.prefix { $0.isNumber }
                rest = rest.dropFirst(digits.count)
                let command = rest.removeFirst()
                switch command {
                case "A": row -= Int(digits) ?? 1
                case "K": if row < lines.count { lines[row] = String(lines[row].prefix(column)) }
                case "J":
                    if row < lines.count { lines[row] = String(lines[row].prefix(column)); lines.removeSubrange((row + 1)...) }
                    if column == 0, row < lines.count, lines[row].isEmpty { lines.removeSubrange(row...) }
                default: Issue.record("unexpected ESC[\(digits)\(command)")
                }
            default:
                while lines.count <= row { lines.append("") }
                var line = Array(lines[row])
                while line.count < column { line.append(" ") }
                if column < line.count { line[column] = c } else { line.append(c) }
                lines[row] = String(line)
                column += 1
            }
        }
    }
}
