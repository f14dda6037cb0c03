import Foundation

/// Hands malloc's free pages back to the system: glibc's `malloc_trim(0)` returns the whole free
/// pages inside every arena's free chunks, not only the top of each heap, as Go's scavenger does
/// for kubectl. The server trims after a large response (`MemoryTrim`), the console after a batch
/// let go of many typed objects (`ObjectStore.settle`): a first load's pages and typed objects
/// pass through the transport threads' arenas, and what they free stays resident otherwise.
public enum HeapTrim {
    private static let queue = DispatchQueue(label: "rollscope.heap-trim", qos: .utility)
    private static let lock = NSLock()
    nonisolated(unsafe) private static var schedule = TrimSchedule(quiet: 1, longest: 5)

    /// Trims once the calls have stopped for a second, or 5 s after the first of a burst that
    /// does not stop (`TrimSchedule`): a list's pages, a call each, are followed by one trim when
    /// the list is done. `malloc_trim` holds each arena's lock while it hands pages back, so a
    /// trim after every page stalled the threads decoding and applying the next ones: the
    /// console's first complete frame, against a demo server on its own, 379–474 ms → 309–351 ms
    /// at 2,000 Rollouts and 2.7–3.0 s → 2.3–2.5 s at 20,000 (four alternating runs each); the
    /// peak resident size during a 20,000-rollout load rises by 10–25 MB, the size at rest does not.
    public static func soon() {
        let (number, quiet) = lock.withLock { (schedule.call(at: Date()), schedule.quiet) }
        queue.asyncAfter(deadline: .now() + quiet) {
            if lock.withLock({ schedule.due(number, at: Date()) }) { now() }
        }
    }

    /// Leaves handing memory back to these trims (the console and the embedded server call
    /// `soon` after their bursts; the command line's commands are short, or hold what their
    /// first list needed): called first thing in `main`, before any thread has an arena, as
    /// glibc gives a new arena a first heap of the top pad. glibc's malloc otherwise shrinks an arena
    /// whenever 128 KB (its trim threshold, raised only by the frees of large mmapped chunks)
    /// lie free at its top, and grows it 128 KB (its top pad) at a time. A first load's page
    /// buffers and typed objects come and go by the megabyte on the transport threads' arenas,
    /// and paid for both: an `mprotect(2)` at each growth, page faults on memory just given back
    /// (a profile of the console's first load of 2,000 Rollouts: 5 % of its CPU in `mprotect`,
    /// 4 % in faults under `sysmalloc`). The threshold is raised past any arena (256 MB) and an
    /// arena grows 16 MB at a time (address space: resident only once written): that load's
    /// `mprotect` calls 3,533 → 54, its first complete frame 301 → 286 ms at the median of ten
    /// alternating runs against a demo server on its own, its CPU 390 → 370 ms. `mallopt` is looked up at run
    /// time, as `malloc_trim` is; nothing is done with another C library.
    public static func takeOver() {
        guard let symbol = dlsym(nil, "mallopt") else { return }
        let mallopt = unsafeBitCast(symbol, to: (@convention(c) (Int32, Int32) -> Int32).self)
        // malloc.h's M_TRIM_THRESHOLD (-1) and M_TOP_PAD (-2).
        _ = mallopt(-1, 256 << 20)
        _ = mallopt(-2, 16 << 20)
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

/// When `HeapTrim.soon`'s trims run, as a value: each call is numbered and asks, `quiet` seconds
/// later, whether the trim is due. It is when no call came after it, or when the burst it belongs
/// to began `longest` seconds ago or more; a trim ends the burst.
struct TrimSchedule {
    /// How long calls must have stopped before the trim runs.
    let quiet: TimeInterval
    /// How long a burst of calls may put the trim off at most.
    let longest: TimeInterval
    private(set) var calls = 0
    /// When the first call since the last trim came.
    private var burstStart: Date?

    init(quiet: TimeInterval, longest: TimeInterval) {
        self.quiet = quiet
        self.longest = longest
    }

    /// A call at `now`; its number is what `due` is asked with.
    mutating func call(at now: Date) -> Int {
        calls += 1
        burstStart = burstStart ?? now
        return calls
    }

    /// Whether the trim call `number` asked for runs at `now` (then the burst is over).
    mutating func due(_ number: Int, at now: Date) -> Bool {
        guard let start = burstStart, number == calls || now.timeIntervalSince(start) >= longest else { return false }
        burstStart = nil
        return true
    }
}
