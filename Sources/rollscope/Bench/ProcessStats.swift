import Foundation
import Glibc

/// CPU time and memory of another process, read from /proc.
struct ProcessStats {
    let pid: pid_t

    /// CPU time so far, to the nanosecond where the kernel keeps it: each live thread's time on
    /// a CPU (the first field of /proc/PID/task/TID/schedstat). The idle figures are a few
    /// milliseconds in 30 s, which clock ticks (10 ms each) cannot tell apart.
    var cpu: CPUTime? {
        let tasks = "/proc/\(pid)/task"
        guard let threads = try? FileManager.default.contentsOfDirectory(atPath: tasks) else { return tickSeconds.map(CPUTime.ticks) }
        var byThread: [String: Double] = [:]
        for thread in threads {
            guard let text = try? String(contentsOfFile: "\(tasks)/\(thread)/schedstat", encoding: .utf8),
                  let first = text.split(separator: " ").first, let value = Double(first) else { return tickSeconds.map(CPUTime.ticks) }
            byThread[thread] = value / 1e9
        }
        return .threads(byThread)
    }

    /// CPU time read at one moment: per thread from schedstat, or the whole process in ticks.
    enum CPUTime {
        case threads([String: Double])
        case ticks(Double)

        /// Seconds used since `earlier`: each thread's growth, and all of a thread started since
        /// (a thread that ended in between takes its time with it).
        func seconds(since earlier: CPUTime) -> Double {
            switch (self, earlier) {
            case let (.threads(now), .threads(then)): now.reduce(0) { $0 + $1.value - (then[$1.key] ?? 0) }
            case let (.ticks(now), .ticks(then)): now - then
            default: 0
            }
        }
    }

    /// User plus system CPU seconds so far (fields 14 and 15 of /proc/PID/stat, in clock ticks).
    var tickSeconds: Double? {
        guard let text = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
              let close = text.lastIndex(of: ")") else { return nil }
        // Fields after the command name (which may hold spaces) start at field 3.
        let fields = text[text.index(after: close)...].split(separator: " ")
        guard fields.count > 13, let user = Double(fields[11]), let system = Double(fields[12]) else { return nil }
        return (user + system) / Double(sysconf(Int32(_SC_CLK_TCK)))
    }

    /// Resident memory now and at its peak, in MB (VmRSS and VmHWM of /proc/PID/status).
    var residentMB: (now: Double, peak: Double)? {
        guard let text = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8) else { return nil }
        func kilobytes(_ key: String) -> Double? {
            text.split(separator: "\n").first { $0.hasPrefix(key + ":") }
                .flatMap { Double($0.split(separator: " ", omittingEmptySubsequences: true).dropFirst().first ?? "") }
        }
        guard let now = kilobytes("VmRSS"), let peak = kilobytes("VmHWM") else { return nil }
        return (now / 1024, peak / 1024)
    }
}
