import Foundation

/// The query of `GET /api/v1/namespaces/NS/pods/NAME/log` (kube-apiserver's `PodLogOptions`): what
/// the client asks for and the embedded server parses. Pure.
public struct PodLogOptions: Sendable, Hashable {
    public var container: String?
    /// Stream new lines as they are written, until the container stops or the client goes away.
    public var follow = false
    /// The log of the container's previous (terminated) instance.
    public var previous = false
    public var sinceSeconds: Int64?
    public var sinceTime: Date?
    /// Only the last N lines (before `follow` goes on).
    public var tailLines: Int64?
    /// Each line prefixed with its RFC 3339 time (nanoseconds) and a space.
    public var timestamps = false
    public var limitBytes: Int64?

    public init(container: String? = nil, follow: Bool = false, previous: Bool = false, sinceSeconds: Int64? = nil,
                sinceTime: Date? = nil, tailLines: Int64? = nil, timestamps: Bool = false, limitBytes: Int64? = nil) {
        self.container = container
        self.follow = follow
        self.previous = previous
        self.sinceSeconds = sinceSeconds
        self.sinceTime = sinceTime
        self.tailLines = tailLines
        self.timestamps = timestamps
        self.limitBytes = limitBytes
    }

    /// The query parameters, in kubectl's names (only those set).
    public var query: [(String, String)] {
        var q: [(String, String)] = []
        if let container { q.append(("container", container)) }
        if follow { q.append(("follow", "true")) }
        if previous { q.append(("previous", "true")) }
        if let sinceSeconds { q.append(("sinceSeconds", String(sinceSeconds))) }
        if let sinceTime { q.append(("sinceTime", KubeTime.format(sinceTime))) }
        if let tailLines { q.append(("tailLines", String(tailLines))) }
        if timestamps { q.append(("timestamps", "true")) }
        if let limitBytes { q.append(("limitBytes", String(limitBytes))) }
        return q
    }

    /// Go's `time.RFC3339Nano` in UTC (`2026-12-06T11:20:43.5Z`: trailing zeros of the fraction dropped),
    /// the prefix `timestamps=true` writes before each line.
    public static func timestamp(_ date: Date) -> String {
        let seconds = floor(date.timeIntervalSince1970)
        let whole = KubeTime.format(date)
        var nanos = Int(((date.timeIntervalSince1970 - seconds) * 1e9).rounded())
        guard nanos > 0, nanos < 1_000_000_000 else { return whole }
        var digits = 9
        while nanos % 10 == 0 { nanos /= 10; digits -= 1 }
        let fraction = String(nanos)
        return String(whole.dropLast()) + "." + String(repeating: "0", count: digits - fraction.count) + fraction + "Z"
    }
}
