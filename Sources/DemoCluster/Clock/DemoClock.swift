import Foundation

/// The time source and the one serial context every simulated controller runs on.
///
/// Work scheduled through a clock runs one item at a time, in due order, so controllers need
/// no locks of their own; watch sinks (called on the store's threads) only ever `schedule`.
public protocol DemoClock: AnyObject, Sendable {
    /// The current time of this clock.
    var now: Date { get }
    /// Runs `work` once `delay` seconds of this clock have passed (0: as soon as possible).
    func schedule(after delay: TimeInterval, _ work: @escaping @Sendable () -> Void)
}

/// Wall-clock time, work run on a private serial dispatch queue.
public final class LiveClock: DemoClock, @unchecked Sendable {
    private let queue = DispatchQueue(label: "rollscope.demo.controllers")

    public init() {}

    public var now: Date { Date() }

    public func schedule(after delay: TimeInterval, _ work: @escaping @Sendable () -> Void) {
        if delay <= 0 {
            queue.async(execute: work)
        } else {
            queue.asyncAfter(deadline: .now() + delay, execute: work)
        }
    }
}

/// A clock for tests: time stands still until `advance(by:)`, which runs every due item in
/// order (items scheduled while advancing run too when they fall due inside the window).
public final class VirtualClock: DemoClock, @unchecked Sendable {
    private let lock = NSLock()
    private var current: Date
    private var queue = TimerHeap()

    public init(start: Date = Date(timeIntervalSince1970: 1_790_000_000)) {
        current = start
    }

    public var now: Date {
        lock.lock()
        defer { lock.unlock() }
        return current
    }

    public func schedule(after delay: TimeInterval, _ work: @escaping @Sendable () -> Void) {
        lock.lock()
        queue.push(due: current.addingTimeInterval(max(0, delay)), work)
        lock.unlock()
    }

    /// Moves time forward by `seconds`, running due work in (due, scheduling) order.
    public func advance(by seconds: TimeInterval) {
        lock.lock()
        let target = current.addingTimeInterval(seconds)
        lock.unlock()
        while let work = popDue(notAfter: target) { work() }
        lock.lock()
        if current < target { current = target }
        lock.unlock()
    }

    /// Advances in steps of `step` seconds up to `seconds` in all (lets periodic work interleave naturally).
    public func advance(by seconds: TimeInterval, step: TimeInterval) {
        var left = seconds
        while left > 0 {
            let s = min(step, left)
            advance(by: s)
            left -= s
        }
    }

    private func popDue(notAfter target: Date) -> (@Sendable () -> Void)? {
        lock.lock()
        defer { lock.unlock() }
        guard let due = queue.earliest, due <= target, let item = queue.pop() else { return nil }
        if item.due > current { current = item.due }
        return item.work
    }
}

/// A binary min-heap of timers ordered by (due, insertion), so equal times keep their order.
struct TimerHeap {
    /// One scheduled piece of work.
    struct Item {
        var due: Date
        var sequence: Int
        var work: @Sendable () -> Void
    }

    private var items: [Item] = []
    private var sequence = 0

    var earliest: Date? { items.first?.due }

    mutating func push(due: Date, _ work: @escaping @Sendable () -> Void) {
        sequence += 1
        items.append(Item(due: due, sequence: sequence, work: work))
        var i = items.count - 1
        while i > 0 {
            let parent = (i - 1) / 2
            guard precedes(i, parent) else { break }
            items.swapAt(i, parent)
            i = parent
        }
    }

    mutating func pop() -> Item? {
        guard !items.isEmpty else { return nil }
        items.swapAt(0, items.count - 1)
        let top = items.removeLast()
        var i = 0
        while true {
            let l = 2 * i + 1, r = l + 1
            var smallest = i
            if l < items.count, precedes(l, smallest) { smallest = l }
            if r < items.count, precedes(r, smallest) { smallest = r }
            if smallest == i { break }
            items.swapAt(i, smallest)
            i = smallest
        }
        return top
    }

    private func precedes(_ a: Int, _ b: Int) -> Bool {
        (items[a].due, items[a].sequence) < (items[b].due, items[b].sequence)
    }
}
