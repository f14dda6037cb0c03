import ArgumentParser
import Foundation
import KubeModel
import Delivery

/// `rollscope status NAME`: the plugin's status line and exit codes (0 Healthy, 1 Degraded or timed out).
struct StatusCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status", abstract: "Print a rollout's status; by default watch until it is Healthy (exit 0) or Degraded (exit 1).")

    @Argument(help: "The rollout's name.")
    var name: String

    @Option(help: "Watch until Healthy or Degraded (`--watch=false` prints once).")
    var watch: Bool = true

    @Option(help: "Give up after this long (e.g. 90s, 5m; 0 waits forever); exits 1.")
    var timeout: String = "0"

    @OptionGroup var source: SourceOptions

    func validate() throws {
        guard GoDuration.seconds(timeout) != nil else { throw ValidationError("--timeout must be a duration such as 90s or 5m, not \(timeout)") }
    }

    func run() async throws {
        let limit = GoDuration.seconds(timeout) ?? 0
        try await reportingFailures {
            try source.oneCluster("status")
            let objects = try source.source([.rollouts], named: (.rollouts, name))
            if !watch {
                let set = try await objects.snapshot()
                guard let rollout = set.rollout(named: name, namespace: nil) else { try finish(missing(set)) }
                try finish(.once(RolloutStatus.of(rollout)))
            }
            let outcome: StatusOutcome = try await withThrowingTaskGroup(of: StatusOutcome.self) { group in
                group.addTask {
                    var status = StatusWatch()
                    for try await set in objects.changes() {
                        guard let rollout = set.rollout(named: name, namespace: nil) else { return missing(set) }
                        let (line, done) = status.observe(RolloutStatus.of(rollout))
                        if let line { emit(line) }
                        if let done { return done }
                    }
                    return .timedOut
                }
                if limit > 0 {
                    group.addTask {
                        // At most about 30 years: a huge --timeout (`1e300s`) must not overflow the nanoseconds.
                        try await Task.sleep(nanoseconds: UInt64(min(limit, 1e9) * 1e9))
                        return .timedOut
                    }
                }
                let first = try await group.next() ?? .timedOut
                group.cancelAll()
                return first
            }
            try finish(outcome)
        }
    }

    /// Not found, or found but unreadable (with the reason).
    private func missing(_ set: ObjectSet) -> StatusOutcome {
        guard let entry = set.unreadable("Rollout", named: name, namespace: nil) else { return .notFound(name) }
        return StatusOutcome(stdout: "", stderr: "Error: \(entry.description)\n", exitCode: 1)
    }

    /// Prints an outcome and exits with its code.
    private func finish(_ outcome: StatusOutcome) throws -> Never {
        emit(outcome.stdout)
        FileHandle.standardError.write(Data(outcome.stderr.utf8))
        throw ExitCode(outcome.exitCode)
    }
}
