import APIServer
import Foundation
import JSONValue
import KubeModel

/// Runs AnalysisRuns as the analysis controller does: Running at once, one measurement per
/// metric every interval (the scenario's outcome decides the second measurement), then
/// Successful once every metric reached its `count`, or Failed / Inconclusive as soon as a
/// metric passes its limit, with Argo's own messages and `runSummary`. `spec.terminate` ends a
/// run as Successful with the message "Metric Terminated" as upstream does.
final class AnalysisRunController: @unchecked Sendable {
    private let writer: ObjectWriter
    private let clock: any DemoClock
    private let options: DemoOptions
    private let random: DemoRandom
    private var queue: ReconcileQueue!

    init(store: ObjectStore, clock: any DemoClock, options: DemoOptions, random: DemoRandom) {
        writer = ObjectWriter(store: store)
        self.clock = clock
        self.options = options
        self.random = random
        queue = ReconcileQueue(clock: clock) { [weak self] key in self?.reconcile(key) }
    }

    func start(_ watcher: StoreWatcher) throws {
        try watcher.watch(.analysisRuns, clock: clock) { [weak self] kind, run in
            if kind != .deleted { self?.queue.enqueue(run.key) }
        }
    }

    func stop() { queue.stop() }

    private static let terminal: Set<String> = ["Successful", "Failed", "Error", "Inconclusive"]

    private func reconcile(_ key: String) {
        let (ns, name) = splitKey(key)
        guard let run = writer.get(.analysisRuns, namespace: ns, name: name) else { return }
        var status = run["status"] ?? [:]
        let phase = status["phase"]?.stringValue ?? ""
        if Self.terminal.contains(phase) { return }
        let now = clock.now
        let interval = options.scaled(options.analysisIntervalSeconds)
        if phase.isEmpty {
            status["phase"] = "Running"
            status["startedAt"] = timestamp(now)
            status["metricResults"] = []
            writer.writeStatus(.analysisRuns, run, status)
            queue.enqueue(key, after: interval)
            return
        }
        if run[path: ["spec", "terminate"]]?.boolValue == true {
            finish(&status, "Successful", message: "Metric Terminated", now: now)
            writer.writeStatus(.analysisRuns, run, status)
            return
        }
        let lastMeasured = (status["metricResults"]?.arrayValue ?? []).compactMap {
            date($0["measurements"]?.arrayValue?.last?["finishedAt"])
        }.max() ?? date(status["startedAt"]) ?? now
        if now < lastMeasured.addingTimeInterval(interval) {
            queue.enqueue(key, after: lastMeasured.addingTimeInterval(interval).timeIntervalSince(now))
            return
        }
        measure(run, &status, now: now)
        writer.writeStatus(.analysisRuns, run, status)
        if !Self.terminal.contains(status["phase"]?.stringValue ?? "") { queue.enqueue(key, after: interval) }
    }

    /// Adds one measurement to every metric and settles the run's phase.
    private func measure(_ run: JSON, _ status: inout JSON, now: Date) {
        let outcome = AnalysisOutcome(of: run)
        let metrics = run[path: ["spec", "metrics"]]?.arrayValue ?? []
        var results = status["metricResults"]?.arrayValue ?? []
        var verdict: (phase: String, message: String)?
        var done = true
        for metric in metrics {
            let name = metric["name"]?.stringValue ?? "metric"
            let count = metric["count"]?.countValue ?? 3
            var result = results.first { $0["name"]?.stringValue == name } ?? ["name": .string(name), "phase": "Running",
                                                                              "count": 0, "successful": 0]
            var measurements = result["measurements"]?.arrayValue ?? []
            let n = measurements.count + 1
            let phase: String
            switch outcome {
            case .failed where n == min(2, count): phase = "Failed"
            case .inconclusive where n == min(2, count): phase = "Inconclusive"
            default: phase = "Successful"
            }
            let value = phase == "Successful" ? String(format: "%.3f", random.double(in: 0.991...0.999))
                : String(format: "%.3f", random.double(in: 0.80...0.90))
            measurements.append(["phase": .string(phase), "value": .string(value),
                                 "startedAt": timestamp(now), "finishedAt": timestamp(now)])
            result["measurements"] = .array(measurements)
            result["count"] = .int(Int64(n))
            let field = phase.lowercased()
            result[field] = .int(Int64((result[field]?.countValue ?? 0) + 1))
            if phase == "Failed" {
                result["phase"] = "Failed"
                verdict = verdict ?? ("Failed", "metric \"\(name)\" assessed Failed due to failed (1) > failureLimit (0)")
            } else if phase == "Inconclusive" {
                result["phase"] = "Inconclusive"
                verdict = verdict ?? ("Inconclusive", "metric \"\(name)\" assessed Inconclusive due to inconclusive (1) > inconclusiveLimit (0)")
            } else if n >= count {
                result["phase"] = "Successful"
            } else {
                done = false
            }
            if let i = results.firstIndex(where: { $0["name"]?.stringValue == name }) { results[i] = result } else { results.append(result) }
        }
        status["metricResults"] = .array(results)
        if let verdict {
            finish(&status, verdict.phase, message: verdict.message, now: now)
        } else if done {
            finish(&status, "Successful", message: nil, now: now)
        }
    }

    private func finish(_ status: inout JSON, _ phase: String, message: String?, now: Date) {
        let results = status["metricResults"]?.arrayValue ?? []
        func total(_ f: String) -> JSON { .int(results.reduce(0) { $0 + Int64($1[f]?.countValue ?? 0) }) }
        status["phase"] = .string(phase)
        if let message { status["message"] = .string(message) }
        status["completedAt"] = timestamp(now)
        status["runSummary"] = ["count": .int(Int64(results.count)), "successful": total("successful"),
                                "failed": total("failed"), "inconclusive": total("inconclusive"), "error": total("error")]
    }
}
