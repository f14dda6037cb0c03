import Foundation
import NIOCore
import KubeModel
import NIOHTTP1

/// One open watch response: frames from the store are queued under a lock and written to the
/// channel in coalesced chunks, so a burst of events costs one write, not one per event.
final class WatchStream: @unchecked Sendable {
    private let channel: Channel
    private let lock = NSLock()
    private var pending: [UInt8] = []
    private var flushScheduled = false
    private var finished = false
    private let transform: (@Sendable (WatchFrame) -> [UInt8])?
    var watchID: Int?
    /// What the stream watches (to end it when its group stops being served).
    var resource: ResourceType?
    private var timers: [Scheduled<Void>] = []
    private var repeated: [RepeatedTask] = []

    init(channel: Channel, transform: (@Sendable (WatchFrame) -> [UInt8])? = nil) {
        self.channel = channel
        self.transform = transform
    }

    /// Queues one frame (called by the store, under its lock: only enqueue here).
    func send(_ frame: WatchFrame) {
        let line = transform?(frame) ?? frame.line
        lock.lock()
        if finished { lock.unlock(); return }
        pending.append(contentsOf: line)
        let schedule = !flushScheduled
        flushScheduled = true
        lock.unlock()
        if schedule { channel.eventLoop.execute { self.flush() } }
    }

    private func flush() {
        lock.lock()
        let bytes = pending
        pending.removeAll(keepingCapacity: true)
        flushScheduled = false
        let done = finished
        lock.unlock()
        guard !done, !bytes.isEmpty else { return }
        var buffer = channel.allocator.buffer(capacity: bytes.count)
        buffer.writeBytes(bytes)
        channel.writeAndFlush(HTTPServerResponsePart.body(.byteBuffer(buffer)), promise: nil)
    }

    func addTimer(_ t: Scheduled<Void>) { lock.lock(); timers.append(t); lock.unlock() }
    func addRepeated(_ t: RepeatedTask) { lock.lock(); repeated.append(t); lock.unlock() }

    /// Ends the response cleanly (the chunked stream's last chunk); the connection stays usable.
    func finish() {
        channel.eventLoop.execute {
            self.flush()
            guard self.markFinished() else { return }
            self.channel.writeAndFlush(HTTPServerResponsePart.end(nil), promise: nil)
        }
    }

    /// Cuts the connection after half of one line, as a network failure would.
    func drop() {
        channel.eventLoop.execute {
            self.flush()
            guard self.markFinished() else { return }
            var buffer = self.channel.allocator.buffer(capacity: 16)
            buffer.writeString("{\"type\":\"MODIF")
            self.channel.writeAndFlush(HTTPServerResponsePart.body(.byteBuffer(buffer))).whenComplete { _ in
                self.channel.close(promise: nil)
            }
        }
    }

    /// Writes raw bytes into the stream (fault injection: malformed lines).
    func inject(_ bytes: [UInt8]) {
        lock.lock()
        if !finished { pending.append(contentsOf: bytes) }
        lock.unlock()
        channel.eventLoop.execute { self.flush() }
    }

    /// Marks the stream finished; false when it already was.
    func markFinished() -> Bool {
        lock.lock()
        defer { lock.unlock() }
        if finished { return false }
        finished = true
        for t in timers { t.cancel() }
        for t in repeated { t.cancel() }
        timers.removeAll()
        repeated.removeAll()
        return true
    }
}
