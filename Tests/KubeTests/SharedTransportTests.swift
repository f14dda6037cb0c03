import APIServer
import Foundation
import KubeModel
import Testing
@testable import Kube

/// A watch's lines, read into a box by a task on the client's executor until it is cancelled.
final class WatchedLines: Sendable {
    let lines = Locked<[String]>([])
    let ended = Locked<(any Error)?>(nil)
    let finished = Locked(false)
    private let task: Locked<Task<Void, Never>?> = Locked(nil)

    init(_ client: KubeClient, _ resource: ResourceType, namespace: String = "demo") {
        let stream = client.lines(KubeClient.watchRequest(resource, ListScope(namespace: namespace), resourceVersion: nil, timeoutSeconds: nil))
        let task = ClientExecutor.task { [lines, ended, finished] in
            do {
                for try await line in stream { lines.withLock { $0.append(String(decoding: line, as: UTF8.self)) } }
            } catch {
                ended.withLock { $0 = error }
            }
            finished.withLock { $0 = true }
        }
        self.task.withLock { $0 = task }
    }

    var count: Int { lines.withLock { $0.count } }
    func cancel() { task.withLock { $0 }?.cancel() }
}

/// Threads and open file descriptors of this process, from /proc.
private func processCounts() -> (threads: Int, descriptors: Int) {
    let fm = FileManager.default
    return ((try? fm.contentsOfDirectory(atPath: "/proc/self/task").count) ?? 0, (try? fm.contentsOfDirectory(atPath: "/proc/self/fd").count) ?? 0)
}

/// Several clusters' clients on one libcurl multi handle: each cluster's requests and watches
/// share one HTTP/2 connection where the server speaks HTTP/2, one connection per concurrent
/// request where it does not, and no client ever sends another's credentials.
@Suite(.serialized) struct SharedTransportTests {
    static let watched: [ResourceType] = [.pods, .services, .deployments, .replicaSets]

    /// Starts the watches and waits until the server has them all open.
    private func openWatches(_ client: KubeClient, on cluster: TestCluster) async -> [WatchedLines] {
        let before = cluster.server.openWatchCount
        let watches = Self.watched.map { WatchedLines(client, $0) }
        _ = await eventually(30) { cluster.server.openWatchCount == before + watches.count }
        return watches
    }

    @Test(.enabled(if: CurlVersion.http2, "libcurl without HTTP/2"))
    func oneClustersWatchesAndListsShareOneHTTP2Connection() async throws {
        let cluster = try TestCluster()
        let client = try cluster.client()
        #expect(client.options.transport === CurlTransport.shared)
        let watches = await openWatches(client, on: cluster)
        #expect(cluster.server.openWatchCount == 4)
        for resource in [ResourceType.pods, .services, .namespaces] {
            _ = try await client.list(TestPod.self, resource, ListScope(namespace: resource == .namespaces ? nil : "demo"))
        }
        try cluster.createPod("p1")
        #expect(await eventually { watches[0].count == 1 }, "the pod watch got its event")
        #expect(cluster.server.acceptedConnections == 1, "four watches and three lists on one connection")
        #expect(cluster.server.negotiatedProtocols == ["h2"])
        // Cancelling a watch resets its stream at once (well before the server's next bookmark, a
        // minute away, would carry the reset out); the connection stays for the others.
        for watch in watches.dropFirst() { watch.cancel() }
        #expect(await eventually(10) { cluster.server.openWatchCount == 1 })
        try cluster.createPod("p2")
        #expect(await eventually { watches[0].count == 2 })
        #expect(cluster.server.acceptedConnections == 1)
        // The last one goes with its connection.
        watches[0].cancel()
        #expect(await eventually(10) { cluster.server.openWatchCount == 0 })
    }

    @Test func overHTTP1EachConcurrentWatchHasAConnectionOfItsOwn() async throws {
        let cluster = try TestCluster(options: .init(offerHTTP2: false))
        let client = try cluster.client()
        let watches = await openWatches(client, on: cluster)
        #expect(cluster.server.openWatchCount == 4)
        try cluster.createPod("p1")
        #expect(await eventually { watches[0].count == 1 })
        #expect(cluster.server.acceptedConnections == 4)
        #expect(cluster.server.negotiatedProtocols == Array(repeating: "http/1.1", count: 4))
        for watch in watches { watch.cancel() }
    }

