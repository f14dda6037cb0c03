import Foundation

/// The built `rollscope` binary, found next to the test bundle in the build directory.
let rollscopeBinary: String = {
    let testBinary = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
    var directory = URL(fileURLWithPath: testBinary).deletingLastPathComponent()
    while directory.path != "/" {
        let candidate = directory.appendingPathComponent("rollscope").path
        if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        directory = directory.deletingLastPathComponent()
    }
    return "rollscope"
}()

/// Runs a program that may leave a daemon behind (`tmux new-session` starts tmux's server),
/// with posix_spawn and waitpid. Quirk: Foundation's `Process` on Linux learns of the child's
/// exit through a descriptor the child inherits, and a daemon the child starts inherits it too,
/// so `waitUntilExit` would wait for the daemon; its output would hold a pipe open likewise.
func runDetaching(_ path: String, _ arguments: [String]) throws -> Int32 {
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    for fd: Int32 in [0, 1, 2] { posix_spawn_file_actions_addopen(&actions, fd, "/dev/null", fd == 0 ? O_RDONLY : O_WRONLY, 0) }
    let argv = ([path] + arguments).map { strdup($0) } + [nil]
    defer { for p in argv { free(p) } }
    var pid: pid_t = 0
    let rc = posix_spawn(&pid, path, &actions, nil, argv, environ)
    guard rc == 0 else { throw E2EError("cannot run \(path): \(String(cString: strerror(rc)))") }
    var status: Int32 = 0
    while waitpid(pid, &status, 0) < 0, errno == EINTR {}
    return (status >> 8) & 0xFF
}

/// Runs a program to completion and returns its exit status and standard output.
@discardableResult
func runProgram(_ path: String, _ arguments: [String], environment: [String: String] = [:]) throws -> (status: Int32, output: String) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: path)
    process.arguments = arguments
    var env = ProcessInfo.processInfo.environment
    for (k, v) in environment { env[k] = v }
    process.environment = env
    process.standardError = FileHandle.nullDevice
    let pipe = Pipe()
    process.standardOutput = pipe
    try process.run()
    let data = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return (process.terminationStatus, String(decoding: data, as: UTF8.self))
}

/// Runs the rollscope binary to completion and returns its exit status and standard error.
func runForErrors(_ arguments: [String]) throws -> (status: Int32, errors: String) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: rollscopeBinary)
    process.arguments = arguments
    let errors = Pipe()
    process.standardError = errors
    process.standardOutput = FileHandle.nullDevice
    try process.run()
    let message = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    process.waitUntilExit()
    return (process.terminationStatus, message)
}

/// Polls `condition` every 100 ms until it holds or `seconds` pass.
func eventually(_ seconds: Double = 20, _ condition: () throws -> Bool) rethrows -> Bool {
    let deadline = Date().addingTimeInterval(seconds)
    while Date() < deadline {
        if try condition() { return true }
        usleep(100_000)
    }
    return try condition()
}

/// `rollscope demo --serve` in the background, with its own kubeconfig, stopped by SIGINT.
final class DemoServer {
    let process = Process()
    let kubeconfig: String

    init(seed: Int = 7, speed: Double = 4) throws {
        kubeconfig = FileManager.default.temporaryDirectory.appendingPathComponent("rollscope-e2e-\(UUID().uuidString).kubeconfig").path
        process.executableURL = URL(fileURLWithPath: rollscopeBinary)
        process.arguments = ["demo", "--serve", "--kubeconfig-out", kubeconfig, "--seed", String(seed), "--speed", String(speed)]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        guard eventually(30, { FileManager.default.fileExists(atPath: kubeconfig) }) else { throw E2EError("the demo server did not start") }
    }

    /// Runs `rollscope ARGS` against this server.
    func cli(_ arguments: [String]) throws -> (status: Int32, output: String) {
        try runProgram(rollscopeBinary, arguments + ["--kubeconfig", kubeconfig])
    }

    deinit {
        if process.isRunning {
            // SIGTERM, not SIGINT: a shell's background job (CI's) starts with SIGINT ignored, and
            // a server still starting has no handler of its own yet.
            process.terminate()
            process.waitUntilExit()
        }
        try? FileManager.default.removeItem(atPath: kubeconfig)
    }
}

/// `rollscope demo --serve --clusters 3 --stdin-commands` in the background (`extra` adds flags):
/// commands written to its standard input, its output kept.
final class FleetServer: @unchecked Sendable {
    let process = Process()
    let kubeconfig = FileManager.default.temporaryDirectory.appendingPathComponent("rollscope-fleet-\(UUID().uuidString).kubeconfig").path
    private let input = Pipe()
    private let output = Pipe()
    private let lock = NSLock()
    private var text = ""

