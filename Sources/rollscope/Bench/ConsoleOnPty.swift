import Console
import Foundation
import Glibc
import TerminalUI

/// The console binary on a pseudo-terminal, run as an operator runs it, with its frame trace
/// on (`ROLLSCOPE_FRAME_TRACE`): every byte it writes to the terminal is counted with the time
/// it arrived, and every frame it drew can be read back with the time it was drawn.
final class ConsoleOnPty: @unchecked Sendable {
    /// One drawn frame: when, and its rows as text.
    struct Frame {
        let time: UInt64
        let rows: [Substring]
        func contains(_ text: String) -> Bool { rows.contains { $0.contains(text) } }
    }

    let pid: pid_t
    /// When it was started (monotonic nanoseconds).
    let startTime: UInt64
    private let pty: PseudoTerminal
    private let trace: FileHandle
    private let tracePath: String
    private let lock = NSLock()
    private var received: [(time: UInt64, count: Int)] = []
    private var running = true
    private var traceBuffer = Data()
    private var frames: [Frame] = []

    init(executable: String, arguments: [String], size: Size, environment: [String: String]) throws {
        tracePath = NSTemporaryDirectory() + "rollscope-bench-\(getpid()).frames"
        _ = FileManager.default.createFile(atPath: tracePath, contents: nil)
        trace = try FileHandle(forReadingFrom: URL(fileURLWithPath: tracePath))
        pty = try PseudoTerminal(size: size)
        var environment = environment
        environment["ROLLSCOPE_FRAME_TRACE"] = tracePath
        startTime = MonotonicClock.nanoseconds
        pid = try pty.spawn(executable, arguments: arguments, environment: environment)
        let reader = Thread { [self] in drainTerminal() }
        reader.start()
    }

    /// Reads the terminal as an emulator would, noting how many bytes came when.
    private func drainTerminal() {
        var buffer = [UInt8](repeating: 0, count: 65536)
        var descriptor = pollfd(fd: pty.master, events: Int16(POLLIN), revents: 0)
        while lock.withLock({ running }) {
            guard poll(&descriptor, 1, 100) > 0 else { continue }
            let count = read(pty.master, &buffer, buffer.count)
            let now = MonotonicClock.nanoseconds
            if count > 0 { lock.withLock { received.append((now, count)) } } else if count == 0 || errno != EAGAIN { usleep(10_000) }
        }
    }

    /// Bytes written to the terminal in [from, to).
    func bytes(from: UInt64, to: UInt64) -> Int {
        lock.withLock { received.lazy.filter { $0.time >= from && $0.time < to }.reduce(0) { $0 + $1.count } }
    }

    /// Frames drawn in [from, to).
    func frameCount(from: UInt64, to: UInt64) -> Int {
        readTrace()
        return frames.lazy.filter { $0.time >= from && $0.time < to }.count
    }

    /// Waits until no frame has been drawn for `milliseconds` (at most 10 s).
    func waitUntilQuiet(milliseconds: UInt64) {
        let deadline = Date().addingTimeInterval(10)
        while Date() < deadline {
            readTrace()
            if MonotonicClock.nanoseconds - (frames.last?.time ?? 0) >= milliseconds * 1_000_000 { return }
            usleep(20_000)
        }
    }

    /// Types keys as the operator would.
    func send(_ keys: String) { pty.send(keys) }

    /// The first frame drawn at or after `time` for which `condition` holds, waiting at most `timeout` seconds.
    func firstFrame(after time: UInt64, timeout: Double = 10, where condition: (Frame) -> Bool) -> Frame? {
        let deadline = Date().addingTimeInterval(timeout)
        var checked = 0
        repeat {
            readTrace()
            while checked < frames.count {
                let frame = frames[checked]
                checked += 1
                if frame.time >= time, condition(frame) { return frame }
            }
            usleep(2_000)
        } while Date() < deadline
        return nil
    }

    /// The frames drawn in [from, to].
    func framesDrawn(from: UInt64, to: UInt64) -> [Frame] {
        readTrace()
        return frames.filter { $0.time >= from && $0.time <= to }
    }

    /// The frames traced so far (it is read, not followed: call before looking at `frames`).
    private func readTrace() {
        // `availableData` on a file returns one buffer's worth at most: read to the end.
        while case let chunk = trace.availableData, !chunk.isEmpty { traceBuffer.append(chunk) }
        while let newline = traceBuffer.firstIndex(of: UInt8(ascii: "\n")) {
            let line = String(decoding: traceBuffer[traceBuffer.startIndex..<newline], as: UTF8.self)
            traceBuffer.removeSubrange(traceBuffer.startIndex...newline)
            guard let tab = line.firstIndex(of: "\t"), let time = UInt64(line[..<tab]) else { continue }
            frames.append(Frame(time: time, rows: line[line.index(after: tab)...].split(separator: FrameTracingTerminal.rowSeparator,
                                                                                         omittingEmptySubsequences: false)))
        }
    }

    /// The `EventStamps` the console wrote beside the frame drawn at `time`: each stage it
    /// names and when.
    func stages(ofFrameAt time: UInt64) -> [(stage: Substring, time: UInt64)] {
        guard let text = try? String(contentsOfFile: FrameTracingTerminal.stagesPath(tracePath), encoding: .utf8),
              let line = text.split(separator: "\n").first(where: { $0.hasPrefix("\(time)\t") }) else { return [] }
        return line.split(separator: "\t").dropFirst().first?.split(separator: " ").compactMap { pair -> (stage: Substring, time: UInt64)? in
            let parts = pair.split(separator: "=")
            guard parts.count == 2, let time = UInt64(parts[1]) else { return nil }
            return (parts[0], time)
        } ?? []
    }

    /// Sends `q` and waits for the exit status (nil if it did not end within 10 s, then it is killed).
    func quit() -> Int32? {
        send("q")
        var status: Int32 = 0
        let deadline = Date().addingTimeInterval(10)
        while Date() < deadline {
            if waitpid(pid, &status, WNOHANG) == pid { stopReading(); return (status >> 8) & 0xFF }
            usleep(20_000)
        }
        kill(pid, SIGKILL)
        waitpid(pid, &status, 0)
        stopReading()
        return nil
    }

    private func stopReading() {
        lock.withLock { running = false }
        try? FileManager.default.removeItem(atPath: tracePath)
        try? FileManager.default.removeItem(atPath: FrameTracingTerminal.stagesPath(tracePath))
    }

    deinit {
        if kill(pid, 0) == 0 { kill(pid, SIGKILL); var status: Int32 = 0; waitpid(pid, &status, 0) }
    }
}
