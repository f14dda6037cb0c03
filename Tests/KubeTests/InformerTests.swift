import APIServer
import Foundation
import KubeModel
import Testing
@testable import Kube

/// Informers against the embedded API server, with faults the test injects.
@Suite(.serialized) struct InformerTests {
    /// Fast backoff without jitter, so fault tests run in well under a second per retry.
    static let fast = InformerOptions(pageSize: 10, backoff: Backoff(initial: 0.05, cap: 0.4, jitter: 0, resetAfter: 120))

    /// Collects what an informer delivers, through a wakeup queue as the UI does.
    final class Recorder: @unchecked Sendable {
        let queue = WakeupQueue<InformerEvent<TestPod>>()
        private let lock = NSLock()
        private var seen: [InformerEvent<TestPod>] = []

        var events: [InformerEvent<TestPod>] {
            lock.lock()
            defer { lock.unlock() }
            seen.append(contentsOf: queue.drain())
            return seen
        }

        var states: [ConnectionState] { events.compactMap { if case .state(let s) = $0 { s } else { nil } } }
        var replacements: [[TestPod]] { events.compactMap { if case .replaced(let items) = $0 { items } else { nil } } }
        var pages: [(items: [TestPod], progress: ListProgress)] {
            events.compactMap { if case let .page(items, progress) = $0 { (items, progress) } else { nil } }
        }
        /// What was delivered, in order: `page 10`, `replaced 25`, the states by name.
        var outline: [String] {
            events.compactMap { event in
                switch event {
                case let .page(items, _): "page \(items.count)"
                case let .replaced(items): "replaced \(items.count)"
                case let .state(state): "\(state)".components(separatedBy: "(").first
                default: nil
                }
            }
        }
    }

    func informer(_ cluster: TestCluster, scope: ListScope = ListScope(namespace: "demo"), options: InformerOptions = fast)
        throws -> (Informer<TestPod>, Recorder) {
        let recorder = Recorder()
        // Short connect and stall limits: a request stuck while the whole suite loads the machine
        // fails and is retried by the informer instead of hanging for a minute.
        let client = try cluster.client(options: KubeClientOptions(connectTimeout: 5, stallTimeout: 5))
        let informer = Informer<TestPod>(client: client, resource: .pods, scope: scope, options: options, queue: recorder.queue)
        return (informer, recorder)
    }

