import APIServer
import Foundation
import JSONValue
import KubeModel
import Testing
import TerminalUI
import Delivery
@testable import Console

/// A Canary's checks charted from Flagger's `/metrics` page: the poll the reducer starts and
/// stops with the detail, the history built from successive readings, the caption, the
/// fallback to the events, the overview's compact analysis, and the live source's reading
/// through the embedded server's pod proxy (and its 403).
@Suite(.serialized) struct FlaggerGaugeConsoleTests {
    static let manifest = """
    apiVersion: flagger.app/v1beta1
    kind: Canary
    metadata: {name: api-gateway, namespace: training-development}
    spec:
      targetRef: {apiVersion: apps/v1, kind: Deployment, name: api-gateway}
      analysis:
        interval: 1m
        threshold: 5
        stepWeight: 10
        maxWeight: 50
        metrics:
        - {name: request-success-rate, interval: 1m, thresholdRange: {min: 99}}
        - {name: request-duration, interval: 30s, thresholdRange: {max: 500}}
        - {name: error-rate, templateRef: {name: error-rate}, thresholdRange: {min: 0, max: 1}}
    status: {phase: Progressing, canaryWeight: 20, failedChecks: 1}
    ---
    apiVersion: v1
    kind: Event
    metadata: {name: api-gateway.1, namespace: training-development}
    involvedObject: {kind: Canary, name: api-gateway, namespace: training-development}
    type: Warning
    reason: Synced
    message: "Halt api-gateway.training-development advancement success rate 97.10% < 99%"
    lastTimestamp: "2027-01-15T07:58:00Z"
    """

    static func canaryDetail(interval: String = "1m") throws -> DetailModel {
        let objects = try ManifestReader.read(manifest.replacingOccurrences(of: "interval: 1m\n    threshold", with: "interval: \(interval)\n    threshold"),
                                              file: "canary.yaml")
        let canary = try #require(objects.canaries.first)
        return DetailBuilder.detail(canary, objects: objects, now: Fixtures.now)
    }

    static let pod = "flagger-system/flagger-7d4b9c5f6-x2k8p"

    static func page(_ successRate: Double, _ duration: Double, _ errors: Double) -> [PrometheusSample] {
        PrometheusText.samples("""
        # HELP flagger_canary_metric_analysis Last canary analysis result per metric
        # TYPE flagger_canary_metric_analysis gauge
        flagger_canary_metric_analysis{metric="error-rate",name="api-gateway",namespace="training-development"} \(errors)
        flagger_canary_metric_analysis{metric="request-duration",name="api-gateway",namespace="training-development"} \(duration)
        flagger_canary_metric_analysis{metric="request-success-rate",name="api-gateway",namespace="training-development"} \(successRate)
        flagger_canary_metric_analysis{metric="request-success-rate",name="other",namespace="training-development"} 12
        """)
    }

    /// The gateway Canary's detail open (overview), as its watches delivered it.
    static func opened(_ detail: DetailModel? = nil) throws -> (ConsoleState, [ConsoleEffect]) {
        var state = Fixtures.selecting(Fixtures.gatewayRef)
        var effects = Fixtures.press(&state, "enter")
        effects += Reducer.reduce(&state, .detail(try detail ?? canaryDetail()))
        return (state, effects)
    }

    static func scrapes(_ effects: [ConsoleEffect]) -> [Set<FlaggerScrape>] {
        effects.compactMap { if case let .scrapeFlagger(s) = $0 { s } else { nil } }
    }

    @Test func thePollStartsWithTheCanarysDetailAndStopsWithIt() throws {
        var (state, effects) = try Self.opened()
        #expect(Self.scrapes(effects) == [[FlaggerScrape(cluster: .single, interval: 60)]])
        // The analysis page reads the same page: nothing new to ask.
        #expect(Self.scrapes(Fixtures.press(&state, "A")).isEmpty)
        #expect(Self.scrapes(Reducer.reduce(&state, .detail(try Self.canaryDetail()))).isEmpty)
        #expect(Self.scrapes(Fixtures.press(&state, "esc", "esc")) == [[]])
        #expect(state.flaggerScrapes.isEmpty)
        // A Rollout's detail reads no Flagger page.
        var rollout = Fixtures.selecting(Fixtures.checkoutRef)
        var rolloutEffects = Fixtures.press(&rollout, "enter")
        rolloutEffects += Reducer.reduce(&rollout, .detail(Fixtures.checkoutDetail()))
        #expect(Self.scrapes(rolloutEffects).isEmpty)
        // Never faster than every 5 s.
        let (_, fast) = try Self.opened(try Self.canaryDetail(interval: "2s"))
        #expect(Self.scrapes(fast) == [[FlaggerScrape(cluster: .single, interval: 5)]])
    }

