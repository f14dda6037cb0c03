import APIServer
import Foundation
import JSONValue

/// The simulated Flagger's Prometheus page (`pkg/metrics/recorder.go`), served on port 8080
/// (`http`) at `/metrics` by every pod labelled `app.kubernetes.io/name: flagger`, reached through
/// the API server's pod proxy as on a real cluster: `flagger_info`, `flagger_canary_total`,
/// `flagger_canary_status` (0 running, 1 successful, 2 failed), `flagger_canary_weight` (the
/// target and its primary) and `flagger_canary_metric_analysis` (the last value of each check,
/// labelled with the Canary's target name), set by `CanaryController` at each iteration.
/// Thread-safe.
public final class FlaggerMetrics: @unchecked Sendable {
    public static let podLabel = ("app.kubernetes.io/name", "flagger")
    public static let version = "1.41.0"

    /// One check of one Canary target.
    private struct Check: Hashable, Comparable {
        var namespace: String, target: String, metric: String
        static func < (a: Check, b: Check) -> Bool { (a.metric, a.target, a.namespace) < (b.metric, b.target, b.namespace) }
    }

    /// A namespaced object (a Canary, a workload).
    private struct Named: Hashable, Comparable {
        var namespace: String, name: String
        static func < (a: Named, b: Named) -> Bool { (a.name, a.namespace) < (b.name, b.namespace) }
    }

    private let lock = NSLock()
    private let proxy: ServiceProxy
    private var analysis: [Check: Double] = [:]
    /// Each Canary's status code.
    private var status: [Named: Int] = [:]
    /// Each workload's weight (the target's, its primary's).
    private var weights: [Named: Int] = [:]
    /// The pods registered with the proxy, `namespace/name`.
    private var pods: Set<String> = []

    init(proxy: ServiceProxy) { self.proxy = proxy }

    /// The check `metric` of the Canary targeting `namespace/target` measured `value`.
    func recordAnalysis(namespace: String, target: String, metric: String, value: Double) {
        lock.withLock { analysis[Check(namespace: namespace, target: target, metric: metric)] = value }
    }

    /// A Canary's phase and weight, as Flagger records them after each tick.
    func recordStatus(namespace: String, canary: String, target: String, phase: String, weight: Int) {
        let code = phase == "Succeeded" ? 1 : phase == "Failed" ? 2 : 0
        lock.withLock {
            status[Named(namespace: namespace, name: canary)] = code
            weights[Named(namespace: namespace, name: target)] = weight
            weights[Named(namespace: namespace, name: PrimaryObjects.primaryName(target))] = 100 - weight
        }
    }

    /// The page in the text exposition format, series sorted as Prometheus' client writes them.
    public func page() -> String {
        let (analysis, status, weights) = lock.withLock { (self.analysis, self.status, self.weights) }
        func value(_ v: Double) -> String { v.isNaN ? "NaN" : v.isInfinite ? (v > 0 ? "+Inf" : "-Inf") : String(v) }
        func label(_ s: String) -> String {
            s.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
                .replacingOccurrences(of: "\n", with: "\\n")
        }
        var lines = [
            "# HELP flagger_canary_metric_analysis Last canary analysis result per metric",
            "# TYPE flagger_canary_metric_analysis gauge",
        ]
        for (s, v) in analysis.sorted(by: { $0.key < $1.key }) {
            lines.append("flagger_canary_metric_analysis{metric=\"\(label(s.metric))\",name=\"\(label(s.target))\",namespace=\"\(label(s.namespace))\"} \(value(v))")
        }
        lines += ["# HELP flagger_canary_status Last canary analysis result",
                  "# TYPE flagger_canary_status gauge"]
        for (s, v) in status.sorted(by: { $0.key < $1.key }) {
            lines.append("flagger_canary_status{name=\"\(label(s.name))\",namespace=\"\(label(s.namespace))\"} \(v)")
        }
        lines += ["# HELP flagger_canary_total Total number of canary object",
                  "# TYPE flagger_canary_total gauge"]
        for (ns, count) in Dictionary(grouping: status.keys, by: \.namespace).mapValues(\.count).sorted(by: { $0.key < $1.key }) {
            lines.append("flagger_canary_total{namespace=\"\(label(ns))\"} \(count)")
        }
        lines += ["# HELP flagger_canary_weight The virtual service destination weight current value",
                  "# TYPE flagger_canary_weight gauge"]
        for (s, v) in weights.sorted(by: { $0.key < $1.key }) {
            lines.append("flagger_canary_weight{namespace=\"\(label(s.namespace))\",workload=\"\(label(s.name))\"} \(v)")
        }
        lines += ["# HELP flagger_info Flagger version and mesh provider information",
                  "# TYPE flagger_info gauge",
                  "flagger_info{mesh_provider=\"kubernetes\",version=\"\(Self.version)\"} 1"]
        return lines.joined(separator: "\n") + "\n"
    }

    /// What Flagger's HTTP server answers: the page at `/metrics`, 404 elsewhere.
    func handle(_ request: ProxyRequest) -> ProxyResponse {
        guard request.path == "/metrics" else { return ProxyResponse(status: 404, body: Data("404 page not found\n".utf8)) }
        return ProxyResponse(status: 200, contentType: "text/plain; version=0.0.4; charset=utf-8", body: Data(page().utf8))
    }

    /// Serves the page from each Flagger pod as it appears (and stops when it goes).
    func start(_ watcher: StoreWatcher, clock: any DemoClock) throws {
        try watcher.watch(.pods, clock: clock) { [weak self] kind, pod in
            guard let self, pod[path: ["metadata", "labels", Self.podLabel.0]]?.stringValue == Self.podLabel.1 else { return }
            let key = "\(pod.namespace)/\(pod.name)"
            if kind == .deleted {
                proxy.unregister(namespace: pod.namespace, pod: pod.name)
                _ = lock.withLock { pods.remove(key) }
            } else if lock.withLock({ pods.insert(key).inserted }) {
                proxy.register(namespace: pod.namespace, pod: pod.name, ports: ["8080", "http"]) { [weak self] request in
                    self?.handle(request) ?? ProxyResponse(status: 503)
                }
            }
        }
    }

    func stop() {
        let all = lock.withLock { defer { pods.removeAll() }; return pods }
        for key in all {
            let parts = key.split(separator: "/", maxSplits: 1).map(String.init)
            proxy.unregister(namespace: parts[0], pod: parts[1])
        }
    }
}
