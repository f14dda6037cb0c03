import Glibc
import Kube
import TerminalUI

/// The monotonic clock (CLOCK_MONOTONIC), which every process on the machine shares: the
/// frame trace's timestamps and the benchmark's write times are comparable across processes.
public enum MonotonicClock {
    public static var nanoseconds: UInt64 {
        var time = timespec()
        clock_gettime(CLOCK_MONOTONIC, &time)
        return UInt64(time.tv_sec) * 1_000_000_000 + UInt64(time.tv_nsec)
    }
}

/// When the data a frame shows reached each stage of its way to the screen: each stage keeps
/// the first time it was reached since the last frame took the stamps. The frame trace writes
/// them beside each frame (`FrameTracingTerminal`), so that `rollscope bench console` can say
/// where a slow event lost its time. Records nothing unless the trace is on.
public enum EventStamps {
    public enum Stage: String, CaseIterable, Sendable {
        /// A watch's delta decoded and handed to the source (on the thread that decoded it).
        case handedOver = "handed-over"
        /// The main loop's `poll()` returned with it waiting.
        case woke
        /// The source's drain made it events (store, rows).
        case drained
        /// The reducer took those events.
        case reduced
        /// The frame was rendered (`FrameCache`), before curses wrote it.
        case rendered
    }

    /// Set once, by the frame trace's terminal, before the main loop starts the source (no
    /// other thread reads it before then).
    nonisolated(unsafe) private(set) static var isOn = false
    private static let stamps = Locked<[Stage: UInt64]>([:])

    /// The monotonic time now, when the stamps are on.
    public static var now: UInt64? { isOn ? MonotonicClock.nanoseconds : nil }

    /// Stamps `stage` at `time` (now by default), unless it was reached since the last frame.
    public static func mark(_ stage: Stage, at time: UInt64? = nil) {
        guard isOn, let time = time ?? now else { return }
        stamps.withLock { if $0[stage] == nil { $0[stage] = time } }
    }

    /// The stamps since the last frame, in stage order, cleared.
    static func take() -> [(Stage, UInt64)] {
        let taken = stamps.withLock { s in defer { s = [:] }; return s }
        return Stage.allCases.compactMap { stage in taken[stage].map { (stage, $0) } }
    }

    fileprivate static func turnOn() { isOn = true }
}

/// A terminal that appends every frame it has drawn to a file, stamped with the monotonic
/// time at which the frame was handed to the terminal: one line per frame,
/// `<nanoseconds>\t<row 0>\u{1F}<row 1>…`; and to `PATH.stages` the frame's `EventStamps`, a
/// line per frame that has any: `<nanoseconds>\t<stage>=<nanoseconds> …`. Turned on by
/// `ROLLSCOPE_FRAME_TRACE=PATH`, for `rollscope bench console`, which times
/// start-to-complete-frame and event-to-screen from outside the process by reading it.
public final class FrameTracingTerminal: ConsoleTerminal {
    /// The separator of rows within a frame's line (a grid row never holds it).
    public static let rowSeparator: Character = "\u{1F}"
    private let base: any ConsoleTerminal
    private let file: UnsafeMutablePointer<FILE>
    private let stages: UnsafeMutablePointer<FILE>

    /// The file of the stamps beside the trace at `path`.
    public static func stagesPath(_ path: String) -> String { path + ".stages" }

    public init(base: any ConsoleTerminal, path: String) throws(TraceError) {
        guard let file = fopen(path, "a") else { throw TraceError(path: path, code: errno) }
        guard let stages = fopen(Self.stagesPath(path), "a") else {
            fclose(file)
            throw TraceError(path: Self.stagesPath(path), code: errno)
        }
        self.base = base
        self.file = file
        self.stages = stages
        EventStamps.turnOn()
    }

    deinit {
        fclose(file)
        fclose(stages)
    }

    public var size: Size { base.size }
    public var glyphs: Glyphs { base.glyphs }
    public var wake: @Sendable () -> Void { base.wake }
    public func poll(timeoutMilliseconds: Int32?) -> TerminalInput { base.poll(timeoutMilliseconds: timeoutMilliseconds) }
    public func bell() { base.bell() }

    public func draw(_ grid: Grid) {
        base.draw(grid)
        let drawn = MonotonicClock.nanoseconds
        let rows = (0..<grid.height).map { grid.line($0) }.joined(separator: String(Self.rowSeparator))
        fputs("\(drawn)\t\(rows)\n", file)
        fflush(file)
        let stamps = EventStamps.take()
        guard !stamps.isEmpty else { return }
        fputs("\(drawn)\t" + stamps.map { "\($0.0.rawValue)=\($0.1)" }.joined(separator: " ") + "\n", stages)
        fflush(stages)
    }

    /// The trace file could not be opened.
    public struct TraceError: Error, CustomStringConvertible {
        public var path: String
        public var code: Int32
        public var description: String { "frame trace \(path): \(String(cString: strerror(code)))" }
    }
}
