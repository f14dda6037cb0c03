import Foundation
import NIOCore
import KubeModel
import NIOHTTP1

/// One open streamed response, a watch or a followed pod log: frames from the store are queued under a lock and written to the
/// channel in coalesced chunks, so a burst of events costs one write, not one per event. Frames are written straight into
/// the buffer that is then handed to the channel as it is (an event's object is copied once, into it).
///
/// The send buffer is bounded, as kube-apiserver bounds each watcher's: when more than
/// `maxBacklog` bytes of events stay unwritten to the socket for `grace` seconds (the client is not
/// reading, or reads slower than the changes come), the watch is closed and its backlog dropped;
/// the client re-watches from its last resourceVersion as after any dropped connection. A burst
/// that a reading client drains within the grace costs nothing. The initial events a watch starts
/// with are exempt until they are written (they are a list, sized by the store, not by the
/// client's pace).
final class WatchStream: @unchecked Sendable {
    private let channel: Channel
    private let allocator: ByteBufferAllocator
    private let lock = NSLock()
    private var pending: ByteBuffer
    private var flushScheduled = false
    private var finished = false
    private let transform: (@Sendable (WatchFrame) -> [UInt8])?
    private let maxBacklog: Int
    private let grace: TimeAmount
    /// Since when the backlog has been over `maxBacklog` (nil: it is not).
    private var overSince: NIODeadline?
    /// Bytes queued since the start, bytes the channel reports written, and how many of the first were the initial events.
    private var queued = 0
    private var written = 0
    private var initial = 0
    private var live = false
    var watchID: Int?
    /// What the stream watches (to end it when its group stops being served).
    var resource: ResourceType?
    private var timers: [Scheduled<Void>] = []
    private var repeated: [RepeatedTask] = []
    /// Stops what feeds the stream when it ends, however it ends (a followed log's subscription).
    var stopSource: (@Sendable () -> Void)?
    /// Called on the event loop when the response ends cleanly (`finish`), just before its last chunk is written.
    var onFinish: (@Sendable () -> Void)?

    init(channel: Channel, maxBacklog: Int = .max, grace: Double = 5, transform: (@Sendable (WatchFrame) -> [UInt8])? = nil) {
        self.channel = channel
        self.maxBacklog = maxBacklog
        self.grace = .nanoseconds(Int64(min(max(grace, 0), 86_400) * 1e9))
        self.transform = transform
        allocator = channel.allocator
        pending = allocator.buffer(capacity: 0)
    }

    /// Queues one frame (called by the store, under its lock: only enqueue here). The frame's
    /// line is written straight into the send buffer.
    func send(_ frame: WatchFrame) {
        if let transform {
            send(bytes: transform(frame))
        } else {
            enqueue { frame.write(to: &$0) }
        }
    }

    /// Queues bytes as they are (a followed pod log's lines), under the same backlog bound as events.
    func send(bytes line: [UInt8]) {
        enqueue { $0.writeBytes(line) }
    }

    /// Appends to the send buffer under the lock and schedules a flush unless one is due.
    private func enqueue(_ append: (inout ByteBuffer) -> Void) {
        lock.lock()
        if finished { lock.unlock(); return }
        let before = pending.readableBytes
        append(&pending)
        let count = pending.readableBytes - before
        queued += count
        if !live { initial += count }
        let check = live && overSince == nil && liveBacklog > maxBacklog
        if check { overSince = .now() }
        let schedule = !flushScheduled
        flushScheduled = true
        lock.unlock()
        if schedule { channel.eventLoop.execute { self.flush() } }
        if check { channel.eventLoop.scheduleTask(in: grace) { self.checkBacklog() } }
    }

    /// Unwritten bytes other than the initial events (under the lock).
    private var liveBacklog: Int { (queued - written) - max(0, initial - written) }

    /// Closes the watch if its backlog stayed over the bound for the whole grace; looks again later if it dipped and rose.
    private func checkBacklog() {
        lock.lock()
        guard !finished, let since = overSince else { lock.unlock(); return }
        let due = since + grace
        lock.unlock()
        if NIODeadline.now() >= due {
            overflow()
        } else {
            channel.eventLoop.scheduleTask(deadline: due) { self.checkBacklog() }
        }
    }

    /// The initial events are queued: from now on the backlog bound applies.
    func goLive() { lock.lock(); live = true; lock.unlock() }

    /// The client is not keeping up: drop the backlog and close the connection (its watch ends with it).
    private func overflow() {
        guard markFinished() else { return }
        lock.lock()
        pending = allocator.buffer(capacity: 0)
        lock.unlock()
        channel.eventLoop.execute { self.channel.close(promise: nil) }
    }

    private func flush() {
        lock.lock()
        let buffer = pending
        let count = buffer.readableBytes
        if count > 0 { pending = allocator.buffer(capacity: min(count, 1 << 16)) }
        flushScheduled = false
        let done = finished
        lock.unlock()
        guard !done, count > 0 else { return }
        let promise = channel.eventLoop.makePromise(of: Void.self)
        promise.futureResult.whenComplete { _ in
            self.lock.lock()
            self.written += count
            if self.liveBacklog <= self.maxBacklog { self.overSince = nil }
            self.lock.unlock()
        }
        channel.writeAndFlush(HTTPServerResponsePart.body(.byteBuffer(buffer)), promise: promise)
    }

    func addTimer(_ t: Scheduled<Void>) { lock.lock(); timers.append(t); lock.unlock() }
    func addRepeated(_ t: RepeatedTask) { lock.lock(); repeated.append(t); lock.unlock() }

    /// Ends the response cleanly (the chunked stream's last chunk); the connection stays usable.
    func finish() {
        channel.eventLoop.execute {
            self.flush()
            guard self.markFinished() else { return }
            self.onFinish?()
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
        if !finished {
            pending.writeBytes(bytes)
            queued += bytes.count
        }
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
