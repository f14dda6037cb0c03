import Console
import Foundation
import Glibc
import TerminalUI

/// What `rollscope bench cli` measures: the command line beside kubectl on one server, each a
/// whole process as a user runs it. `list rollouts -A` against `kubectl get rollouts -A -o json`
/// (wall time and CPU time, the median of several runs, the two interleaved so load
/// moves both alike); `get rollout NAME -w` on a pseudo-terminal against `kubectl get rollout NAME
/// -w` on a pipe (from the server's write to the first output after it, and the bytes written per
/// change). Prints a table of figures with the ratios beside the aims; asserts nothing.
public struct CLIBenchmark {
    /// The rollscope executable to run.
    public var rollscope: String
    /// The kubectl to compare with; nil runs rollscope alone.
    public var kubectl: String?
    public var kubeconfig: String
    /// The watched rollout.
    public var namespace: String
    public var name: String
    /// Runs of each list command.
    public var runs: Int
    /// Changes written to the watched rollout.
    public var changes: Int
    /// Writes the `index`th change to the watched rollout: one its text shows.
    public var change: (Int) throws -> Void

    public init(rollscope: String, kubectl: String?, kubeconfig: String, namespace: String, name: String, runs: Int, changes: Int,
                change: @escaping (Int) throws -> Void) {
        self.rollscope = rollscope
        self.kubectl = kubectl
        self.kubeconfig = kubeconfig
        self.namespace = namespace
        self.name = name
        self.runs = runs
        self.changes = changes
        self.change = change
    }

    /// One row of the table: a figure for each side and what it should be.
    struct Row {
        let figure: String
        let ours: String
        let theirs: String
        let ratio: String
        let aim: String
    }

    public func run() throws -> String {
        let rows = try listRows() + watchRows()
        let header = Row(figure: "figure", ours: "rollscope", theirs: "kubectl", ratio: "ratio", aim: "aim")
        let table = ([header] + rows).map { [$0.figure, $0.ours, $0.theirs, $0.ratio, $0.aim] }
        let widths = (0..<5).map { column in table.map { $0[column].count }.max() ?? 0 }
        return table.map { cells in
            zip(cells, widths).map { $0.padding(toLength: $1, withPad: " ", startingAt: 0) }.joined(separator: "  ")
                .trimmingCharacters(in: .whitespaces)
        }.joined(separator: "\n")
    }

    /// `list rollouts -A` and `kubectl get rollouts -A -o json`, interleaved, `runs` times each.
    private func listRows() throws -> [Row] {
        var ours: [ChildProcess.Run] = []
        var theirs: [ChildProcess.Run] = []
        for _ in 0..<runs {
            ours.append(try ChildProcess.run(rollscope, ["list", "rollouts", "-A", "--kubeconfig", kubeconfig]))
            if let kubectl { theirs.append(try ChildProcess.run(kubectl, ["--kubeconfig", kubeconfig, "get", "rollouts", "-A", "-o", "json"])) }
        }
        let failed = (ours + theirs).filter { $0.status != 0 }.count
        let what = "list rollouts -A (median of \(runs))"
        var rows = [
            compare("\(what): wall", ours.map(\.wall), theirs.map(\.wall), unit: .milliseconds, aim: "≤ 0.5×"),
            compare("\(what): CPU", ours.map(\.cpu), theirs.map(\.cpu), unit: .milliseconds, aim: ""),
            compare("\(what): output", ours.map { Double($0.outputBytes) }, theirs.map { Double($0.outputBytes) }, unit: .bytes, aim: ""),
        ]
        if failed > 0 { rows.append(Row(figure: "  (\(failed) runs exited non-zero)", ours: "", theirs: "", ratio: "", aim: "")) }
        return rows
    }

    /// `get rollout NAME -w` on a terminal and `kubectl get rollout NAME -w`, both running while
    /// `changes` changes are written 200 ms apart.
    private func watchRows() throws -> [Row] {
        let ours = try ChildProcess.watch(rollscope, ["get", "rollout", name, "-w", "-n", namespace, "--kubeconfig", kubeconfig],
                                          terminal: Size(width: 160, height: 48))
        defer { ours.stop() }
        let theirs = try kubectl.map { try ChildProcess.watch($0, ["--kubeconfig", kubeconfig, "-n", namespace, "get", "rollout", name, "-w"],
                                                              terminal: nil) }
        defer { theirs?.stop() }
        guard ours.waitUntilQuiet(1, timeout: 60), theirs?.waitUntilQuiet(1, timeout: 60) ?? true else {
            throw BenchmarkError("the watches showed nothing within 60 s")
        }
        var ourTimes: [Double] = []
        var theirTimes: [Double] = []
        let first = MonotonicClock.nanoseconds
        for index in 0..<changes {
            let written = MonotonicClock.nanoseconds
            try change(index)
            if let shown = ours.firstOutput(after: written, timeout: 5) { ourTimes.append(Double(shown - written) / 1e9) }
            if let shown = theirs?.firstOutput(after: written, timeout: 5) { theirTimes.append(Double(shown - written) / 1e9) }
            let next = written + 200_000_000
            let now = MonotonicClock.nanoseconds
            if now < next { usleep(useconds_t((next - now) / 1000)) }
        }
        let last = MonotonicClock.nanoseconds
        let what = "get rollout -w, \(changes) changes at 5/s"
        func perChange(_ output: TimedOutput?) -> [Double] { output.map { [Double($0.bytes(from: first, to: last)) / Double(changes)] } ?? [] }
        var rows = [
            compare("\(what): change to output, median", ourTimes, theirTimes, unit: .milliseconds, aim: "within 5 ms", difference: true),
            compare("\(what): change to output, p99", ourTimes, theirTimes, unit: .milliseconds, aim: "", percentile: 0.99, difference: true),
            compare("\(what): bytes per change", perChange(ours), perChange(theirs), unit: .bytes, aim: ""),
        ]
        let missed = (changes - ourTimes.count, theirs == nil ? 0 : changes - theirTimes.count)
        if missed != (0, 0) {
            rows.append(Row(figure: "  (changes not shown within 5 s)", ours: String(missed.0), theirs: theirs == nil ? "" : String(missed.1),
                            ratio: "", aim: ""))
        }
        return rows
    }

    enum Unit { case milliseconds, bytes }

    /// A row of two samples' percentiles: their ratio, or with `difference` ours minus theirs.
    private func compare(_ figure: String, _ ours: [Double], _ theirs: [Double], unit: Unit, aim: String,
                         percentile: Double = 0.5, difference: Bool = false) -> Row {
        func at(_ values: [Double]) -> Double? {
            guard !values.isEmpty else { return nil }
            let sorted = values.sorted()
            return sorted[min(sorted.count - 1, Int(Double(sorted.count) * percentile))]
        }
        func text(_ value: Double) -> String {
            switch unit {
            case .milliseconds: String(format: "%.1f ms", value * 1000)
            case .bytes: String(format: "%.0f B", value)
            }
        }
        let (a, b) = (at(ours), at(theirs))
        var ratio = ""
        if let a, let b {
            ratio = difference ? String(format: "%+.1f ms", (a - b) * 1000) : b > 0 ? String(format: "%.2f×", a / b) : ""
        }
        return Row(figure: figure, ours: a.map(text) ?? "-", theirs: b.map(text) ?? "-", ratio: ratio, aim: aim)
    }
}
