import Foundation
import Glibc
import Testing
import TerminalUI

/// The terminal is restored after SIGINT, SIGTERM, SIGHUP and a deliberate crash: the
/// sample program runs on a pty, and afterwards the pty's modes equal those before it
/// started and the alternate screen, hidden cursor and bracketed paste are switched off.
@Suite(.serialized) struct TerminalRestoreTests {
    /// The modes that curses changes and a restore must put back.
    static func assertModesRestored(_ process: SampleProcess, sourceLocation: SourceLocation = #_sourceLocation) {
        let before = process.initialModes, after = process.pty.modes()
        #expect(after.c_lflag == before.c_lflag, "local modes (ICANON, ECHO, ISIG)", sourceLocation: sourceLocation)
        #expect(after.c_iflag == before.c_iflag, "input modes (ICRNL, IXON)", sourceLocation: sourceLocation)
        #expect(after.c_oflag == before.c_oflag, "output modes (OPOST, ONLCR)", sourceLocation: sourceLocation)
        #expect(after.c_lflag & tcflag_t(ICANON) != 0 && after.c_lflag & tcflag_t(ECHO) != 0, sourceLocation: sourceLocation)
        #expect(process.modeEndsOff(on: "\u{1B}[?1049h", off: "\u{1B}[?1049l"), "alternate screen left", sourceLocation: sourceLocation)
        #expect(process.modeEndsOff(on: "\u{1B}[?2004h", off: "\u{1B}[?2004l"), "bracketed paste off", sourceLocation: sourceLocation)
        #expect(process.modeEndsOff(on: "\u{1B}[?25l", off: "\u{1B}[?25h"), "cursor shown", sourceLocation: sourceLocation)
    }

    @Test(arguments: [SIGTERM, SIGINT, SIGHUP])
    func restoredAfterTerminationSignal(_ signal: Int32) throws {
        let process = try SampleProcess(arguments: ["run"])
        #expect(process.waitForLog("started 80x24 colours=256 glyphs=utf8"))
        // While running, curses has the terminal in its own modes.
        #expect(process.pty.modes().c_lflag & tcflag_t(ICANON) == 0)

        process.pty.resize(to: Size(width: 100, height: 30))
        #expect(process.waitForLog("resized 100x30"))
        #expect(process.pump { process.outputText.contains("size 100x30") })

        kill(process.pid, signal)
        let status = try #require(process.waitForExit())
        #expect(WaitStatus.exitCode(status) == 128 + signal)
        #expect(process.logLines.contains("signal \(signal)"))
        #expect(process.logLines.last == "stopped")
        Self.assertModesRestored(process)
    }

    @Test func pasteArrivesAsOneEventAndKeysAreDecoded() throws {
        let process = try SampleProcess(arguments: ["run"])
        #expect(process.waitForLog("started"))
        process.pty.send("\u{1B}[200~pq\rj\u{1B}[201~")
        #expect(process.waitForLog("event paste(4 characters)"))
        process.pty.send("j\u{1B}[B\u{1B}[1;5A")
        #expect(process.waitForLog("event ctrl-up"))
        process.pty.send("q")
        let status = try #require(process.waitForExit())
        #expect(WaitStatus.exitCode(status) == 0)
        let events = process.logLines.filter { $0.hasPrefix("event ") }
        #expect(events == ["event paste(4 characters)", "event j", "event down", "event ctrl-up", "event q"])
        Self.assertModesRestored(process)
    }

    @Test(arguments: [("trap", [SIGILL, SIGTRAP]), ("segv", [SIGSEGV]), ("abort", [SIGABRT]), ("fpe", [SIGFPE]), ("bus", [SIGBUS])])
    func restoredAfterCrash(_ kind: String, _ expectedSignals: [Int32]) throws {
        let process = try SampleProcess(arguments: ["crash", kind])
        #expect(process.waitForLog("crashing \(kind)"))
        let status = try #require(process.waitForExit())
        // The crash proceeded: the process died of the signal, not by exiting.
        let signal = try #require(WaitStatus.signal(status))
        #expect(expectedSignals.contains(signal))
        Self.assertModesRestored(process)
    }

