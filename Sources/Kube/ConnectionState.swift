import Foundation

/// How an informer's connection stands, for the UI's status line.
public enum ConnectionState: Sendable, Equatable, CustomStringConvertible {
    /// Not started yet, or listing for the first time.
    case connecting
    /// Listed and watching: the cache is current.
    case live
    /// The stream broke at `since` and is being re-established; `message` says why.
    case reconnecting(since: Date, message: String)
    /// The user may not list or watch this kind here (403); retried slowly.
    case forbidden(String)
    /// The server refused the credentials (401); retried slowly.
    case unauthorized(String)
    /// Failing for another reason the user must see (401, 404 for a missing CRD, ...); retried slowly.
    case failed(String)
    /// Stopped by its owner.
    case stopped

    public var description: String {
        switch self {
        case .connecting: "connecting"
        case .live: "live"
        case .reconnecting(let since, let message): "reconnecting since \(KubeTimeFormat.clock(since)): \(message)"
        case .forbidden(let message): "forbidden: \(message)"
        case .unauthorized(let message): "unauthorized: \(message)"
        case .failed(let message): "failed: \(message)"
        case .stopped: "stopped"
        }
    }
}

/// Time formatting for state lines.
enum KubeTimeFormat {
    /// `HH:MM:SS` in UTC.
    static func clock(_ date: Date) -> String {
        var t = time_t(date.timeIntervalSince1970)
        var parts = tm()
        gmtime_r(&t, &parts)
        return String(format: "%02d:%02d:%02d", Int(parts.tm_hour), Int(parts.tm_min), Int(parts.tm_sec))
    }
}
