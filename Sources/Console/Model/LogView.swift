import Foundation
import Delivery
import KubeModel

/// Which side of the log page a pod is on: the revision being released or the one serving.
public enum LogSide: String, Sendable, Hashable { case new, old }

/// One line of a container's log as the log page keeps it.
public struct LogLine: Sendable, Hashable {
    public var side: LogSide
    public var pod: String
    public var container: String
    /// The time the server stamped it with (`timestamps=true`), else when it arrived.
    public var time: Date
    /// Terminal-safe text, without the timestamp.
    public var text: String
    /// Arrival order across both sides (ties in time keep it).
    public var seq: Int

    public init(side: LogSide, pod: String, container: String, time: Date, text: String, seq: Int) {
        self.side = side
        self.pod = pod
        self.container = container
        self.time = time
        self.text = text
        self.seq = seq
    }

    /// Merge order: time, then arrival.
    static func precedes(_ a: LogLine, _ b: LogLine) -> Bool { (a.time, a.seq) < (b.time, b.seq) }

    /// `text` cut from a line written with `timestamps=true` (`2026-12-06T11:20:43.5Z text`), with its time.
    public static func split(stamped line: String) -> (time: Date?, text: String) {
        guard let space = line.firstIndex(of: " "), let time = KubeTime.parse(String(line[..<space])) else { return (nil, line) }
        return (time, String(line[line.index(after: space)...]))
    }
}

/// The lines kept of one side, oldest first, at most `limit` (the oldest dropped and counted).
public struct LogBuffer: Sendable, Hashable {
    public private(set) var lines: [LogLine] = []
    public var limit: Int
    /// Lines dropped to stay within `limit`.
    public private(set) var dropped = 0

    public init(limit: Int) { self.limit = max(1, limit) }

    /// Adds a line in time order (a stream's lines come in order; streams interleave).
    public mutating func append(_ line: LogLine) {
        var i = lines.endIndex
        while i > lines.startIndex, LogLine.precedes(line, lines[i - 1]) { i -= 1 }
        lines.insert(line, at: i)
        if lines.count > limit {
            let extra = lines.count - limit
            lines.removeFirst(extra)
            dropped += extra
        }
    }

    /// The newest time seen from `pod`/`container` (where a reopened stream goes on from).
    func lastTime(pod: String, container: String) -> Date? {
        lines.last { $0.pod == pod && $0.container == container }?.time
    }

    public mutating func removeAll() {
        lines = []
        dropped = 0
    }
}

/// The log page's state (`l`): the two sides' lines and how they are shown. Pure; the reducer
/// changes it, `LogPageView` draws it, `LogStreamSpec`s are derived from it and the detail's `LogSides`.
public struct LogView: Sendable, Hashable {
    /// Side by side (new left, old right) or merged in time order.
    public enum Layout: String, Sendable, Hashable { case sideBySide, merged }

    public var layout: Layout = .sideBySide
    public var wrap = false
    /// The arrival count when the operator paused: lines after it are kept but not shown.
    public var pausedAt: Int?
    /// The search (`/`): matches are highlighted; `n`/`N` move `end` to the next/previous one.
    public var search: String?
    /// The container read in each pod (nil: each pod's first).
    public var container: String?
    /// Whether the previous (terminated) instance is shown (`p`), for pods that restarted.
    public var previous = false
    /// The last line shown (merge order): nil follows the newest.
    public var end: LineKey?
    public var new: LogBuffer
    public var old: LogBuffer
    public var nextSeq = 0
    /// Per stream (`pod/container`): what went wrong (403, waiting to start), shown in its pane.
    public var notes: [String: String] = [:]
    /// Per stream: how many times it was reopened after ending, and from when.
    public var reopened: [String: Reopen] = [:]

    /// A line's place in merge order.
    public struct LineKey: Sendable, Hashable, Comparable {
        public var time: Date
        public var seq: Int
        public static func < (a: LineKey, b: LineKey) -> Bool { (a.time, a.seq) < (b.time, b.seq) }
    }

    /// A stream that ended while its pod runs: opened again from `since`.
    public struct Reopen: Sendable, Hashable {
        public var generation: Int
        public var since: Date?
    }

    /// Lines kept per side unless configured.
    public static let defaultLimit = 5_000
    /// Pods read per side at once (kubectl's `--max-log-requests` is 5 for one command).
    public static let podsPerSide = 3
    /// Lines asked for when a stream opens (`tailLines`), so opening is quick.
    public static let tailLines: Int64 = 100

    public init(limit: Int = LogView.defaultLimit) {
        new = LogBuffer(limit: limit)
        old = LogBuffer(limit: limit)
    }

    /// Lines arrived from one stream (stamped by the server); those already kept (a reopened
    /// stream starting from the last time seen) are skipped.
    public mutating func receive(_ raw: [String], side: LogSide, pod: String, container: String, arrived: Date) {
        let last = buffer(side).lastTime(pod: pod, container: container)
        let recent = Set(buffer(side).lines.suffix(50).filter { $0.pod == pod && $0.container == container }.map { "\($0.time.timeIntervalSince1970) \($0.text)" })
        for text in raw {
            let (time, body) = LogLine.split(stamped: text)
            let t = time ?? arrived
            if let last, t < last { continue }
            if recent.contains("\(t.timeIntervalSince1970) \(body)") { continue }
            let line = LogLine(side: side, pod: pod, container: container, time: t, text: body, seq: nextSeq)
            nextSeq += 1
            if side == .new { new.append(line) } else { old.append(line) }
        }
        notes["\(pod)/\(container)"] = nil
    }