    init(_ extra: [String] = []) throws {
        process.executableURL = URL(fileURLWithPath: rollscopeBinary)
        process.arguments = ["demo", "--serve", "--clusters", "3", "--stdin-commands", "--kubeconfig-out", kubeconfig, "--seed", "7"] + extra
        process.standardInput = input
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        output.fileHandleForReading.readabilityHandler = { [weak self] handle in
            let data = handle.availableData
            guard let self, !data.isEmpty else { return }
            self.lock.withLock { self.text += String(decoding: data, as: UTF8.self) }
        }
        try process.run()
        guard eventually(60, { printed.contains("Ctrl-C stops it.") }) else { throw E2EError("the demo fleet did not start: \(printed)") }
    }

    var printed: String { lock.withLock { text } }

    /// Writes one command line and waits for its answer.
    func command(_ line: String, answer: String) -> Bool {
        input.fileHandleForWriting.write(Data((line + "\n").utf8))
        return eventually(10) { printed.contains(answer) }
    }

    /// `rollscope list rollouts -A` on `context`: exit status and NAME → STATUS.
    func rollouts(_ context: String) throws -> (status: Int32, phases: [String: String]) {
        let r = try runProgram(rollscopeBinary, ["list", "rollouts", "-A", "--kubeconfig", kubeconfig, "--context", context])
        var phases: [String: String] = [:]
        for line in r.output.split(separator: "\n").dropFirst() {
            let columns = line.split(separator: " ", omittingEmptySubsequences: true)
            if columns.count > 3 { phases["\(columns[0])/\(columns[1])"] = String(columns[3]) }
        }
        return (r.status, phases)
    }

    deinit {
        output.fileHandleForReading.readabilityHandler = nil
        if process.isRunning {
            // SIGTERM, not SIGINT: a shell's background job (CI's) starts with SIGINT ignored, and
            // a server still starting has no handler of its own yet.
            process.terminate()
            process.waitUntilExit()
        }
        try? FileManager.default.removeItem(atPath: kubeconfig)
    }
}

/// A tmux session running one program, as an operator's terminal: keys in, screen text out.
final class TmuxSession {
    let name = "rollscope-e2e-\(UUID().uuidString.prefix(8))"
    private let socket: String

    init(command: [String], width: Int = 120, height: Int = 40) throws {
        socket = FileManager.default.temporaryDirectory.appendingPathComponent("tmux-\(name)").path
        let shellCommand = command.map { "'" + $0.replacingOccurrences(of: "'", with: "'\\''") + "'" }.joined(separator: " ")
        try tmux(["new-session", "-d", "-s", name, "-x", String(width), "-y", String(height),
                  "env TERM=xterm-256color LANG=C.UTF-8 SWIFT_BACKTRACE=enable=no \(shellCommand)"])
        try tmux(["set-option", "-t", name, "remain-on-exit", "on"])
        serverPID = pid_t(pane("pid")) ?? 0
        programPID = pid_t(pane("pane_pid")) ?? 0
    }

    /// tmux's server and the program in the pane, killed outright when the test ends (a program
    /// stuck on its terminal must not keep a test run's processes alive).
    private var serverPID: pid_t = 0
    private var programPID: pid_t = 0

    @discardableResult
    func tmux(_ arguments: [String]) throws -> String {
        let reads = ["capture-pane", "display-message"].contains(arguments.first ?? "")
        let (status, output) = reads ? try runProgram("/usr/bin/tmux", ["-S", socket] + arguments)
                                     : (try runDetaching("/usr/bin/tmux", ["-S", socket] + arguments), "")
        guard status == 0 else { throw E2EError("tmux \(arguments.first ?? "") failed (\(status))") }
        return output
    }

    /// The screen's text now.
    var screen: String { (try? tmux(["capture-pane", "-p", "-t", name])) ?? "" }

    func send(_ keys: String...) throws { try tmux(["send-keys", "-t", name] + keys) }

    func sendLiteral(_ text: String) throws { try tmux(["send-keys", "-t", name, "-l", text]) }

    func resize(width: Int, height: Int) throws {
        try tmux(["resize-window", "-t", name, "-x", String(width), "-y", String(height)])
    }

    /// A tmux format value of the pane (`pane_dead`, `pane_dead_status`, `alternate_on`, …).
    func pane(_ format: String) -> String {
        ((try? tmux(["display-message", "-p", "-t", name, "#{\(format)}"])) ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
    }

    func waitFor(_ text: String, seconds: Double = 20) -> Bool { eventually(seconds) { screen.contains(text) } }

    deinit {
        if programPID > 0 { kill(programPID, SIGKILL) }
        _ = try? tmux(["kill-server"])
        if serverPID > 0 { kill(serverPID, SIGKILL) }
        try? FileManager.default.removeItem(atPath: socket)
    }
}

struct E2EError: Error, CustomStringConvertible {
    var description: String
    init(_ d: String) { description = d }
}