    @Test func successiveReadingsAreTheChartsHistoryKeptAcrossAReconnect() throws {
        var (state, _) = try Self.opened()
        #expect(state.analysisCaption == "source: events")
        _ = Reducer.reduce(&state, .flaggerScraped(.page(Self.page(99.6, 310, 0.2), pod: Self.pod, at: Fixtures.now.addingTimeInterval(-120))))
        _ = Reducer.reduce(&state, .connection(.reconnecting(since: Fixtures.now, reason: "connection refused")))
        _ = Reducer.reduce(&state, .connection(.live))
        _ = Reducer.reduce(&state, .flaggerScraped(.page(Self.page(99.6, 310, 0.2), pod: Self.pod, at: Fixtures.now.addingTimeInterval(-90))))
        _ = Reducer.reduce(&state, .flaggerScraped(.page(Self.page(98.2, 455, 0.4), pod: Self.pod, at: Fixtures.now.addingTimeInterval(-60))))
        _ = Reducer.reduce(&state, .flaggerScraped(.page(Self.page(95.75, 612, 0.3), pod: Self.pod, at: Fixtures.now)))
        let checks = try #require(state.shownAnalysis.first).metrics
        #expect(checks.map(\.name) == ["request-success-rate", "request-duration", "error-rate"])
        #expect(checks.map(\.source) == Array(repeating: CanaryChecks.gaugeSource, count: 3))
        #expect(checks[0].points.map(\.value) == ["99.6", "98.2", "95.75"])
        #expect(checks[0].points.map(\.phase) == ["Successful", "Failed", "Failed"])
        #expect(checks[1].points.map(\.phase) == ["Successful", "Successful", "Failed"])
        #expect(checks[2].points.map(\.value) == ["0.2", "0.4", "0.3"])
        #expect(state.analysisCaption == "source: flagger /metrics via pod proxy (\(Self.pod)), every 1m")
        // The detail rebuilt by its watches keeps the gauge's values.
        _ = Reducer.reduce(&state, .detail(try Self.canaryDetail()))
        #expect(state.shownAnalysis.first?.metrics[0].points.count == 3)
        // Another context is another Flagger.
        _ = Reducer.reduce(&state, .contextChanged(ClusterIdentity(context: "other", server: "https://other", user: "admin")))
        #expect(state.cluster(state.primary).flaggerGauge.series.isEmpty)
    }

    @Test func withoutAccessTheChartsComeFromTheEventsAndSaySo() throws {
        var (state, _) = try Self.opened()
        _ = Reducer.reduce(&state, .flaggerScraped(.failed("no access to pods/proxy in flagger-system")))
        let check = try #require(state.shownAnalysis.first?.metrics.first)
        #expect(check.source == CanaryChecks.source)
        #expect(check.points.map(\.value) == ["97.10"])
        #expect(check.points.map(\.phase) == ["Failed"])
        #expect(state.analysisCaption == "source: events (no access to pods/proxy in flagger-system)")
        Fixtures.press(&state, "A")
        #expect(DetailDocument.lines(state).prefix(2).last == .note("source: events (no access to pods/proxy in flagger-system)"))
        // A page without this Canary's series: the events still.
        _ = Reducer.reduce(&state, .flaggerScraped(.page([], pod: Self.pod, at: Fixtures.now)))
        #expect(state.analysisCaption == "source: events (no flagger_canary_metric_analysis series for this canary yet)")
        #expect(state.shownAnalysis.first?.metrics.first?.points.map(\.value) == ["97.10"])
    }

    /// The detail pages fed a falling success rate, as `docs/screens.md` shows them.
    static func gauged() throws -> ConsoleState {
        var (state, _) = try Self.opened()
        let values: [(Double, Double, Double)] = [(99.8, 288, 0.1), (99.7, 301, 0.2), (99.4, 350, 0.2), (99.1, 410, 0.3),
                                                  (98.2, 455, 0.5), (96.9, 497, 0.6), (95.75, 612, 0.9)]
        for (i, v) in values.enumerated() {
            let at = Fixtures.now.addingTimeInterval(Double(i - values.count + 1) * 60)
            _ = Reducer.reduce(&state, .flaggerScraped(.page(Self.page(v.0, v.1, v.2), pod: Self.pod, at: at)))
        }
        return state
    }

