import Console
import Foundation
import Glibc
import TerminalUI

/// Another program run by a benchmark, as a shell runs it: `run` waits for it and reports its
/// whole-process figures; `watch` starts it on a pipe or a pseudo-terminal and keeps every chunk
/// it writes with the time it arrived.
enum ChildProcess {
    /// One finished run: wall time from spawn to exit, CPU time (user + system), the bytes it
    /// wrote to standard output and its exit status. (Not its peak memory: `ru_maxrss` of a
    /// spawned child starts from this process's own, which holds the whole server.)
    struct Run {
        let wall: Double
        let cpu: Double
        let outputBytes: Int
        let status: Int32
    }

    /// Runs `executable` to its end, its standard output read (and counted) through a pipe, its
    /// standard error discarded.
    static func run(_ executable: String, _ arguments: [String]) throws -> Run {
        var pipe: [Int32] = [0, 0]
        guard Glibc.pipe(&pipe) == 0 else { throw BenchmarkError("pipe: \(String(cString: strerror(errno)))") }
        let start = MonotonicClock.nanoseconds
        let pid = try spawn(executable, arguments, stdout: pipe[1], closing: pipe[0])
        close(pipe[1])
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        var bytes = 0
        while case let count = read(pipe[0], &buffer, buffer.count), count != 0 {
            if count < 0 { if errno == EINTR { continue } else { break } }
            bytes += count
        }
        close(pipe[0])
        var status: Int32 = 0
        var usage = rusage()
        while wait4(pid, &status, 0, &usage) < 0, errno == EINTR {}
        let end = MonotonicClock.nanoseconds
        func seconds(_ time: timeval) -> Double { Double(time.tv_sec) + Double(time.tv_usec) / 1e6 }
        return Run(wall: Double(end - start) / 1e9, cpu: seconds(usage.ru_utime) + seconds(usage.ru_stime),
                   outputBytes: bytes, status: (status >> 8) & 0xFF)
    }

    /// Starts `executable` with its standard output on a pipe (`terminal` nil) or on a new
    /// pseudo-terminal of that size, and records what it writes.
    static func watch(_ executable: String, _ arguments: [String], terminal: Size?) throws -> TimedOutput {
        if let terminal {
            let pty = try PseudoTerminal(size: terminal)
            var environment = ProcessInfo.processInfo.environment
            environment["TERM"] = "xterm-256color"
            let pid = try pty.spawn(executable, arguments: arguments, environment: environment)
            return TimedOutput(pid: pid, descriptor: pty.master, keeping: pty)
        }
        var pipe: [Int32] = [0, 0]
        guard Glibc.pipe(&pipe) == 0 else { throw BenchmarkError("pipe: \(String(cString: strerror(errno)))") }
        let pid = try spawn(executable, arguments, stdout: pipe[1], closing: pipe[0])
        close(pipe[1])
        return TimedOutput(pid: pid, descriptor: pipe[0], keeping: nil)
    }

    /// posix_spawn with standard output on `stdout`, standard error on /dev/null and `closing`
    /// (the pipe's other end) closed in the child; the environment is this process's.
    private static func spawn(_ executable: String, _ arguments: [String], stdout: Int32, closing: Int32) throws -> pid_t {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, stdout, 1)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        posix_spawn_file_actions_addclose(&actions, closing)
        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var pid: pid_t = 0
        let result = posix_spawn(&pid, executable, &actions, nil, argv, environ)
        guard result == 0 else { throw BenchmarkError("cannot run \(executable): \(String(cString: strerror(result)))") }
        return pid
    }
}

/// A running program's output, each chunk stamped with the monotonic time it was read.
final class TimedOutput: @unchecked Sendable {
    let pid: pid_t
    private let descriptor: Int32
    private let terminal: PseudoTerminal?
    private let lock = NSLock()
    private var chunks: [(time: UInt64, count: Int)] = []
    private var running = true

    init(pid: pid_t, descriptor: Int32, keeping terminal: PseudoTerminal?) {
        self.pid = pid
        self.descriptor = descriptor
        self.terminal = terminal
        Thread { [self] in readAll() }.start()
    }

    /// Reads until the end or `stop`; a pipe's end is closed here, a terminal's by its owner.
    private func readAll() {
        defer { if terminal == nil { close(descriptor) } }
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        var poller = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
        while lock.withLock({ running }) {
            guard poll(&poller, 1, 100) > 0 else { continue }
            let count = read(descriptor, &buffer, buffer.count)
            let now = MonotonicClock.nanoseconds
            if count > 0 {
                lock.withLock { chunks.append((now, count)) }
            } else if count == 0 || (errno != EAGAIN && errno != EINTR) {
                return // the end of the pipe, or the terminal hung up
            }
        }
    }

    /// When the first chunk at or after `time` arrived, waiting at most `timeout` seconds.
    func firstOutput(after time: UInt64, timeout: Double) -> UInt64? {
        let deadline = MonotonicClock.nanoseconds + UInt64(timeout * 1e9)
        repeat {
            if let found = lock.withLock({ chunks.first { $0.time >= time }?.time }) { return found }
            usleep(1_000)
        } while MonotonicClock.nanoseconds < deadline
        return nil
    }

    /// Waits until something was written and then nothing for `quiet` seconds (at most `timeout`).
    func waitUntilQuiet(_ quiet: Double, timeout: Double) -> Bool {
        let deadline = MonotonicClock.nanoseconds + UInt64(timeout * 1e9)
        repeat {
            if let last = lock.withLock({ chunks.last?.time }), MonotonicClock.nanoseconds - last >= UInt64(quiet * 1e9) { return true }
            usleep(10_000)
        } while MonotonicClock.nanoseconds < deadline
        return false
    }

    /// Bytes written in [from, to).
    func bytes(from: UInt64, to: UInt64) -> Int {
        lock.withLock { chunks.lazy.filter { $0.time >= from && $0.time < to }.reduce(0) { $0 + $1.count } }
    }

    /// Ends the program (SIGTERM, then SIGKILL after 5 s) and the reading.
    func stop() {
        kill(pid, SIGTERM)
        var status: Int32 = 0
        let deadline = MonotonicClock.nanoseconds + 5_000_000_000
        while waitpid(pid, &status, WNOHANG) == 0 {
            if MonotonicClock.nanoseconds > deadline { kill(pid, SIGKILL); waitpid(pid, &status, 0); break }
            usleep(10_000)
        }
        lock.withLock { running = false }
    }
}

/// A benchmark that could not run (a program missing, a pipe refused).
struct BenchmarkError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
