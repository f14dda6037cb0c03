import Foundation

/// Deduplicating work queue keyed by object (`namespace/name`), run on a `DemoClock`.
///
/// `enqueue(key, after:)` asks for a reconcile no later than `after` seconds from now; a request
/// due later than one already pending is dropped, because every reconcile recomputes (and
/// re-requests) its own future wake-ups. Thread-safe: watch sinks call it from store threads.
final class ReconcileQueue: @unchecked Sendable {
    private let clock: any DemoClock
    private let lock = NSLock()
    private var pending: [String: Date] = [:]
    private var stopped = false
    private let handler: @Sendable (String) -> Void

    init(clock: any DemoClock, handler: @escaping @Sendable (String) -> Void) {
        self.clock = clock
        self.handler = handler
    }

    func enqueue(_ key: String, after delay: TimeInterval = 0) {
        let due = clock.now.addingTimeInterval(max(0, delay))
        lock.lock()
        if stopped || (pending[key].map { $0 <= due } ?? false) {
            lock.unlock()
            return
        }
        pending[key] = due
        lock.unlock()
        clock.schedule(after: max(0, delay)) { [self] in
            lock.lock()
            let mine = pending[key] == due && !stopped
            if mine { pending[key] = nil }
            lock.unlock()
            if mine { handler(key) }
        }
    }

    func stop() {
        lock.lock()
        stopped = true
        pending.removeAll()
        lock.unlock()
    }
}
