import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The ports a demo fleet listens on when none is given: free ones below the kernel's ephemeral
/// range (`/proc/sys/net/ipv4/ip_local_port_range`), where no outgoing connection is given a
/// port. A port the kernel may hand to an outgoing connection can be taken while its server is
/// stopped, and `start CLUSTER` then fails with "Address already in use"; below the range only
/// another listener can take it. Which ports are free is probed by binding them.
public enum DemoPorts {
    /// Where Linux says which ports outgoing connections get (`32768	60999`).
    public static let rangeFile = "/proc/sys/net/ipv4/ip_local_port_range"
    /// The range's start when the file cannot be read (Linux's default).
    public static let defaultEphemeralStart = 32768
    /// The lowest port chosen: above the well-known and most registered services' ports.
    public static let lowest = 10_000

    /// The start of the ephemeral range in `rangeText` (the file's text), or the default when
    /// there is none or it makes no sense.
    public static func ephemeralStart(_ rangeText: String?) -> Int {
        guard let first = rangeText?.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" }).first,
              let start = Int(first), (1025...65535).contains(start) else { return defaultEphemeralStart }
        return start
    }

    /// The start of this machine's ephemeral range.
    public static var ephemeralStart: Int { ephemeralStart(try? String(contentsOfFile: rangeFile, encoding: .utf8)) }

    /// `count` ports from `lowest` up to (not including) `limit` that `isFree` says are free,
    /// trying them in order from `first` on (wrapping round), so that fleets started together
    /// from different places in the range rarely probe the same ports; nil when too few are free.
    public static func choose(_ count: Int, below limit: Int, from first: Int, isFree: (Int) -> Bool) -> [Int]? {
        let low = limit - count > lowest ? lowest : 1024, span = limit - low
        guard count > 0, span >= count else { return count == 0 ? [] : nil }
        let offset = ((first - low) % span + span) % span
        var chosen: [Int] = []
        for step in 0..<span where chosen.count < count {
            let port = low + (offset + step) % span
            if isFree(port) { chosen.append(port) }
        }
        return chosen.count == count ? chosen : nil
    }

    /// `count` free ports below this machine's ephemeral range, from a random place in it.
    public static func choose(_ count: Int) -> [Int]? {
        let limit = ephemeralStart
        return choose(count, below: limit, from: Int.random(in: lowest..<max(lowest + 1, limit)), isFree: isFree)
    }

    /// Whether a TCP listener could bind 127.0.0.1:`port` now (bound, then closed at once).
    /// Bound without `SO_REUSEADDR`: a port still in TIME_WAIT counts as taken.
    public static func isFree(_ port: Int) -> Bool {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr = in_addr(s_addr: UInt32(0x7f00_0001).bigEndian)
        return withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0 }
        }
    }
}
