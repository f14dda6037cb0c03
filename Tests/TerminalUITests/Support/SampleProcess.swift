import Foundation
import Glibc
import TerminalUI

/// The `tui-sample` program running on a pseudo-terminal (`PseudoTerminal.spawn`).
final class SampleProcess {
    let pty: PseudoTerminal
    let pid: pid_t
    let logPath: String
    /// Everything the program wrote to the terminal.
    private(set) var output: [UInt8] = []
    /// The terminal's modes before the program started.
    let initialModes: termios

    /// The built sample program, next to the test bundle in the build directory.
    static var executable: String {
        let testBinary = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
        var directory = URL(fileURLWithPath: testBinary).deletingLastPathComponent()
        // The bundle may be a directory (…/debug/X.xctest/…): walk up to the one holding tui-sample.
        while directory.path != "/" {
            let candidate = directory.appendingPathComponent("tui-sample").path
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
            directory = directory.deletingLastPathComponent()
        }
        return "tui-sample"
    }

    init(arguments: [String], size: Size = Size(width: 80, height: 24), environment extra: [String: String] = [:]) throws {
        pty = try PseudoTerminal(size: size)
        initialModes = pty.modes()
        logPath = FileManager.default.temporaryDirectory.appendingPathComponent("tui-sample-\(UUID().uuidString).log").path
        var environment = [
            "TERM": "xterm-256color", "LANG": "C.UTF-8", "PATH": "/usr/bin:/bin",
            "TUI_SAMPLE_LOG": logPath, "HOME": NSTemporaryDirectory(),
            // No interactive backtracer on the pty: the crash must proceed at once.
            "SWIFT_BACKTRACE": "enable=no",
        ]
        for (key, value) in extra { environment[key] = value }

        pid = try pty.spawn(Self.executable, arguments: arguments, environment: environment)
    }

    deinit {
        kill(pid, SIGKILL)
        var status: Int32 = 0
        waitpid(pid, &status, WNOHANG)
        unlink(logPath)
    }

    /// The lines the program logged so far.
    var logLines: [String] {
        ((try? String(contentsOfFile: logPath, encoding: .utf8)) ?? "").split(separator: "\n").map(String.init)
    }

    /// Reads the terminal until `condition` holds or `seconds` pass; returns whether it held.
    @discardableResult
    func pump(seconds: Double = 10, until condition: () -> Bool) -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            output += pty.readAvailable()
            if condition() { return true }
            usleep(20_000)
        }
        output += pty.readAvailable()
        return condition()
    }

    /// Waits for the logged line starting with `prefix`.
    @discardableResult
    func waitForLog(_ prefix: String, seconds: Double = 10) -> Bool {
        pump(seconds: seconds) { logLines.contains { $0.hasPrefix(prefix) } }
    }

    /// Waits for the program to end, draining its output; the raw wait status, or nil on timeout.
    func waitForExit(seconds: Double = 15) -> Int32? {
        var status: Int32 = 0
        var exited = false
        pump(seconds: seconds) {
            if !exited { exited = waitpid(pid, &status, WNOHANG) == pid }
            return exited
        }
        return exited ? status : nil
    }

    /// The output as text (invalid UTF-8 repaired).
    var outputText: String { String(decoding: output, as: UTF8.self) }

    /// Whether the last occurrence of `on` in the output is followed by `off`.
    func modeEndsOff(on: String, off: String) -> Bool {
        let text = outputText
        guard let lastOn = text.range(of: on, options: .backwards) else { return false }
        return text[lastOn.upperBound...].contains(off)
    }
}

/// Decoding of a wait status (the W* macros do not import into Swift).
enum WaitStatus {
    static func exitCode(_ status: Int32) -> Int32? { status & 0x7F == 0 ? (status >> 8) & 0xFF : nil }
    static func signal(_ status: Int32) -> Int32? {
        let signal = status & 0x7F
        return signal != 0 && signal != 0x7F ? signal : nil
    }
}
