import Foundation
import Glibc
import Testing
import TerminalUI

/// The curses backend in this process, on a pseudo-terminal.
@Suite(.serialized) struct CursesScreenTests {
    static func startSession(on pty: PseudoTerminal, environment: [String: String] = [:]) throws -> TerminalSession {
        var options = TerminalOptions()
        options.inputDescriptor = pty.slave
        options.outputDescriptor = pty.slave
        options.terminalType = "xterm-256color"
        return try TerminalSession.start(options, environment: environment)
    }

    static func sampleGrid() -> Grid {
        var grid = Grid(width: 80, height: 24)
        for y in 0..<24 { grid.put("row \(y) of the sample screen", at: 0, y, role: y == 3 ? .selected : .normal) }
        return grid
    }

    /// This thread's write(2) calls so far (`syscw` in /proc/thread-self/io).
    static func writeCalls() throws -> Int {
        let io = try String(contentsOfFile: "/proc/thread-self/io", encoding: .utf8)
        let line = try #require(io.split(separator: "\n").first { $0.hasPrefix("syscw:") })
        return try #require(Int(line.dropFirst("syscw:".count).trimmingCharacters(in: .whitespaces)))
    }

    /// A frame changing a cell on each of twenty rows leaves in one write, not one per cursor
    /// movement (ncurses flushes at each movement until the screen has been through `endwin`).
    @Test func aFrameIsOneWrite() throws {
        let pty = try PseudoTerminal(size: Size(width: 80, height: 24))
        let session = try Self.startSession(on: pty)
        defer { session.stop() }
        var grid = Self.sampleGrid()
        session.screen.draw(grid)
        _ = pty.readAvailable()
        for frame in 0..<3 {
            for y in 2..<22 { grid.put("\(frame)", at: 70, y) }
            let before = try Self.writeCalls()
            session.screen.draw(grid)
            let calls = try Self.writeCalls() - before
            #expect(session.screen.cellsWrittenLastFrame == 20)
            #expect(calls == 1, "frame \(frame) left in \(calls) writes")
            #expect(String(decoding: pty.readAvailable(), as: UTF8.self).filter { $0 == Character("\(frame)") }.count >= 20)
        }
    }

    @Test func writesOnlyChangedCellsAndOneUpdate() throws {
        let pty = try PseudoTerminal(size: Size(width: 80, height: 24))
        let initialModes = pty.modes()
        let session = try Self.startSession(on: pty)
        #expect(session.size == Size(width: 80, height: 24))
        #expect(session.terminalColors == 256)
        #expect(session.colorCapability == .colors256)

        var grid = Self.sampleGrid()
        session.screen.draw(grid)
        #expect(session.screen.cellsWrittenLastFrame == 80 * 24)
        let first = pty.readAvailable()
        #expect(first.count > 500)

        grid.put("ROW", at: 0, 5)
        session.screen.draw(grid)
        #expect(session.screen.cellsWrittenLastFrame == 3)
        let changed = pty.readAvailable()
        #expect(changed.count > 3 && changed.count <= 100)
        #expect(String(decoding: changed, as: UTF8.self).contains("ROW"))

        session.screen.draw(grid)
        #expect(session.screen.cellsWrittenLastFrame == 0)
        #expect(pty.readAvailable().isEmpty)

        session.screen.draw(grid, fullRepaint: true)
        #expect(session.screen.cellsWrittenLastFrame == 80 * 24)
        #expect(pty.readAvailable().count > 10 * changed.count)

        session.screen.theme = try ThemeParser.parse("colors256:\n  selected: { fg: 1, bg: 2 }\n", file: "t.yaml", defaultName: "t")
        session.screen.draw(grid)
        #expect(session.screen.cellsWrittenLastFrame == 80 * 24)
        #expect(String(decoding: pty.readAvailable(), as: UTF8.self).contains("\u{1B}[42m"))  // the new background, green

        #expect(throws: TerminalError.sessionActive) { _ = try Self.startSession(on: pty) }
        session.stop()
        session.stop()
        #expect(pty.modes().c_lflag == initialModes.c_lflag)
        let last = String(decoding: pty.readAvailable(), as: UTF8.self)
        #expect(last.contains("\u{1B}[?2004l") && last.contains("\u{1B}[?1049l"))

        // Stopped for good: a new session can start.
        let again = try Self.startSession(on: pty)
        again.stop()
    }

