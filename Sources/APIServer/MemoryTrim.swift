import Foundation
import NIOConcurrencyHelpers

/// Hands free memory back to the system after a large response is sent. A list of 20,000 pods
/// passes a few hundred MB through short-lived buffers (its text, the socket's copy, TLS records),
/// and glibc's malloc keeps much of what they free in its arenas, where the resident size shows it:
/// with 20,000 pods stored, 20 to 110 MB beyond what the server holds, varying from run to run.
/// `malloc_trim(0)` returns the free pages of every arena, as Go's scavenger does for
/// kube-apiserver; it runs on a queue of its own, once for any number of responses sent meanwhile.
public enum MemoryTrim {
    /// Responses of at least this many bytes are followed by a trim (a page of 500 pods is about 1.7 MB).
    public static let threshold = 1 << 20
    private static let queue = DispatchQueue(label: "rollscope.memory-trim", qos: .utility)
    private static let scheduled = NIOLockedValueBox(false)

    /// Called once a response of `bytes` is written: schedules a trim when it was large and none is pending.
    static func responseSent(bytes: Int) {
        guard bytes >= threshold, scheduled.withLockedValue({ (pending: inout Bool) -> Bool in
            defer { pending = true }
            return !pending
        }) else { return }
        queue.async {
            scheduled.withLockedValue { $0 = false }
            trim()
        }
    }

    /// Calls glibc's `malloc_trim(0)` now. It is looked up at run time: it is declared in malloc.h,
    /// which Swift's Glibc module does not include. False (nothing done) with another C library.
    @discardableResult
    public static func trim() -> Bool {
        guard let symbol = dlsym(nil, "malloc_trim") else { return false }
        _ = unsafeBitCast(symbol, to: (@convention(c) (Int) -> Int32).self)(0)
        return true
    }
}
