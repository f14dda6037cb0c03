/// The bounded history of changes a watch can resume across: the newest `limit` events in a
/// ring, oldest first. An event that falls out of the window is overwritten at once, so the
/// object version it carried is released with it (an array trimmed in batches kept up to
/// `limit` stale events alive, each a whole serialized object: 68 MB at 20,000 pods).
struct WatchHistory {
    let limit: Int
    private var ring: [WatchEvent] = []
    /// Index of the oldest event once the ring is full (0 while it fills).
    private var head = 0

    init(limit: Int) { self.limit = max(1, limit) }

    /// How many events are kept (at most `limit`).
    var count: Int { ring.count }

    /// Appends the newest event; returns the oldest one when it fell out of the window.
    mutating func append(_ event: WatchEvent) -> WatchEvent? {
        guard ring.count == limit else {
            ring.append(event)
            return nil
        }
        let evicted = ring[head]
        ring[head] = event
        head = head + 1 == limit ? 0 : head + 1
        return evicted
    }

    /// The kept events, oldest first.
    var events: some Sequence<WatchEvent> { [ring[head...], ring[..<head]].joined() }

    mutating func removeAll() {
        ring.removeAll()
        head = 0
    }
}