    @Test func standardErrorIsHeldUntilTheTerminalIsRestored() throws {
        let process = try SampleProcess(arguments: ["run"])
        #expect(process.waitForLog("started"))
        process.pty.send("e")
        #expect(process.waitForLog("event e"))
        process.pump(seconds: 0.3) { false }
        #expect(!process.outputText.contains("a line on standard error"))
        process.pty.send("q")
        #expect(process.waitForExit() != nil)
        let text = process.outputText
        let leave = try #require(text.range(of: "\u{1B}[?1049l", options: .backwards))
        #expect(text[leave.upperBound...].contains("sample: a line on standard error"))
    }

    @Test func crashReportOnStandardErrorIsShownAfterTheRestore() throws {
        let process = try SampleProcess(arguments: ["crash", "stderr"])
        let status = try #require(process.waitForExit())
        #expect(WaitStatus.signal(status) == SIGABRT)
        let text = process.outputText
        let leave = try #require(text.range(of: "\u{1B}[?1049l", options: .backwards))
        #expect(text[leave.upperBound...].contains("sample: written before the crash"))
        Self.assertModesRestored(process)
    }

    @Test func terminalIsHandedBackAndTakenAgain() throws {
        let process = try SampleProcess(arguments: ["run"])
        #expect(process.waitForLog("started"))
        process.pump(seconds: 0.2) { false }
        let afterRelease = process.output.count
        process.pty.send("s")
        #expect(process.waitForLog("resumed"))
        #expect(process.logLines.contains("released canonical=true"))
        #expect(process.pty.modes().c_lflag & tcflag_t(ICANON) == 0)   // curses modes again
        // The whole screen is painted again (the header is otherwise never re-sent).
        #expect(process.pump { String(decoding: process.output[afterRelease...], as: UTF8.self).contains("tui-sample") })
        process.pty.send("q")
        let status = try #require(process.waitForExit())
        // The ctrl-C typed while the other program had the terminal did not end this one.
        #expect(WaitStatus.exitCode(status) == 0)
        #expect(!process.logLines.contains { $0.hasPrefix("signal") })
        Self.assertModesRestored(process)
    }

    /// Issue 21, survivor 10: bracketed paste and mouse reporting are switched off before the
    /// terminal is handed to another program (before curses leaves the alternate screen), not
    /// only at exit, and switched on again when it is taken back.
    @Test func pasteAndMouseAreOffWhileAnotherProgramHasTheTerminal() throws {
        let process = try SampleProcess(arguments: ["run", "--mouse"])
        #expect(process.waitForLog("started"))
        process.pump(seconds: 0.2) { false }
        let before = process.output.count
        process.pty.send("s")
        #expect(process.waitForLog("resumed"))
        #expect(process.pump { String(decoding: process.output[before...], as: UTF8.self).contains("\u{1B}[?2004h") })
        let handOver = String(decoding: process.output[before...], as: UTF8.self)
        let leave = try #require(handOver.range(of: "\u{1B}[?1049l"), "curses left the alternate screen")
        let beforeLeaving = handOver[..<leave.lowerBound]
        #expect(beforeLeaving.contains("\u{1B}[?2004l"), "bracketed paste off before the hand-over")
        #expect(beforeLeaving.contains("\u{1B}[?1000l\u{1B}[?1002l\u{1B}[?1003l\u{1B}[?1006l"), "mouse off before the hand-over")
        #expect(handOver[leave.upperBound...].contains("\u{1B}[?2004h"), "bracketed paste on again")
        process.pty.send("q")
        #expect(process.waitForExit() != nil)
        Self.assertModesRestored(process)
    }

    @Test func escapeKeyArrivesWithoutCursesOneSecondDelay() throws {
        let process = try SampleProcess(arguments: ["run"])
        #expect(process.waitForLog("started"))
        let start = Date()
        process.pty.send("\u{1B}")
        #expect(process.waitForLog("event esc"))
        // The short ESCDELAY is 25 ms; curses' default would be 1,000 ms. The margin allows for a busy machine.
        #expect(Date().timeIntervalSince(start) < 0.95)
        process.pty.send("q")
        #expect(process.waitForExit() != nil)
    }

