import Foundation

/// Exponential backoff with jitter, as client-go's reflector does it: the delay starts at
/// `initial`, doubles per failure up to `cap`, each wait is drawn uniformly from [d, d·(1+jitter)),
/// and a run of `resetAfter` seconds without failures starts over.
public struct Backoff: Sendable, Equatable {
    public var initial: TimeInterval
    public var cap: TimeInterval
    public var jitter: Double
    public var resetAfter: TimeInterval
    private var current: TimeInterval
    private var lastFailure: Date?

    public init(initial: TimeInterval = 0.8, cap: TimeInterval = 30, jitter: Double = 1.0, resetAfter: TimeInterval = 120) {
        self.initial = initial
        self.cap = cap
        self.jitter = jitter
        self.resetAfter = resetAfter
        self.current = initial
    }

    /// The wait after a failure at `now`; `unit` is a random number in [0, 1).
    public mutating func next(now: Date, unit: Double) -> TimeInterval {
        if let lastFailure, now.timeIntervalSince(lastFailure) >= resetAfter { current = initial }
        let base = current
        current = min(current * 2, cap)
        lastFailure = now
        return min(base * (1 + jitter * unit), cap * (1 + jitter))
    }

    /// Forgets past failures (after a success long enough to count).
    public mutating func reset() {
        current = initial
        lastFailure = nil
    }
}
