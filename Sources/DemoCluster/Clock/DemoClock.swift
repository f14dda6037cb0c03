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
    private struct Item {
        var due: Date
        var sequence: Int
        var work: @Sendable () -> Void
    }

    private let lock = NSLock()
    private var current: Date
    private var items: [Item] = []
    private var sequence = 0

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
        sequence += 1
        items.append(Item(due: current.addingTimeInterval(max(0, delay)), sequence: sequence, work: work))
        lock.unlock()
    }

    /// Moves time forward by `seconds`, running due work in (due, scheduling) order.
    public func advance(by seconds: TimeInterval) {
        lock.lock()
        let target = current.addingTimeInterval(seconds)
        lock.unlock()
        while let item = popDue(notAfter: target) { item.work() }
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

    /// Number of items waiting (for tests).
    public var pendingCount: Int {
        lock.lock()
        defer { lock.unlock() }
        return items.count
    }

    private func popDue(notAfter target: Date) -> Item? {
        lock.lock()
        defer { lock.unlock() }
        guard let index = items.indices.min(by: { (items[$0].due, items[$0].sequence) < (items[$1].due, items[$1].sequence) }),
              items[index].due <= target else { return nil }
        let item = items.remove(at: index)
        if item.due > current { current = item.due }
        return item
    }
}
