import Foundation
import KubeModel

/// When a dump was taken, for showing it as it was then: the newest timestamp written in it
/// (creation times, conditions, pause starts, events), else the file's modification time.
public struct DumpTime: Sendable, Hashable {
    public enum Basis: String, Sendable, Hashable {
        case newestTimestamp = "its newest timestamp"
        case fileTime = "the file's time"
    }

    public var date: Date
    public var basis: Basis

    public init(date: Date, basis: Basis) {
        self.date = date
        self.basis = basis
    }

    private static let pattern = try! NSRegularExpression(pattern: #"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})"#)

    /// The newest RFC 3339 time in `text`, if any.
    public static func newestTimestamp(in text: String) -> Date? {
        let range = NSRange(text.startIndex..., in: text)
        return pattern.matches(in: text, range: range).compactMap { match in
            Range(match.range, in: text).flatMap { KubeTime.parse(String(text[$0])) }
        }.max()
    }

    /// When the dump made of `files` (their text and modification time, nil for standard
    /// input) was taken; `now` when it holds no time at all.
    public static func of(_ files: [(text: String, modified: Date?)], now: Date) -> DumpTime {
        if let newest = files.compactMap({ newestTimestamp(in: $0.text) }).max() { return DumpTime(date: newest, basis: .newestTimestamp) }
        if let modified = files.compactMap(\.modified).max() { return DumpTime(date: modified, basis: .fileTime) }
        return DumpTime(date: now, basis: .fileTime)
    }
}
