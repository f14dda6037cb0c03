import Foundation

/// Hands malloc's free pages back to the system: glibc's `malloc_trim(0)` returns the whole free
/// pages inside every arena's free chunks, not only the top of each heap, as Go's scavenger does
/// for kubectl. The server trims after a large response (`MemoryTrim`), the console after a batch
/// let go of many typed objects (`ObjectStore.settle`): a first load's pages and typed objects
/// pass through the transport threads' arenas, and what they free stays resident otherwise.
public enum HeapTrim {
    private static let queue = DispatchQueue(label: "rollscope.heap-trim", qos: .utility)
    private static let lock = NSLock()
    /// Counts the calls to `soon`: a scheduled trim runs only if no call came after its own.
    nonisolated(unsafe) private static var calls = 0
    /// When the first call since the last trim came.
    nonisolated(unsafe) private static var burstStart: Date?
    /// How long calls must have stopped before the trim runs.
    static let quiet: TimeInterval = 1
    /// How long a burst of calls may put the trim off at most.
    static let longest: TimeInterval = 5

    /// Trims once the calls have stopped for `quiet` seconds (or `longest` after the first of a
    /// burst that does not stop): a list's pages, a call each, are followed by one trim when the
    /// list is done. `malloc_trim` holds each arena's lock while it hands pages back, so a trim
    /// after every page stalled the threads decoding and applying the next ones: the console's
    /// first complete frame, against a demo server on its own, 379–474 ms → 309–351 ms at 2,000
    /// Rollouts and 2.7–3.0 s → 2.3–2.5 s at 20,000 (four alternating runs each); the peak
    /// resident size during a 20,000-rollout load rises by 10–25 MB, the size at rest does not.
    public static func soon() {
        let mine = lock.withLock { () -> Int in
            calls += 1
            burstStart = burstStart ?? Date()
            return calls
        }
        queue.asyncAfter(deadline: .now() + quiet) {
            let due = lock.withLock { () -> Bool in
                guard let start = burstStart, calls == mine || Date().timeIntervalSince(start) >= longest else { return false }
                burstStart = nil
                return true
            }
            if due { now() }
        }
    }

    /// Calls `malloc_trim(0)` now. It is looked up at run time: it is declared in malloc.h,
    /// which Swift's Glibc module does not include. False (nothing done) with another C library.
    @discardableResult
    public static func now() -> Bool {
        guard let symbol = dlsym(nil, "malloc_trim") else { return false }
        _ = unsafeBitCast(symbol, to: (@convention(c) (Int) -> Int32).self)(0)
        return true
    }
}
