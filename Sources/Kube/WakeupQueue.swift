import Foundation

/// A thread-safe FIFO of Sendable values plus a file descriptor that becomes readable whenever
/// values are waiting, so a `poll()`-based UI loop can sleep on the keyboard and this queue at once.
/// One byte is written per empty→non-empty transition; `drain()` empties both.
public final class WakeupQueue<Element: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var items: [Element] = []
    private let readFD: Int32
    private let writeFD: Int32

    public init() {
        var fds: [Int32] = [0, 0]
        // Quirk: a pipe (not eventfd) keeps this portable to macOS; both ends are non-blocking so a
        // full pipe never stalls a producer and an empty one never stalls `drain`.
        precondition(pipe(&fds) == 0, "pipe() failed: \(errno)")
        readFD = fds[0]
        writeFD = fds[1]
        for fd in fds {
            _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
            _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
        }
    }

    deinit {
        close(readFD)
        close(writeFD)
    }

    /// Readable while values wait: poll it for `POLLIN`.
    public var fileDescriptor: Int32 { readFD }

    public func push(_ element: Element) {
        push(contentsOf: [element])
    }

    public func push(contentsOf elements: [Element]) {
        guard !elements.isEmpty else { return }
        lock.lock()
        let wasEmpty = items.isEmpty
        items.append(contentsOf: elements)
        lock.unlock()
        if wasEmpty {
            var byte: UInt8 = 1
            _ = write(writeFD, &byte, 1)
        }
    }

    /// Everything waiting, oldest first; clears the wakeup.
    public func drain() -> [Element] {
        lock.lock()
        defer { lock.unlock() }
        var sink = [UInt8](repeating: 0, count: 64)
        while read(readFD, &sink, sink.count) > 0 {}
        let out = items
        items.removeAll(keepingCapacity: true)
        return out
    }

    public var isEmpty: Bool {
        lock.lock()
        defer { lock.unlock() }
        return items.isEmpty
    }
}