    @Test func mouseIsReportedOnlyWhenAskedFor() throws {
        let quiet = try SampleProcess(arguments: ["run"])
        #expect(quiet.waitForLog("started"))
        quiet.pty.send("q")
        #expect(quiet.waitForExit() != nil)
        #expect(!quiet.outputText.contains("\u{1B}[?1000h"))

        let process = try SampleProcess(arguments: ["run", "--mouse"])
        #expect(process.waitForLog("started"))
        #expect(process.outputText.contains("\u{1B}[?1006;1000h"))
        // SGR reports in one burst: button 1 pressed and released at column 11, row 6, then
        // the wheel turned down at column 3, row 4.
        process.pty.send("\u{1B}[<0;11;6M\u{1B}[<0;11;6m\u{1B}[<65;3;4M")
        #expect(process.waitForLog("event mouse-wheelDown@2,3"))
        process.pty.send("q")
        #expect(process.waitForExit() != nil)
        let events = process.logLines.filter { $0.hasPrefix("event mouse") }
        #expect(events == ["event mouse-press@10,5", "event mouse-release@10,5", "event mouse-wheelDown@2,3"])
        #expect(process.modeEndsOff(on: "\u{1B}[?1006;1000h", off: "\u{1B}[?1006;1000l"))
        Self.assertModesRestored(process)
    }

    @Test func unknownTerminalTypeExitsWithTwoAndAMessage() throws {
        let process = try SampleProcess(arguments: ["run"], environment: ["TERM": "no-such-terminal-xyz"])
        let status = try #require(process.waitForExit())
        #expect(WaitStatus.exitCode(status) == 2)
        #expect(process.outputText.contains("unknown terminal type 'no-such-terminal-xyz'"))
        #expect(process.pty.modes().c_lflag == process.initialModes.c_lflag)
    }

    @Test func missingLocaleFallsBackToASCIIAndSaysWhy() throws {
        // A locale forwarded over SSH but not installed here: the codeset is ASCII.
        let process = try SampleProcess(arguments: ["run"], environment: ["LANG": "xx_YY.UTF-8"])
        #expect(process.waitForLog("started 80x24 colours=256 glyphs=ascii"))
        #expect(process.logLines.contains("warning locale 'xx_YY.UTF-8' is not installed on this host (codeset ANSI_X3.4-1968): using ASCII glyphs"))
        process.pty.send("q")
        #expect(process.waitForExit() != nil)
        let ascii = try SampleProcess(arguments: ["run", "--ascii"])
        #expect(ascii.waitForLog("started 80x24 colours=256 glyphs=ascii"))
        ascii.pty.send("q")
        #expect(ascii.waitForExit() != nil)
        #expect(!ascii.logLines.contains { $0.hasPrefix("warning") })
    }

    @Test func notATerminalExitsWithTwo() throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: SampleProcess.executable)
        process.arguments = ["run"]
        process.standardInput = FileHandle.nullDevice
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        #expect(process.terminationStatus == 2)
        let message = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(message.contains("standard input and output must be a terminal"))
    }

    @Test func dumbTerminalIsRefusedWithTwo() throws {
        let process = try SampleProcess(arguments: ["run"], environment: ["TERM": "dumb"])
        let status = try #require(process.waitForExit())
        #expect(WaitStatus.exitCode(status) == 2)
        #expect(process.outputText.contains("terminal type 'dumb' cannot position the cursor"))
        #expect(process.pty.modes().c_lflag == process.initialModes.c_lflag)
    }

    @Test func asciiGlyphsWhenTheLocaleIsNotUTF8AndNoColorHonoured() throws {
        let process = try SampleProcess(arguments: ["run"], environment: ["LANG": "C", "NO_COLOR": "1"])
        #expect(process.waitForLog("started 80x24 colours=none glyphs=ascii"))
        process.pty.send("q")
        #expect(process.waitForExit() != nil)
        let text = process.outputText
        #expect(!text.contains("✔"))
        #expect(!text.contains("\u{1B}[38;5;"))   // no 256-colour foreground anywhere
    }
}
