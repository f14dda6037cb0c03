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

    @Test func unknownTerminalTypeExitsWithTwoAndAMessage() throws {
        let process = try SampleProcess(arguments: ["run"], environment: ["TERM": "no-such-terminal-xyz"])
        let status = try #require(process.waitForExit())
        #expect(WaitStatus.exitCode(status) == 2)
        #expect(process.outputText.contains("unknown terminal type 'no-such-terminal-xyz'"))
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