    public func buffer(_ side: LogSide) -> LogBuffer { side == .new ? new : old }

    /// The lines shown of one side: up to `end`, and none that came after a pause.
    public func shown(_ side: LogSide) -> [LogLine] {
        buffer(side).lines.filter(isShown)
    }

    /// Both sides' shown lines in time order.
    public var merged: [LogLine] {
        var out: [LogLine] = []
        let a = shown(.new), b = shown(.old)
        out.reserveCapacity(a.count + b.count)
        var i = 0, j = 0
        while i < a.count || j < b.count {
            if j == b.count || (i < a.count && LogLine.precedes(a[i], b[j])) { out.append(a[i]); i += 1 } else { out.append(b[j]); j += 1 }
        }
        return out
    }

    private func isShown(_ line: LogLine) -> Bool {
        if let pausedAt, line.seq >= pausedAt { return false }
        if let end, LineKey(time: line.time, seq: line.seq) > end { return false }
        return true
    }

    /// Lines that arrived since the pause.
    public var newSincePause: Int { pausedAt.map { nextSeq - $0 } ?? 0 }

    /// Whether `text` contains the search (case-insensitive).
    public func matches(_ text: String) -> Bool {
        guard let search, !search.isEmpty else { return false }
        return text.range(of: search, options: .caseInsensitive) != nil
    }

    /// Moves the last line shown by `delta` lines of the merge order (negative: back in time);
    /// moving past the newest follows the newest again.
    public mutating func scroll(by delta: Int) {
        let all = allLines
        guard !all.isEmpty else { return }
        let current = end.flatMap { e in all.lastIndex { LineKey(time: $0.time, seq: $0.seq) <= e } } ?? (all.count - 1)
        let target = current.addingReportingOverflow(delta).partialValue
        if target >= all.count - 1 { end = nil; return }
        let line = all[max(0, target)]
        end = LineKey(time: line.time, seq: line.seq)
    }

    /// Moves `end` to the next (`forward`) or previous match of the search, if there is one;
    /// `includingCurrent`: the last line shown counts (a new search's first match).
    @discardableResult
    public mutating func jumpToMatch(forward: Bool, includingCurrent: Bool = false) -> Bool {
        let all = allLines
        guard search != nil else { return false }
        let current = end.flatMap { e in all.lastIndex { LineKey(time: $0.time, seq: $0.seq) <= e } } ?? (all.count - 1)
        let from = includingCurrent ? (forward ? current - 1 : current + 1) : current
        let candidates = forward ? Array(all.indices.filter { $0 > from }) : Array(all.indices.filter { $0 < from }.reversed())
        guard let hit = candidates.first(where: { matches(all[$0].text) }) else { return false }
        end = hit == all.count - 1 ? nil : LineKey(time: all[hit].time, seq: all[hit].seq)
        return true
    }

    /// Every kept line (paused ones excluded) in merge order.
    private var allLines: [LogLine] {
        var copy = self
        copy.end = nil
        return copy.merged
    }

    /// Drops every line and note (another container or instance is read now).
    public mutating func clear() {
        new.removeAll()
        old.removeAll()
        notes = [:]
        reopened = [:]
        end = nil
    }
}

/// One log stream the console wants open: a container of a pod, derived from the log page's
/// state; the effect runner opens what is new and closes what is gone (as `WatchSpec`s).
public struct LogStreamSpec: Sendable, Hashable {
    public var cluster: ClusterID
    public var side: LogSide
    public var namespace: String
    public var pod: String
    public var container: String
    public var previous: Bool
    /// The container's restart count and whether it runs: a change opens the stream again (the new instance).
    public var restarts: Int
    /// Bumped when a stream ended while its pod runs, to open it again.
    public var generation: Int
    /// Where a reopened stream goes on from (nil: the last `tailLines`).
    public var since: Date?

    public init(cluster: ClusterID = .single, side: LogSide, namespace: String, pod: String, container: String,
                previous: Bool = false, restarts: Int = 0, generation: Int = 0, since: Date? = nil) {
        self.cluster = cluster
        self.side = side
        self.namespace = namespace
        self.pod = pod
        self.container = container
        self.previous = previous
        self.restarts = restarts
        self.generation = generation
        self.since = since
    }

    /// `pod/container`: the key of its notes and reopen count.
    public var key: String { "\(pod)/\(container)" }

    /// What the request asks: followed (unless the previous instance), stamped, the last lines or since the last one seen.
    public var options: PodLogOptions {
        var o = PodLogOptions(container: container, follow: !previous, previous: previous, timestamps: true)
        if let since { o.sinceTime = since } else { o.tailLines = LogView.tailLines }
        return o
    }
}
