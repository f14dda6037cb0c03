import KubeModel

/// The `status` command's output and exit code (`cmd/status/status.go`).
public struct StatusOutcome: Sendable, Hashable {
    public var stdout: String
    public var stderr: String
    public var exitCode: Int32

    public init(stdout: String, stderr: String, exitCode: Int32) {
        self.stdout = stdout
        self.stderr = stderr
        self.exitCode = exitCode
    }

    /// `status NAME --watch=false`: `Healthy`/`Degraded` alone, otherwise `Status - Message`;
    /// Degraded exits 1 with the plugin's error line.
    public static func once(_ status: RolloutStatus) -> StatusOutcome {
        let line = TerminalSafe.text(status.phase == .healthy || status.phase == .degraded ? status.status : status.line)
        return StatusOutcome(stdout: line + "\n", stderr: degradedError(status), exitCode: status.phase == .degraded ? 1 : 0)
    }

    static func degradedError(_ status: RolloutStatus) -> String {
        status.phase == .degraded ? "Error: The rollout is in a degraded state with message: \(TerminalSafe.text(status.message))\n" : ""
    }

    /// The error when the rollout does not exist (typed client wording).
    public static func notFound(_ name: String) -> StatusOutcome {
        StatusOutcome(stdout: "", stderr: "Error: rollout.argoproj.io \"\(TerminalSafe.text(name))\" not found\n", exitCode: 1)
    }

    /// The error when a watch ends (timeout, signal) before Healthy or Degraded.
    public static let timedOut = StatusOutcome(stdout: "", stderr: "Error: Rollout status watch exceeded timeout\n", exitCode: 1)
}

/// `status NAME` in watch mode: prints `Status` or `Status - Message` each time it changes and
/// ends at Healthy (exit 0) or Degraded (exit 1).
public struct StatusWatch: Sendable {
    private var last: String?

    public init() {}

    /// The line to print for this observation (nil when unchanged) and, when the watch is over, its outcome.
    public mutating func observe(_ status: RolloutStatus) -> (line: String?, done: StatusOutcome?) {
        let text = TerminalSafe.text(status.line)
        let line: String? = text == last ? nil : text + "\n"
        last = text
        switch status.phase {
        case .healthy: return (line, StatusOutcome(stdout: "", stderr: "", exitCode: 0))
        case .degraded: return (line, StatusOutcome(stdout: "", stderr: StatusOutcome.degradedError(status), exitCode: 1))
        default: return (line, nil)
        }
    }
}
