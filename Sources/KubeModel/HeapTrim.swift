import Foundation

/// Hands malloc's free pages back to the system: glibc's `malloc_trim(0)` returns the whole free
/// pages inside every arena's free chunks, not only the top of each heap, as Go's scavenger does
/// for kubectl. The server trims after a large response (`MemoryTrim`), the console after a batch
/// let go of many typed objects (`ObjectStore.settle`): a first load's pages and typed objects
/// pass through the transport threads' arenas, and what they free stays resident otherwise.
public enum HeapTrim {
    private static let queue = DispatchQueue(label: "rollscope.heap-trim", qos: .utility)
    private static let lock = NSLock()
    nonisolated(unsafe) private static var pending = false

    /// Trims on a queue of its own, once for any number of calls while one is pending.
    public static func soon() {
        guard lock.withLock({ () -> Bool in
            defer { pending = true }
            return !pending
        }) else { return }
        queue.async {
            lock.withLock { pending = false }
            now()
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
