import Glibc

/// A self-pipe that wakes the main loop from any thread: `signal()` makes the read end
/// readable, the loop's `poll()` returns, and `drain()` empties it.
///
/// Both ends are non-blocking, so `signal()` never blocks even when the pipe is full
/// (a full pipe already means "wake up"), and it is async-signal-safe.
public final class Wakeup: Sendable {
    /// The end to poll for reading.
    public let readDescriptor: Int32
    private let writeDescriptor: Int32

    public init() throws(TerminalError) {
        (readDescriptor, writeDescriptor) = try makeNonBlockingPipe()
    }

    /// Wakes the loop. Safe from any thread and from a signal handler.
    public func signal() {
        var byte: UInt8 = 1
        _ = write(writeDescriptor, &byte, 1)
    }

    /// Empties the pipe; returns whether anything was in it.
    @discardableResult
    public func drain() -> Bool {
        var buffer = [UInt8](repeating: 0, count: 64)
        var any = false
        while read(readDescriptor, &buffer, buffer.count) > 0 { any = true }
        return any
    }

    deinit {
        close(readDescriptor)
        close(writeDescriptor)
    }
}

/// A pipe with both ends non-blocking and close-on-exec.
/// (Quirk: `pipe2` is only declared with `_GNU_SOURCE`, which Swift's Glibc module lacks.)
func makeNonBlockingPipe() throws(TerminalError) -> (read: Int32, write: Int32) {
    var fds: [Int32] = [0, 0]
    guard pipe(&fds) == 0 else { throw TerminalError.system("pipe", errno) }
    for fd in fds {
        _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
        _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
    }
    return (fds[0], fds[1])
}
