import Foundation
import Testing

/// The console on a dump (`-f`), in tmux as an operator runs it: shown as of when the dump was
/// taken, read from standard input with keys from the terminal, and cleared on a terminal
/// without an alternate screen.
@Suite struct OfflineConsoleTests {
    static let canary = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/argo-rollouts/pkg/kubectl-argo-rollouts/info/testdata/canary").path

    /// The upstream canary fixtures were dumped on 2019-10-28 (their newest time): their rollouts,
    /// created three days before, read `2d22h`, whatever today is; the header says as of when.
    @Test func aDumpIsShownAsOfWhenItWasTakenAndReadFromStandardInput() throws {
        let pipeline = "for f in '\(Self.canary)'/*.yaml; do cat \"$f\"; echo ---; done | '\(rollscopeBinary)' -f -"
        let tmux = try TmuxSession(command: ["sh", "-c", pipeline])
        #expect(tmux.waitFor("canary-demo-pingpong"), "keys and screen on the terminal while the dump came on standard input")
        #expect(tmux.screen.contains("as of 2019-10-28T04:52:55Z (its newest timestamp)"))
        let row = tmux.screen.split(separator: "\n").first { $0.contains("canary-demo-pingpong") }.map(String.init) ?? ""
        #expect(row.hasSuffix("2d22h"), "\(row)")
        try tmux.send("q")
        #expect(eventually { tmux.pane("pane_dead") == "1" })
    }

    /// TERM=vt100 has no alternate screen: quitting clears what the console drew.
    @Test(arguments: ["vt100", "linux"])
    func quittingClearsTheScreenWithoutAnAlternateScreen(term: String) throws {
        let tmux = try TmuxSession(command: ["env", "TERM=\(term)", rollscopeBinary, "-f", Self.canary])
        #expect(tmux.waitFor("canary-demo-pingpong"))
        try tmux.send("q")
        #expect(eventually { tmux.pane("pane_dead") == "1" })
        #expect(!tmux.screen.contains("canary-demo"), "\(tmux.screen)")
        #expect(!tmux.screen.contains("rollscope"))
    }
}

/// The console started outside the terminal's foreground process group (as `timeout` starts
/// it, in a process group of its own): its reads fail with EIO, which is a terminal it cannot
/// use, so it ends as after a hangup instead of spinning on the failing read until killed.
@Suite struct BackgroundTerminalTests {
    @Test func aConsoleThatCannotReadItsTerminalEndsAtOnce() throws {
        let script = "timeout 40 '\(rollscopeBinary)' -f '\(OfflineConsoleTests.canary)'; echo \"EXIT=$?\"; sleep 60"
        let tmux = try TmuxSession(command: ["sh", "-c", script])
        Thread.sleep(forTimeInterval: 2)
        // A key makes the terminal readable; the read from a background process group fails.
        try tmux.send("j")
        #expect(tmux.waitFor("EXIT=", seconds: 15), "ended within seconds, not at timeout's 40 s: \(tmux.screen)")
        #expect(!tmux.screen.contains("EXIT=124"), "\(tmux.screen)")
    }
}
