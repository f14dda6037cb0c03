import Foundation

/// A clock that starts in the past on virtual time and then runs on wall time: the demo plays
/// its first minutes at once (`playForward`), before anyone looks, so the console opens with
/// every state already reached, and goes on live from there (`goLive`). Times written while
/// playing forward are in the past (objects created a minute and a half ago), as on a cluster
/// that was already running.
public final class HeadStartClock: DemoClock, @unchecked Sendable {
    private let lock = NSLock()
    private let queue = DispatchQueue(label: "rollscope.demo.controllers")
    private var virtualNow: Date?
    private var heap = TimerHeap()
    private let wallClock: @Sendable () -> Date

    /// Starts `seconds` before the wall clock's now, on virtual time.
    public init(headStart seconds: TimeInterval, wallClock: @escaping @Sendable () -> Date = Date.init) {
        self.wallClock = wallClock
        virtualNow = wallClock().addingTimeInterval(-max(0, seconds))
    }

    public var now: Date { lock.withLock { virtualNow } ?? wallClock() }

    public func schedule(after delay: TimeInterval, _ work: @escaping @Sendable () -> Void) {
        lock.lock()
        if let current = virtualNow {
            heap.push(due: current.addingTimeInterval(max(0, delay)), work)
            lock.unlock()
            return
        }
        lock.unlock()
        if delay <= 0 { queue.async(execute: work) } else { queue.asyncAfter(deadline: .now() + delay, execute: work) }
    }

    /// Runs every piece of work due until the wall clock's now, in due order, on the caller's
    /// thread, then catches up with the time that playing took, a few rounds at most (a simulation
    /// slower than real time would never catch up: `goLive` then runs what is overdue at once).
    public func playForward() {
        for _ in 0..<8 {
            let target = wallClock()
            guard now < target.addingTimeInterval(-0.05) else { return }
            while let work = popDue(notAfter: target) { work() }
            lock.withLock { if let v = virtualNow, v < target { virtualNow = target } }
        }
    }

    /// From now on time is the wall clock's and work runs on a serial queue; what was still
    /// pending runs when it falls due.
    public func goLive() {
        let pending: [TimerHeap.Item] = lock.withLock {
            var items: [TimerHeap.Item] = []
            while let item = heap.pop() { items.append(item) }
            virtualNow = nil
            return items
        }
        let now = wallClock()
        for item in pending {
            let delay = item.due.timeIntervalSince(now)
            if delay <= 0 { queue.async(execute: item.work) } else { queue.asyncAfter(deadline: .now() + delay, execute: item.work) }
        }
    }

    private func popDue(notAfter target: Date) -> (@Sendable () -> Void)? {
        lock.lock()
        defer { lock.unlock() }
        guard let due = heap.earliest, due <= target, let item = heap.pop() else { return nil }
        if let v = virtualNow, item.due > v { virtualNow = item.due }
        return item.work
    }
}
