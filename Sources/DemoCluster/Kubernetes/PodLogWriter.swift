import APIServer
import Foundation
import JSONValue
import KubeModel

/// The simulated containers' output, written into the server's `PodLogs` once a second (of the
/// demo's clock): each running container a plausible request line; the canary pods of a release
/// whose analysis is meant to fail (`AnalysisOutcome.failed` on the Rollout or the Flagger Canary)
/// more and more 5xx lines as they age; a crash-looping container a start-up and a panic, then
/// again every `crashSeconds` as a new instance (the pod's restartCount goes up, the last one kept
/// as `previous`). Logs of deleted pods are dropped. Not run in the scale scenario (tens of
/// thousands of pods: one line each a second would be the demo's main cost).
final class PodLogWriter: @unchecked Sendable {
    private let writer: ObjectWriter
    private let logs: PodLogs
    private let clock: any DemoClock
    private let crashSeconds: Double
    private var stopped = false
    private let lock = NSLock()
    /// Ticks so far, and when each crash-looping container last crashed (confined to the clock's context).
    private var tick: UInt64 = 0
    private var crashed: [String: Date] = [:]

    init(store: ObjectStore, logs: PodLogs, clock: any DemoClock, crashSeconds: Double = 30) {
        writer = ObjectWriter(store: store)
        self.logs = logs
        self.clock = clock
        self.crashSeconds = crashSeconds
    }

    func start() { schedule() }

    func stop() { lock.lock(); stopped = true; lock.unlock() }

    private func schedule() {
        clock.schedule(after: 1) { [weak self] in
            guard let self else { return }
            lock.lock()
            let done = stopped
            lock.unlock()
            guard !done else { return }
            write()
            schedule()
        }
    }

    /// One second's lines.
    func write() {
        tick &+= 1
        let now = clock.now
        let pods = ((try? writer.store.list(.pods, namespace: nil).items) ?? []).map(\.json)
        logs.retain(pods: Set(pods.map(\.key)))
        crashed = crashed.filter { key, _ in pods.contains { key.hasPrefix($0.key + "/") } }
        let failing = FailingCanaries(store: writer.store)
        for pod in pods {
            var statuses = pod[path: ["status", "containerStatuses"]]?.arrayValue ?? []
            var restarted = false
            for (i, status) in statuses.enumerated() {
                let container = status["name"]?.stringValue ?? ""
                if status[path: ["state", "running"]] != nil {
                    let errorRate = failing.errorRate(of: pod, now: now)
                    logs.append(namespace: pod.namespace, pod: pod.name, container: container,
                                RequestLine.line(pod: pod, container: container, tick: tick, errorRate: errorRate), at: now)
                } else if status[path: ["state", "waiting", "reason"]]?.stringValue == "CrashLoopBackOff" {
                    let key = "\(pod.key)/\(container)"
                    guard let last = crashed[key] else {
                        // First sight: the instance that crashed before, then the latest one.
                        crash(pod, container, at: now)
                        logs.restart(namespace: pod.namespace, pod: pod.name, container: container)
                        crash(pod, container, at: now)
                        crashed[key] = now
                        continue
                    }
                    guard now.timeIntervalSince(last) >= crashSeconds else { continue }
                    logs.restart(namespace: pod.namespace, pod: pod.name, container: container)
                    crash(pod, container, at: now)
                    crashed[key] = now
                    var s = status
                    s["restartCount"] = .int((status["restartCount"]?.intValue ?? 0) + 1)
                    s[path: ["lastState", "terminated", "startedAt"]] = timestamp(now)
                    s[path: ["lastState", "terminated", "finishedAt"]] = timestamp(now)
                    statuses[i] = s
                    restarted = true
                }
            }
            if restarted, var status = pod["status"] {
                status["containerStatuses"] = .array(statuses)
                writer.writeStatus(.pods, pod, status)
            }
        }
    }

    /// A container instance that starts and panics.
    private func crash(_ pod: JSON, _ container: String, at now: Date) {
        for text in RequestLine.crash(pod: pod, container: container) {
            logs.append(namespace: pod.namespace, pod: pod.name, container: container, text, at: now)
        }
    }
}