    /// The bell goes to the session's own output descriptor (here a pty that is not fd 1).
    @Test func bellIsWrittenToTheSessionsOutput() throws {
        let pty = try PseudoTerminal(size: Size(width: 40, height: 10))
        let session = try Self.startSession(on: pty)
        session.screen.draw(Grid(width: 40, height: 10))
        _ = pty.readAvailable()
        session.bell()
        #expect(pty.readAvailable() == [0x07])
        session.stop()
    }

    @Test func hangUpEndsTheSession() throws {
        let pty = try PseudoTerminal(size: Size(width: 40, height: 10))
        let session = try Self.startSession(on: pty)
        let quiet = session.poll(timeoutMilliseconds: 0)
        #expect(quiet.terminationSignal == nil && quiet.events.isEmpty)
        pty.hangUp()
        let input = session.poll(timeoutMilliseconds: 2000)
        #expect(input.terminationSignal == SIGHUP)
        session.stop()
    }

    @Test func wakeupFromAnotherThread() throws {
        let pty = try PseudoTerminal(size: Size(width: 40, height: 10))
        let session = try Self.startSession(on: pty)
        defer { session.stop() }
        let wakeup = session.wakeup
        let thread = Thread { usleep(50_000); wakeup.signal() }
        let start = Date()
        thread.start()
        let input = session.poll(timeoutMilliseconds: 5000)
        #expect(input.wokenUp)
        #expect(Date().timeIntervalSince(start) < 4)
        #expect(!session.poll(timeoutMilliseconds: 0).wokenUp)
    }

    @Test func wideGraphemesAndNoColor() throws {
        let pty = try PseudoTerminal(size: Size(width: 20, height: 3))
        let session = try Self.startSession(on: pty, environment: ["NO_COLOR": "1"])
        defer { session.stop() }
        #expect(session.colorCapability == ColorCapability.none)
        var grid = Grid(width: 20, height: 3)
        grid.put("漢字 ok", at: 0, 0, role: .selected)
        session.screen.draw(grid)
        let text = String(decoding: pty.readAvailable(), as: UTF8.self)
        #expect(text.contains("\u{1B}[0;1;7m漢字 ok"))   // selected under NO_COLOR: bold + reverse
        #expect(Self.sgrParameters(in: text).allSatisfy { !(30...49).contains($0) }, "no colour sequence")
    }

    /// A grapheme too long for a cell to hold inline is drawn as any other: its spacing scalar and
    /// the zero-width ones after it, as many as a `cchar_t` takes (`CCHARW_MAX` - 1 = 4); and it
    /// compares as any other, so that drawing it again writes nothing and another one is written.
    @Test func longGraphemesAreDrawnAndComparedAsShortOnes() throws {
        let pty = try PseudoTerminal(size: Size(width: 20, height: 3))
        let session = try Self.startSession(on: pty, environment: ["NO_COLOR": "1"])
        defer { session.stop() }
        var grid = Grid(width: 20, height: 3)
        grid.put("a" + "e" + String(repeating: "\u{301}", count: 8) + "b", at: 0, 1)
        session.screen.draw(grid)
        #expect(Self.bytes(pty.readAvailable(), contain: "ae\u{301}\u{301}\u{301}b"))
        session.screen.draw(grid)
        #expect(session.screen.cellsWrittenLastFrame == 0)
        grid.put("o" + String(repeating: "\u{302}", count: 8), at: 1, 1)
        session.screen.draw(grid)
        #expect(session.screen.cellsWrittenLastFrame == 1)
        let written = pty.readAvailable()
        #expect(Self.bytes(written, contain: "o\u{302}\u{302}\u{302}") && !Self.bytes(written, contain: "\u{302}\u{302}\u{302}\u{302}"))
    }

    static func bytes(_ bytes: [UInt8], contain text: String) -> Bool {
        let needle = Array(text.utf8)
        guard bytes.count >= needle.count else { return false }
        return (0...(bytes.count - needle.count)).contains { bytes[$0..<($0 + needle.count)].elementsEqual(needle) }
    }

    /// The numbers of every SGR sequence (`ESC [ ... m`) in `text`.
    static func sgrParameters(in text: String) -> [Int] {
        var result: [Int] = []
        var rest = Substring(text)
        while let start = rest.range(of: "\u{1B}[") {
            rest = rest[start.upperBound...]
            let body = rest.prefix { $0.isNumber || $0 == ";" }
            if rest.dropFirst(body.count).first == "m" {
                result += body.split(separator: ";").compactMap { Int($0) }
            }
        }
        return result
    }
}
