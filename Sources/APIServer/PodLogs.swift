import Foundation
import KubeModel

/// What the kubelet keeps of each container's output, held by the server: per container the
/// current instance's lines and the previous (terminated) instance's, each bounded to `maxLines`
/// (the oldest dropped, as a rotated log file loses its head). Whoever simulates the pods writes
/// into it (`append`, `restart`, `retain`); the log endpoint reads it and follows it.
///
/// Followers are called under the lock with bytes only (they queue them on a channel and return),
/// so a follow starts from exactly the lines it was served and misses none written after.
public final class PodLogs: @unchecked Sendable {
    /// One line of output, without its newline.
    public struct Line: Sendable, Equatable {
        public var time: Date
        public var text: String
    }

    /// One container of one pod.
    struct Key: Hashable {
        var namespace: String
        var pod: String
        var container: String
    }

    /// One container instance's bounded lines.
    private struct Instance {
        var lines: [Line] = []
        var start = 0

        var kept: ArraySlice<Line> { lines[start...] }

        mutating func append(_ line: Line, max: Int) {
            lines.append(line)
            if lines.count - start > max { start += 1 }
            // Compact once the dropped head is as long as the bound: amortized O(1) per line.
            if start >= max { lines.removeFirst(start); start = 0 }
        }
    }

    /// A follower of one container's current instance.
    private struct Follower {
        var key: Key
        var timestamps: Bool
        var bytesLeft: Int64?
        var write: @Sendable ([UInt8]) -> Void
        var end: @Sendable () -> Void
    }

    private struct Container {
        var current = Instance()
        var previous: Instance?
    }

    public let maxLines: Int
    private let lock = NSLock()
    private var containers: [Key: Container] = [:]
    private var followers: [Int: Follower] = [:]
    private var nextFollower = 0

    public init(maxLines: Int = 1_000) { self.maxLines = max(1, maxLines) }

    /// Appends a line to the container's current instance, and to its followers' streams.
    public func append(namespace: String, pod: String, container: String, _ text: String, at time: Date) {
        let key = Key(namespace: namespace, pod: pod, container: container)
        let line = Line(time: time, text: text)
        lock.lock()
        defer { lock.unlock() }
        containers[key, default: Container()].current.append(line, max: maxLines)
        var exhausted: [Int] = []
        for (id, f) in followers where f.key == key {
            var bytes = Self.render(line, timestamps: f.timestamps)
            if let left = f.bytesLeft {
                if Int64(bytes.count) >= left { bytes = Array(bytes.prefix(Int(left))); exhausted.append(id) }
                followers[id]?.bytesLeft = left - Int64(bytes.count)
            }
            f.write(bytes)
        }
        for id in exhausted { followers.removeValue(forKey: id)?.end() }
    }

    /// The container's instance ended and a new one starts (kept as `previous`): its followers' streams end.
    public func restart(namespace: String, pod: String, container: String) {
        let key = Key(namespace: namespace, pod: pod, container: container)
        lock.lock()
        defer { lock.unlock() }
        let old = containers[key, default: Container()].current
        containers[key] = Container(current: Instance(), previous: old)
        endFollowers { $0 == key }
    }

    /// Drops the logs of every pod not in `pods` (`namespace/name` keys), ending their followers.
    public func retain(pods: Set<String>) {
        lock.lock()
        defer { lock.unlock() }
        let gone = containers.keys.filter { !pods.contains("\($0.namespace)/\($0.pod)") }
        for key in gone { containers[key] = nil }
        let set = Set(gone)
        endFollowers { set.contains($0) }
    }

    /// Whether the container ever wrote (a container that never ran has no log).
    func hasLog(_ key: Key, previous: Bool) -> Bool {
        lock.lock()
        defer { lock.unlock() }
        guard let c = containers[key] else { return false }
        return previous ? c.previous != nil : true
    }

    /// The log as `options` select it (tail, since, timestamps, limitBytes), from the current or
    /// previous instance; with `follow`, writes them through `write` instead and registers
    /// `write`/`end` for the lines to come, returning the follower's id (nil when `limitBytes` is used up).
    func read(_ key: Key, _ options: PodLogOptions, now: Date,
              follow: (write: @Sendable ([UInt8]) -> Void, end: @Sendable () -> Void)? = nil) -> (bytes: [UInt8], follower: Int?) {
        lock.lock()
        defer { lock.unlock() }
        let c = containers[key]
        let instance = options.previous ? c?.previous : c?.current
        var lines = instance?.kept ?? []
        if let tail = options.tailLines, tail >= 0 { lines = lines.suffix(Int(min(tail, Int64(Int.max)))) }
        let since = options.sinceTime ?? options.sinceSeconds.map { now.addingTimeInterval(-Double($0)) }
        if let since, let first = lines.firstIndex(where: { $0.time >= since }) {
            lines = lines[first...]
        } else if since != nil {
            lines = []
        }
        var bytes: [UInt8] = []
        for line in lines { bytes.append(contentsOf: Self.render(line, timestamps: options.timestamps)) }
        var left = options.limitBytes
        if let limit = left {
            if Int64(bytes.count) >= limit { bytes = Array(bytes.prefix(Int(limit))) }
            left = limit - Int64(bytes.count)
        }
        guard let follow else { return (bytes, nil) }
        // Written under the lock, so no line appended meanwhile can overtake them.
        if !bytes.isEmpty { follow.write(bytes) }
        if let left, left <= 0 { return (bytes, nil) }
        nextFollower += 1
        followers[nextFollower] = Follower(key: key, timestamps: options.timestamps, bytesLeft: left, write: follow.write, end: follow.end)
        return (bytes, nextFollower)
    }

    /// Stops a follower (its client went away); idempotent.
    func unfollow(_ id: Int) {
        lock.lock()
        followers[id] = nil
        lock.unlock()
    }

    /// Open follows (tests check none is left after a client closes its stream).
    public var followerCount: Int { lock.lock(); defer { lock.unlock() }; return followers.count }

    /// The lines kept of every container (tests check the bound).
    public var keptLines: Int { lock.lock(); defer { lock.unlock() }; return containers.values.reduce(0) { $0 + $1.current.kept.count + ($1.previous?.kept.count ?? 0) } }

    /// Under the lock.
    private func endFollowers(where match: (Key) -> Bool) {
        for (id, f) in followers where match(f.key) {
            followers[id] = nil
            f.end()
        }
    }

    static func render(_ line: Line, timestamps: Bool) -> [UInt8] {
        var out: [UInt8] = []
        if timestamps { out.append(contentsOf: Array((PodLogOptions.timestamp(line.time) + " ").utf8)) }
        out.append(contentsOf: Array(line.text.utf8))
        out.append(0x0A)
        return out
    }
}