    @Test func canaryOverviewShowsEachCheckCompactly() throws {
        let state = ScreenSnapshotTests.sized(try Self.gauged(), 120, 40)
        let lines = DetailDocument.lines(state)
        #expect(lines.contains(.text("failedChecks 1 of threshold 5")))
        #expect(lines.contains(.note("source: flagger /metrics via pod proxy (\(Self.pod)), every 1m")))
        let text = ConsoleView.render(state, glyphs: .unicode).text
        #expect(text.contains("request-success-rate     min 99           "), "\(text)")
        #expect(text.contains("last 95.75"), "\(text)")
        #expect(text.contains("error-rate               min 0, max 1     "), "\(text)")
        try ScreenSnapshotTests.check(try Self.gauged(), "detail-canary-overview")
    }

    @Test func canaryAnalysisPageFromTheGauge() throws {
        var state = try Self.gauged()
        Fixtures.press(&state, "A")
        try ScreenSnapshotTests.check(state, "detail-canary-analysis")
    }

    /// The live source reads the page through the embedded server's pod proxy, finding Flagger's
    /// pod by its label, and says why when the namespace refuses the user.
    @Test func liveSourceReadsThroughThePodProxyAndFallsBackOn403() async throws {
        let server = try EmbeddedAPIServer()
        try server.start()
        defer { server.stop() }
        _ = try server.store.create(.namespaces, namespace: nil, object: ["metadata": ["name": "flagger-system"]])
        _ = try server.store.create(.pods, namespace: "flagger-system", object: [
            "metadata": ["name": "flagger-7d4b9c5f6-x2k8p", "labels": ["app.kubernetes.io/name": "flagger", "app.kubernetes.io/instance": "flagger"]],
            "spec": ["containers": [["name": "flagger", "image": "ghcr.io/fluxcd/flagger:1.41.0", "ports": [["name": "http", "containerPort": 8080]]]]],
        ])
        _ = try server.store.patch(.pods, namespace: "flagger-system", name: "flagger-7d4b9c5f6-x2k8p", type: .merge,
                                   patch: ["status": ["phase": "Running"]], subresource: "status")
        server.proxy.register(namespace: "flagger-system", pod: "flagger-7d4b9c5f6-x2k8p", ports: ["8080", "http"]) { request in
            let text = "flagger_canary_metric_analysis{metric=\"request-success-rate\",name=\"api-gateway\",namespace=\"training-development\"} 99.25\n"
            return request.path == "/metrics" ? ProxyResponse(status: 200, body: Data(text.utf8)) : ProxyResponse(status: 404)
        }
        let dir = NSTemporaryDirectory() + "rollscope-gauge-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        try server.writeKubeconfig(to: dir + "/config")
        let (source, _) = try LiveSource.open(options: ConsoleOptions(kubeconfig: [dir + "/config"]), environment: ["HOME": dir])
        defer { source.stop() }
        source.start(wake: {})
        func scraped(_ events: [ConsoleEvent]) -> [FlaggerScrapeResult] {
            events.compactMap { if case let .flaggerScraped(r) = $0 { r } else { nil } }
        }
        source.setFlaggerScrapes([FlaggerScrape(interval: 5)])
        let first = scraped(await LiveSourceTests.collect(source) { !scraped($0).isEmpty })
        guard case let .page(samples, pod, _)? = first.first else { Issue.record("\(first)"); return }
        #expect(pod == Self.pod)
        #expect(samples.map(\.value) == [99.25])
        server.faults.forbidNamespace("flagger-system")
        // Asked again (another interval): read at once, refused.
        source.setFlaggerScrapes([FlaggerScrape(interval: 6)])
        let refused = scraped(await LiveSourceTests.collect(source) { !scraped($0).isEmpty })
        #expect(refused.first == .failed("no access to pods/proxy in flagger-system"))
        // Stopped: no more readings.
        source.setFlaggerScrapes([])
        try await Task.sleep(nanoseconds: 300_000_000)
        _ = source.drain()
        #expect(server.faults.requests.filter { $0.uri.contains("/proxy/metrics") }.count == 2)
    }
}