/// Which pods are the canary of a release meant to fail analysis, and how badly they fail.
private struct FailingCanaries {
    /// Failing Rollouts (`namespace/name`) with their stable pod-template-hash.
    var rollouts: [String: String] = [:]
    /// The target Deployments (`namespace/name`) of failing Canaries.
    var targets: Set<String> = []

    init(store: ObjectStore) {
        for o in ((try? store.list(.rollouts, namespace: nil).items) ?? []).map(\.json) where AnalysisOutcome(of: o) == .failed {
            rollouts[o.key] = o[path: ["status", "stableRS"]]?.stringValue ?? ""
        }
        for o in ((try? store.list(.canaries, namespace: nil).items) ?? []).map(\.json) where AnalysisOutcome(of: o) == .failed {
            if let target = o[path: ["spec", "targetRef", "name"]]?.stringValue { targets.insert("\(o.namespace)/\(target)") }
        }
    }

    /// The share of 5xx answers: 1% for every pod, rising by 4% a second of age (to 80%) for a failing canary's.
    func errorRate(of pod: JSON, now: Date) -> Double {
        guard let owner = pod.controllerOwner, owner.kind == "ReplicaSet" else { return 0.01 }
        let workload = owner.name.split(separator: "-").dropLast().joined(separator: "-")
        let key = "\(pod.namespace)/\(workload)"
        let canary: Bool
        if let stable = rollouts[key], let hash = pod.label("rollouts-pod-template-hash") {
            canary = hash != stable
        } else {
            canary = targets.contains(key)
        }
        guard canary else { return 0.01 }
        let age = date(pod[path: ["status", "startTime"]]).map { now.timeIntervalSince($0) } ?? 0
        return min(0.8, 0.05 + 0.04 * max(0, age))
    }
}

/// The text of the simulated lines (logfmt, as many Go services write), drawn from a hash of the
/// pod, the container and the tick: the same seed and clock give the same logs, and the demo's
/// own random sequence is left alone.
enum RequestLine {
    static func line(pod: JSON, container: String, tick: UInt64, errorRate: Double) -> String {
        var g = SeededGenerator(seed: hash(pod.name + "/" + container) &+ tick)
        let app = pod.label("app") ?? pod.label("app.kubernetes.io/name") ?? container
        let paths = ["/", "/api/\(app)", "/api/\(app)/items", "/healthz", "/metrics"]
        let path = paths[Int(g.next() % UInt64(paths.count))]
        let method = g.next() % 4 == 0 ? "POST" : "GET"
        let client = "10.244.\(g.next() % 4).\(g.next() % 250 + 2)"
        if Double(g.next() % 10_000) / 10_000 < errorRate {
            let status = [500, 502, 503][Int(g.next() % 3)]
            let ms = 800 + g.next() % 2_200
            return "level=error msg=\"request failed\" method=\(method) path=\(path) status=\(status) duration=\(ms)ms client=\(client) error=\"upstream connect error or disconnect/reset before headers\""
        }
        let ms = 2 + g.next() % 60
        return "level=info msg=\"request served\" method=\(method) path=\(path) status=200 duration=\(ms)ms client=\(client)"
    }

    static func crash(pod: JSON, container: String) -> [String] {
        [
            "level=info msg=\"starting \(container)\" version=\(pod.label("rollouts-pod-template-hash") ?? pod.label("pod-template-hash") ?? "dev")",
            "level=info msg=\"loading configuration\" path=/etc/\(container)/config.yaml",
            "panic: runtime error: invalid memory address or nil pointer dereference",
            "[signal SIGSEGV: segmentation violation code=0x1 addr=0x18 pc=0x6a3b2f]",
            "goroutine 1 [running]:",
            "main.(*Server).Start(0x0)",
            "        /src/cmd/\(container)/server.go:87 +0x2f",
        ]
    }

    /// FNV-1a of the text.
    private static func hash(_ text: String) -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in text.utf8 { h = (h ^ UInt64(b)) &* 0x100_0000_01b3 }
        return h
    }
}