    @Test func twoClustersOnTheSharedTransportEachGetTheirEventsAndTheirUser() async throws {
        let east = try TestCluster(), west = try TestCluster()
        // One by client certificate, one by bearer token: neither may reach the other's server.
        let eastClient = try east.client(context: "admin-cert"), westClient = try west.client(context: "viewer-token")
        #expect(eastClient.options.transport === westClient.options.transport)
        let eastPods = WatchedLines(eastClient, .pods), westPods = WatchedLines(westClient, .pods)
        #expect(await eventually(30) { east.server.openWatchCount == 1 && west.server.openWatchCount == 1 })
        try east.createPod("in-east")
        try west.createPod("in-west-1")
        try west.createPod("in-west-2")
        #expect(await eventually { eastPods.count == 1 && westPods.count == 2 })
        #expect(eastPods.lines.withLock { $0 }.allSatisfy { $0.contains("in-east") })
        #expect(westPods.lines.withLock { $0 }.allSatisfy { $0.contains("in-west") })
        _ = try await eastClient.list(TestPod.self, .pods, ListScope(namespace: "demo"))
        _ = try await westClient.list(TestPod.self, .pods, ListScope(namespace: "demo"))
        #expect(Set(east.server.faults.requests.map(\.user)) == ["admin"])
        #expect(Set(west.server.faults.requests.map(\.user)) == ["viewer"])
        if CurlVersion.http2 {
            #expect(east.server.acceptedConnections == 1 && west.server.acceptedConnections == 1, "a connection per cluster")
        }
        eastPods.cancel()
        westPods.cancel()
    }

    @Test func aClientGoingAwayCancelsItsOwnTransfersOnly() async throws {
        let cluster = try TestCluster()
        var leaving: KubeClient? = try cluster.client()
        let staying = try cluster.client()
        let gone = WatchedLines(leaving!, .pods), kept = WatchedLines(staying, .pods)
        #expect(await eventually(30) { cluster.server.openWatchCount == 2 })
        leaving = nil
        #expect(await eventually { gone.finished.withLock { $0 } })
        #expect(await eventually(10) { cluster.server.openWatchCount == 1 })
        try cluster.createPod("after")
        #expect(await eventually { kept.count == 1 })
        #expect(gone.count == 0)
        kept.cancel()
    }

    @Test(.enabled(if: CurlVersion.http2, "libcurl without HTTP/2"))
    func anIdleHTTP2ConnectionIsClosedWithAGoAwayAndTheNextRequestOpensAnother() async throws {
        let cluster = try TestCluster(options: .init(idleTimeout: 0.5))
        let client = try cluster.client()
        _ = try await client.list(TestPod.self, .pods, ListScope(namespace: "demo"))
        try await Task.sleep(nanoseconds: 1_500_000_000)
        _ = try await client.list(TestPod.self, .pods, ListScope(namespace: "demo"))
        #expect(cluster.server.acceptedConnections == 2)
        #expect(cluster.server.negotiatedProtocols == ["h2", "h2"])
    }

    /// The figure for docs/api-server.md: 3 clusters × 4 watches, before (a multi handle and thread
    /// per client, HTTP/1.1: a connection per watch) and after (one shared transport, HTTP/2).
    @Test func connectionsThreadsAndDescriptorsForThreeClustersOfFourWatches() async throws {
        struct Figure { var connections = 0, threads = 0, descriptors = 0 }
        func measure(http2: Bool) async throws -> Figure {
            let clusters = try (0..<3).map { _ in try TestCluster(options: .init(offerHTTP2: http2)) }
            let base = processCounts()
            let shared = CurlTransport()
            var clients: [KubeClient] = []
            var watches: [WatchedLines] = []
            for cluster in clusters {
                let client = try cluster.client(options: KubeClientOptions(transport: http2 ? shared : CurlTransport()))
                clients.append(client)
                watches += await openWatches(client, on: cluster)
            }
            #expect(clusters.allSatisfy { $0.server.openWatchCount == 4 })
            let now = processCounts()
            let figure = Figure(connections: clusters.map(\.server.acceptedConnections).reduce(0, +),
                                threads: now.threads - base.threads, descriptors: now.descriptors - base.descriptors)
            for watch in watches { watch.cancel() }
            return figure
        }
        let before = try await measure(http2: false)
        let after = try await measure(http2: true)
        print("bench transport 3 clusters x 4 watches: before (a transport per client, HTTP/1.1) "
              + "connections=\(before.connections) client-threads=\(before.threads) descriptors=\(before.descriptors); "
              + "after (one shared transport, HTTP/2) connections=\(after.connections) client-threads=\(after.threads) descriptors=\(after.descriptors) "
              + "(descriptors count both ends: the servers run in this process)")
        #expect(before.connections == 12)
        if CurlVersion.http2 { #expect(after.connections == 3) }
    }
}