    @Test func listsPageByPageThenWatches() async throws {
        let cluster = try TestCluster()
        for i in 0..<25 { try cluster.createPod("p\(i)") }
        let (informer, recorder) = try informer(cluster)
        informer.start()
        defer { informer.stop() }
        #expect(await eventually { informer.state == .live }, "\(recorder.states)")
        #expect(informer.objects.count == 25)
        // The first list's pages are handed over one by one, before the informer is live.
        #expect(recorder.outline == ["connecting", "page 10", "page 10", "page 5", "live"])
        #expect(recorder.pages.map(\.progress) == [ListProgress(loaded: 10, total: 25, isComplete: false),
                                                    ListProgress(loaded: 20, total: 25, isComplete: false),
                                                    ListProgress(loaded: 25, total: 25, isComplete: true)])
        #expect(Set(recorder.pages.flatMap(\.items).map(\.metadata.key)).count == 25)
        #expect(recorder.replacements.isEmpty)
        #expect(cluster.requests(containing: "limit=10").count == 3)
        // The state turns live once listed; the watch request follows.
        #expect(await eventually { cluster.server.openWatchCount == 1 })
        let watches = cluster.requests(containing: "watch=true")
        #expect(watches.count == 1)
        #expect(watches.first?.contains("allowWatchBookmarks=true") == true)
        try cluster.createPod("late")
        #expect(await eventually { informer.object(forKey: "demo/late") != nil })
        _ = try cluster.server.store.delete(.pods, namespace: "demo", name: "p0")
        #expect(await eventually { informer.object(forKey: "demo/p0") == nil })
        let kinds = recorder.events.compactMap { e -> String? in
            switch e { case .added(let p): "+\(p.metadata.name)"; case .deleted(let p): "-\(p.metadata.name)"; default: nil }
        }
        #expect(kinds == ["+late", "-p0"])
    }

    @Test func selectorsNarrowTheCache() async throws {
        let cluster = try TestCluster()
        try cluster.createPod("a", labels: ["app": "web"])
        try cluster.createPod("b", labels: ["app": "db"])
        let (informer, _) = try informer(cluster, scope: ListScope(namespace: "demo", labelSelector: "app=web"))
        informer.start()
        defer { informer.stop() }
        #expect(await eventually { informer.state == .live })
        try cluster.createPod("c", labels: ["app": "web"])
        try cluster.createPod("d", labels: ["app": "db"])
        #expect(await eventually { informer.objects.count == 2 })
        try await Task.sleep(nanoseconds: 200_000_000)
        #expect(Set(informer.objects.keys) == ["demo/a", "demo/c"])
    }

    @Test func aDroppedStreamResumesFromTheLastVersionWithoutRelisting() async throws {
        let cluster = try TestCluster()
        try cluster.createPod("a")
        let (informer, _) = try informer(cluster)
        informer.start()
        defer { informer.stop() }
        #expect(await eventually { informer.state == .live && cluster.server.openWatchCount == 1 })
        let seen = try #require(informer.resourceVersion)
        cluster.server.faults.dropWatches()
        try cluster.createPod("b")
        #expect(await eventually { informer.object(forKey: "demo/b") != nil })
        #expect(informer.lists == 1)
        let watches = cluster.requests(containing: "watch=true")
        #expect(watches.count >= 2)
        #expect(watches.dropFirst().allSatisfy { $0.contains("resourceVersion=") })
        #expect(watches.last?.contains("resourceVersion=\(seen)") == true || informer.resourceVersion != seen)
    }

    @Test func aQuietResumedWatchIsLiveAgain() async throws {
        let cluster = try TestCluster()
        let (informer, recorder) = try informer(cluster)
        informer.start()
        defer { informer.stop() }
        #expect(await eventually { informer.state == .live && cluster.server.openWatchCount == 1 })
        // The re-watch fails once, then succeeds on a stream that stays silent.
        cluster.server.faults.failNext(pathPrefix: "/api/v1/namespaces/demo/pods", method: "GET", code: 503, count: 1)
        cluster.server.faults.dropWatches()
        #expect(await eventually { recorder.states.contains { if case .reconnecting = $0 { true } else { false } } })
        #expect(await eventually { informer.state == .live && cluster.server.openWatchCount == 1 })
        #expect(informer.lists == 1)
    }

    @Test func anExpiredVersionRelistsAndHandsOverOneConsistentReplacement() async throws {
        let cluster = try TestCluster()
        try cluster.createPod("a")
        try cluster.createPod("b")
        let (informer, recorder) = try informer(cluster)
        informer.start()
        defer { informer.stop() }
        #expect(await eventually { informer.state == .live && cluster.server.openWatchCount == 1 })
        // While the informer is cut off, the cluster changes and its history is compacted.
        cluster.server.faults.stall(pathPrefix: "/api/v1/namespaces/demo/pods", seconds: 0.3)
        cluster.server.faults.dropWatches()
        _ = try cluster.server.store.delete(.pods, namespace: "demo", name: "a")
        try cluster.createPod("c")
        cluster.server.faults.expireHistory()
        #expect(await eventually { informer.lists == 2 && informer.state == .live })
        #expect(Set(informer.objects.keys) == ["demo/b", "demo/c"])
        // The first list came as a page; the relist as one replacement, nothing before it.
        #expect(recorder.pages.map { $0.items.map(\.metadata.key) } == [["demo/a", "demo/b"]])
        let replacements = recorder.replacements
        #expect(replacements.count == 1)
        #expect(Set(replacements.last?.map(\.metadata.key) ?? []) == ["demo/b", "demo/c"])
    }

    /// A relist of several pages is still one replacement at its end: the consumer never holds
    /// part of it, and what left the cluster goes only then.
    @Test func aRelistOfManyPagesIsOneReplacementAtItsEnd() async throws {
        let cluster = try TestCluster()
        for i in 0..<25 { try cluster.createPod("p\(i)") }
        let (informer, recorder) = try informer(cluster)
        informer.start()
        defer { informer.stop() }
        #expect(await eventually { informer.state == .live && cluster.server.openWatchCount == 1 })
        // While the informer is cut off, the cluster changes and its history is compacted.
        cluster.server.faults.stall(pathPrefix: "/api/v1/namespaces/demo/pods", seconds: 0.3)
        cluster.server.faults.dropWatches()
        for i in 0..<3 { _ = try cluster.server.store.delete(.pods, namespace: "demo", name: "p\(i)") }
        try cluster.createPod("new")
        cluster.server.faults.expireHistory()
        #expect(await eventually { informer.lists == 2 && informer.state == .live })
        #expect(cluster.requests(containing: "limit=10").count == 6, "the relist is paged too")
        let afterFirst = Array(recorder.outline.drop { $0 != "live" })
        #expect(!afterFirst.contains { $0.hasPrefix("page") }, "\(recorder.outline)")
        #expect(afterFirst.filter { $0.hasPrefix("replaced") } == ["replaced 23"])
        #expect(afterFirst.suffix(2) == ["replaced 23", "live"])
        #expect(informer.objects.count == 23)
        #expect(informer.object(forKey: "demo/p0") == nil && informer.object(forKey: "demo/new") != nil)
    }

    /// A continue token that expires during the first list: the pages handed over are replaced by
    /// the whole list asked again without paging, as one replacement.
    @Test func aFirstListWhoseContinueTokenExpiresEndsWithOneReplacement() async throws {
        let cluster = try TestCluster()
        for i in 0..<25 { try cluster.createPod("p\(i)") }
        // Each answer is held back 1 s after the server has read its snapshot; the history is
        // compacted while the first page is on its way, so the second page's token is too old.
        cluster.server.faults.stall(pathPrefix: "/api/v1/namespaces/demo/pods", seconds: 1)
        let (informer, recorder) = try informer(cluster)
        informer.start()
        defer { informer.stop() }
        try await Task.sleep(nanoseconds: 500_000_000)
        _ = try cluster.server.store.delete(.pods, namespace: "demo", name: "p0")
        cluster.server.faults.expireHistory()
        #expect(await eventually(20) { informer.state == .live })
        #expect(cluster.requests(containing: "GET /api/v1/namespaces/demo/pods").filter { !$0.contains("watch=") }
                    .map { $0.contains("continue=") } == [false, true, false])
        #expect(recorder.outline == ["connecting", "page 10", "replaced 24", "live"])
        #expect(informer.objects.count == 24 && informer.object(forKey: "demo/p0") == nil)
        #expect(informer.lists == 1)
    }

    /// A first list that fails after some pages were handed over is listed again whole, as a
    /// replacement: the consumer's partial set is never left stale.
    @Test func aFirstListThatFailsPartWayIsListedAgainAsOneReplacement() async throws {
        let cluster = try TestCluster()
        for i in 0..<25 { try cluster.createPod("p\(i)") }
        // A continue request of the first list is refused once its first page is out (the
        // fault's prefix is a path: it cannot single out a continue request by its query).
        let (informer, recorder) = try informer(cluster)
        cluster.server.faults.stall(pathPrefix: "/api/v1/namespaces/demo/pods", seconds: 0.5)
        informer.start()
        defer { informer.stop() }
        #expect(await eventually { !recorder.pages.isEmpty })
        cluster.server.faults.failNext(pathPrefix: "/api/v1/namespaces/demo/pods", method: "GET", code: 503, count: 1)
        #expect(await eventually(20) { informer.state == .live })
        let outline = recorder.outline
        #expect(outline.first == "connecting")
        // One or two pages were out (the failure lands on whichever request follows the first
        // page's), then the failure, then the whole list as one replacement.
        let handed = recorder.pages.map(\.items.count)
        #expect(!handed.isEmpty && handed.reduce(0, +) < 25, "\(outline)")
        #expect(Array(outline.drop { $0.hasPrefix("page") || $0 == "connecting" }).suffix(2) == ["replaced 25", "live"], "\(outline)")
        #expect(recorder.replacements.map(\.count) == [25])
        #expect(informer.objects.count == 25)
    }

    @Test func failuresBackOffExponentiallyAndRecover() async throws {
        let cluster = try TestCluster()
        try cluster.createPod("a")
        cluster.server.faults.failNext(pathPrefix: "/api/v1/namespaces/demo/pods", method: "GET", code: 503, count: 3)
        let (informer, recorder) = try informer(cluster)
        let started = Date()
        informer.start()
        defer { informer.stop() }
        #expect(await eventually { informer.state == .live })
        // Three failures wait 0.05 + 0.1 + 0.2 s before the fourth list succeeds.
        #expect(Date().timeIntervalSince(started) >= 0.35)
        #expect(cluster.requests(containing: "GET /api/v1/namespaces/demo/pods?limit=10").count == 4)
        let reconnecting = recorder.states.compactMap { s -> Date? in if case .reconnecting(let since, _) = s { since } else { nil } }
        #expect(!reconnecting.isEmpty)
        #expect(Set(reconnecting).count == 1, "the outage keeps its start time")
        #expect(informer.objects.count == 1)
    }

    @Test func tooManyRequestsWaitsAtLeastTheServersRetryAfter() async throws {
        let cluster = try TestCluster()
        cluster.server.faults.failNext(pathPrefix: "/api/v1/namespaces/demo/pods", method: "GET", code: 429, count: 1, retryAfter: 1)
        let (informer, recorder) = try informer(cluster)
        let started = Date()
        informer.start()
        defer { informer.stop() }
        #expect(await eventually { informer.state == .live })
        // The backoff alone would retry after 0.05 s.
        #expect(Date().timeIntervalSince(started) >= 1)
        #expect(recorder.states.contains { if case .reconnecting(_, let message) = $0 { message.contains("TooManyRequests") } else { false } })
    }

    @Test func forbiddenIsShownAndClearsWhenAllowed() async throws {
        let cluster = try TestCluster()
        cluster.server.faults.forbidNamespace("demo")
        let (informer, _) = try informer(cluster)
        informer.start()
        defer { informer.stop() }
        #expect(await eventually {
            if case .forbidden(let message) = informer.state { return message.contains("forbidden") }
            return false
        })
        cluster.server.faults.allowNamespace("demo")
        #expect(await eventually { informer.state == .live })
    }

    @Test func aBrokenLineFailsTheStreamWhichIsResumed() async throws {
        let cluster = try TestCluster()
        let (informer, _) = try informer(cluster)
        informer.start()
        defer { informer.stop() }
        #expect(await eventually { informer.state == .live && cluster.server.openWatchCount == 1 })
        cluster.server.faults.injectIntoWatches("{\"type\":\"MODIFIED\",\"object\":{garbage\n")
        try cluster.createPod("after")
        #expect(await eventually { informer.object(forKey: "demo/after") != nil })
        #expect(informer.state == .live)
    }

    @Test func stoppingClosesTheWatchAndDeliversNothingMore() async throws {
        let cluster = try TestCluster()
        let (informer, recorder) = try informer(cluster)
        informer.start()
        #expect(await eventually { informer.state == .live && cluster.server.openWatchCount == 1 })
        informer.stop()
        #expect(informer.state == .stopped)
        #expect(await eventually { cluster.server.openWatchCount == 0 })
        let count = recorder.events.count
        try cluster.createPod("ignored")
        try await Task.sleep(nanoseconds: 200_000_000)
        #expect(recorder.events.count == count)
        #expect(informer.object(forKey: "demo/ignored") == nil)
        informer.start()
        #expect(await eventually { informer.object(forKey: "demo/ignored") != nil })
        informer.stop()
    }
}
