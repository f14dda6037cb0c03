import Glibc
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

/// A terminal that appends every frame it has drawn to a file, stamped with the monotonic
/// time at which the frame was handed to the terminal: one line per frame,
/// `<nanoseconds>\t<row 0>\u{1F}<row 1>…`. Turned on by `ROLLSCOPE_FRAME_TRACE=PATH`, for
/// `rollscope bench console`, which times start-to-complete-frame and event-to-screen from
/// outside the process by reading it.
public final class FrameTracingTerminal: ConsoleTerminal {
    /// The separator of rows within a frame's line (a grid row never holds it).
    public static let rowSeparator: Character = "\u{1F}"
    private let base: any ConsoleTerminal
    private let file: UnsafeMutablePointer<FILE>

    public init(base: any ConsoleTerminal, path: String) throws(TraceError) {
        guard let file = fopen(path, "a") else { throw TraceError(path: path, code: errno) }
        self.base = base
        self.file = file
    }

    deinit { fclose(file) }

    public var size: Size { base.size }
    public var glyphs: Glyphs { base.glyphs }
    public var wake: @Sendable () -> Void { base.wake }
    public func poll(timeoutMilliseconds: Int32?) -> TerminalInput { base.poll(timeoutMilliseconds: timeoutMilliseconds) }
    public func bell() { base.bell() }

    public func draw(_ grid: Grid) {
        base.draw(grid)
        let rows = (0..<grid.height).map { grid.line($0) }.joined(separator: String(Self.rowSeparator))
        fputs("\(MonotonicClock.nanoseconds)\t\(rows)\n", file)
        fflush(file)
    }

    /// The trace file could not be opened.
    public struct TraceError: Error, CustomStringConvertible {
        public var path: String
        public var code: Int32
        public var description: String { "frame trace \(path): \(String(cString: strerror(code)))" }
    }
}
