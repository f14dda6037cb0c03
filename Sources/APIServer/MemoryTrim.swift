import Foundation
import KubeModel

/// Hands free memory back to the system after a large response is sent. A list of 20,000 pods
/// passes a few hundred MB through short-lived buffers (its text, the socket's copy, TLS records),
/// and glibc's malloc keeps much of what they free in its arenas, where the resident size shows it:
/// with 20,000 pods stored, 20 to 110 MB beyond what the server holds, varying from run to run.
/// `malloc_trim(0)` returns the free pages of every arena, as Go's scavenger does for
/// kube-apiserver (`HeapTrim`); it runs on a queue of its own, once the large responses have
/// stopped for a second (a paged list's pages are followed by one trim).
public enum MemoryTrim {
    /// Responses of at least this many bytes are followed by a trim (a page of 500 pods is about 1.7 MB).
    public static let threshold = 1 << 20

    /// Called once a response of `bytes` is written: schedules a trim when it was large and none is pending.
    static func responseSent(bytes: Int) {
        guard bytes >= threshold else { return }
        HeapTrim.soon()
    }

    /// Trims now (`HeapTrim.now`); false with a C library other than glibc.
    @discardableResult
    public static func trim() -> Bool { HeapTrim.now() }
}
