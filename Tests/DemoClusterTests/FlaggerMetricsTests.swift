import Foundation
import JSONValue
import KubeModel
import NIOHTTP1
import Testing
import Delivery
@testable import APIServer
@testable import DemoCluster

/// The simulated Flagger's `/metrics` page, read as rollscope reads it: through the API server's
/// pod proxy to the pod its chart's labels name, its gauges moving with the analysis iterations.
@Suite(.serialized) struct FlaggerMetricsTests {
    static let ns = "training-development"

    /// Flagger installed as the chart does, and a Canary with two checks the scenario fails.
    private func failingCanary() throws -> TestCluster {
        let t = try TestCluster(namespaces: [Self.ns, "flagger-system"])
        try t.create(.pods, Manifests.flaggerPod(), ns: "flagger-system")
        try t.create(.deployments, ["metadata": ["name": "backend"],
                                    "spec": ["replicas": 1, "selector": ["matchLabels": ["app": "backend"]],
                                             "template": TestManifests.template("backend", "backend:1")]], ns: Self.ns)
        try t.create(.canaries, ["metadata": ["name": "backend-canary", "annotations": ["demo.rollscope.dev/analysis-outcome": "Failed"]],
                                 "spec": ["provider": "linkerd", "targetRef": ["apiVersion": "apps/v1", "kind": "Deployment", "name": "backend"],
                                          "analysis": ["interval": "10s", "threshold": 3, "stepWeights": [10, 50],
                                                       "metrics": [["name": "request-success-rate", "interval": "1m", "thresholdRange": ["min": 99]],
                                                                   ["name": "request-duration", "interval": "1m", "thresholdRange": ["max": 500]]]]]],
                     ns: Self.ns)
        #expect(t.advance(until: { t.phase(.canaries, "backend-canary", ns: Self.ns) == "Initialized" }, limit: 60))
        return t
    }

    private func flaggerPod(_ t: TestCluster) throws -> String {
        let pods = try t.list(.pods, ns: "flagger-system").filter { $0[path: ["metadata", "labels", "app.kubernetes.io/name"]] == "flagger" }
        return try #require(pods.first?.name)
    }

    private func page(_ t: TestCluster, _ id: String, token: String? = nil) async throws -> (Int, String) {
        let client = LoopbackClient(t.server)
        let r = try await client.send(.GET, "/api/v1/namespaces/flagger-system/pods/\(id)/proxy/metrics",
                                      credential: .token(token ?? t.server.credentials.adminToken))
        return (r.status, r.text)
    }

    private func successRates(_ text: String) -> Double? {
        PrometheusText.samples(named: "flagger_canary_metric_analysis", in: text)
            .first { $0.labels == ["metric": "request-success-rate", "name": "backend", "namespace": Self.ns] }?.value
    }

    @Test func theGaugeFallsWithEachFailedCheckAndTheStatusSaysFailed() async throws {
        let t = try failingCanary()
        try t.server.start()
        defer { t.server.stop() }
        let pod = try flaggerPod(t)
        let (status, before) = try await page(t, "\(pod):8080")
        #expect(status == 200)
        #expect(before.contains("# HELP flagger_canary_metric_analysis Last canary analysis result per metric\n# TYPE flagger_canary_metric_analysis gauge\n"))
        #expect(before.contains("flagger_info{mesh_provider=\"kubernetes\",version=\"\(FlaggerMetrics.version)\"} 1\n"))
        #expect(before.contains("flagger_canary_status{name=\"backend-canary\",namespace=\"\(Self.ns)\"} 0\n"))
        #expect(successRates(before) == nil)

        try t.setImage(.deployments, "backend", "backend:2", ns: Self.ns)
        func failedChecks() -> Int64? { (try? t.get(.canaries, "backend-canary", ns: Self.ns))?[path: ["status", "failedChecks"]]?.intValue }
        #expect(t.advance(until: { failedChecks() == 1 }, limit: 60))
        let first = try #require(successRates(try await page(t, "\(pod):http").1))
        #expect(first < 99)
        #expect(t.advance(until: { failedChecks() == 2 }, limit: 30))
        let second = try #require(successRates(try await page(t, "\(pod):8080").1))
        #expect(second < first)
        let text = try await page(t, "\(pod):8080").1
        let duration = try #require(PrometheusText.samples(named: "flagger_canary_metric_analysis", in: text)
            .first { $0.labels["metric"] == "request-duration" && $0.labels["name"] == "backend" }?.value)
        #expect(duration > 0 && duration <= 500)
        #expect(text.contains("flagger_canary_weight{namespace=\"\(Self.ns)\",workload=\"backend-primary\"} 100\n"))
        // The failed check's value is in Flagger's event too.
        let events = try t.list(.events, ns: Self.ns).compactMap { $0["message"]?.stringValue }
        #expect(events.contains("Halt backend-canary.\(Self.ns) advancement success rate \(String(format: "%.2f", second))% < 99%"))

        #expect(t.advance(until: { t.phase(.canaries, "backend-canary", ns: Self.ns) == "Failed" }, limit: 30))
        #expect(try await page(t, "\(pod):8080").1.contains("flagger_canary_status{name=\"backend-canary\",namespace=\"\(Self.ns)\"} 2\n"))
    }

    @Test func aPassingCanaryStaysInRangeAndOnlyMetricsIsServed() async throws {
        let t = try failingCanary()
        try t.mergeSpec(.canaries, "backend-canary", ["metadata": ["annotations": ["demo.rollscope.dev/analysis-outcome": "Successful"]]],
                        ns: Self.ns)
        try t.server.start()
        defer { t.server.stop() }
        let pod = try flaggerPod(t)
        try t.setImage(.deployments, "backend", "backend:2", ns: Self.ns)
        #expect(t.advance(until: { t.phase(.canaries, "backend-canary", ns: Self.ns) == "Succeeded" }, limit: 120))
        let text = try await page(t, "\(pod):8080").1
        let rate = try #require(successRates(text))
        #expect(rate >= 99 && rate <= 100)
        #expect(text.contains("flagger_canary_status{name=\"backend-canary\",namespace=\"\(Self.ns)\"} 1\n"))
        let client = LoopbackClient(t.server)
        #expect(try await client.send(.GET, "/api/v1/namespaces/flagger-system/pods/\(pod):8080/proxy/healthz").status == 404)
        // Flagger's chart makes no Service, and nothing listens on port 80.
        #expect(try await client.send(.GET, "/api/v1/namespaces/flagger-system/pods/\(pod)/proxy/metrics").status == 503)
    }
}
