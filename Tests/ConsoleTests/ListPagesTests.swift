import APIServer
import Foundation
import JSONValue
import Kube
import KubeModel
import Testing
@testable import Console

/// The first list comes page by page: the console shows the first page's rows while the rest
/// arrive, the header saying how many of how many, and the text goes once the last page is in.
@Suite(.serialized) struct ListPagesTests {
    /// A server with `count` Rollouts in shop, each list and watch answer held back `stall`
    /// seconds, and a source on it listing three objects a page.
    static func start(rollouts count: Int, stall: Double) throws -> (EmbeddedAPIServer, LiveSource) {
        let server = try EmbeddedAPIServer()
        try server.start()
        _ = try server.store.create(.namespaces, namespace: nil, object: ["metadata": ["name": "shop"]])
        for i in 0..<count {
            _ = try server.store.create(.rollouts, namespace: "shop", object: ["metadata": ["name": .string("r\(i)")], "spec": ["replicas": 1]])
        }
        server.faults.stall(pathPrefix: ResourceType.rollouts.path(namespace: nil), seconds: stall)
        let dir = NSTemporaryDirectory() + "rollscope-pages-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        try server.writeKubeconfig(to: dir + "/config")
        let config = try KubeconfigLoader(environment: ["HOME": dir]).load(KubeconfigOptions(kubeconfig: dir + "/config"))
        var options = LiveSource.defaultInformerOptions
        options.pageSize = 3
        let source = LiveSource(client: try KubeClient(config: config),
                                identity: ClusterIdentity(context: config.contextName, server: config.server, user: config.userName),
                                informerOptions: options) { _ in throw KubeError.cancelled }
        return (server, source)
    }

    /// What the console showed after each drain: rows, connection and the header's right end.
    struct Frame: Equatable {
        var rows: Int
        var connection: ConnectionStatus
        var header: String
    }

    @Test func theFirstPagesRowsAreShownWhileTheRestArriveWithHowManyOfHowMany() async throws {
        let (server, source) = try Self.start(rollouts: 7, stall: 0.3)
        defer { server.stop(); source.stop() }
        let loop = DiscoveryTests.Loop(source)
        var frames: [Frame] = []
        await loop.pump(limit: 400) { state in
            let frame = Frame(rows: state.rows.count, connection: state.connection, header: HeaderView.connectionText(state))
            if frames.last != frame { frames.append(frame) }
            return state.connection == .live && state.rows.count == 7
        }
        #expect(frames.contains(Frame(rows: 3, connection: .connecting, header: "loading 3 of 7 rollouts")), "\(frames)")
        #expect(frames.contains(Frame(rows: 6, connection: .connecting, header: "loading 6 of 7 rollouts")), "\(frames)")
        #expect(frames.last == Frame(rows: 7, connection: .live, header: "● live"), "\(frames)")
        #expect(loop.state.cluster(loop.state.primary).loading.isEmpty)
        // Rows only ever grew while the list came: none shown then taken away.
        #expect(frames.map(\.rows) == frames.map(\.rows).sorted())
    }

    /// The server gives no total (a list narrowed by a selector): the rows still come page by
    /// page, and the header says nothing of counts.
    @Test func withoutTheServersTotalNothingIsSaidOfCounts() {
        var tracker = ConnectionTracker(listResources: [.rollouts])
        let spec = WatchSpec(resource: .rollouts, namespace: nil)
        #expect(tracker.loading(ListProgress(loaded: 3, total: nil, isComplete: false), of: spec).isEmpty)
        #expect(HeaderView.loadingText([]) == nil)
    }

    /// The text sums a kind's lists, goes with the last page, and goes when a list fails or its
    /// watch is closed before then; another resource's lists (ReplicaSets) say nothing.
    @Test func theLoadingTextComesAndGoes() {
        var tracker = ConnectionTracker(listResources: [.rollouts, .canaries])
        let shop = WatchSpec(resource: .rollouts, namespace: "shop")
        let store = WatchSpec(resource: .rollouts, namespace: "store")
        let canaries = WatchSpec(resource: .canaries, namespace: nil)
        func loading(_ events: [ConsoleEvent]) -> [String?] {
            events.compactMap { if case let .loading(lists) = $0 { HeaderView.loadingText(lists) } else { nil } }
        }
        #expect(loading(tracker.loading(ListProgress(loaded: 500, total: 2000, isComplete: false), of: shop)) == ["loading 500 of 2,000 rollouts"])
        #expect(loading(tracker.loading(ListProgress(loaded: 500, total: 1000, isComplete: false), of: store)) == ["loading 1,000 of 3,000 rollouts"])
        #expect(loading(tracker.loading(ListProgress(loaded: 10, total: 30, isComplete: false), of: canaries))
                == ["loading 10 of 30 canaries, 1,000 of 3,000 rollouts"])
        #expect(tracker.loading(ListProgress(loaded: 5, total: 9, isComplete: false), of: WatchSpec(resource: .replicaSets, namespace: nil)).isEmpty)
        #expect(loading(tracker.loading(ListProgress(loaded: 30, total: 30, isComplete: true), of: canaries)) == ["loading 1,000 of 3,000 rollouts"])
        #expect(loading(tracker.state(.reconnecting(since: Fixtures.now, message: "EOF"), of: store).events) == ["loading 500 of 2,000 rollouts"])
        #expect(loading(tracker.state(.connecting, of: shop).events).isEmpty, "still connecting: no change")
        #expect(loading(tracker.closed([shop])) == [nil])
    }
}
