import APIServer
import Foundation
import KubeModel
import Testing
@testable import Kube

/// Reads, mutations and errors against the embedded API server.
@Suite(.serialized) struct ClientRequestTests {
    @Test func getListAndPaginate() async throws {
        let cluster = try TestCluster()
        for i in 0..<23 { try cluster.createPod("p\(i)", labels: ["app": i % 2 == 0 ? "even" : "odd"]) }
        let client = try cluster.client()
        let one = try await client.get(TestPod.self, .pods, namespace: "demo", name: "p3")
        #expect(one.metadata.key == "demo/p3")
        let page = try await client.list(TestPod.self, .pods, ListScope(namespace: "demo"), limit: 10)
        #expect(page.items.count == 10)
        #expect(page.metadata.continue != nil)
        let all = try await client.listAll(TestPod.self, .pods, ListScope(namespace: "demo"), pageSize: 10)
        #expect(all.items.count == 23)
        #expect(all.metadata.resourceVersion == page.metadata.resourceVersion)
        #expect(cluster.requests(containing: "continue=").count == 2)
        let even = try await client.listAll(TestPod.self, .pods, ListScope(namespace: "demo", labelSelector: "app=even"))
        #expect(even.items.count == 12)
        let named = try await client.list(TestPod.self, .pods, ListScope(fieldSelector: "metadata.name=p7"))
        #expect(named.items.map(\.metadata.key) == ["demo/p7"])
    }

    @Test func anExpiredContinueTokenRestartsTheListWithoutPaging() async throws {
        let cluster = try TestCluster()
        for i in 0..<25 { try cluster.createPod("p\(i)") }
        let client = try cluster.client()
        // Each answer is held back 1 s after the server has read its snapshot; the history is
        // compacted while the first page is on its way, so the second page's token is too old.
        cluster.server.faults.stall(pathPrefix: "/api/v1/namespaces/demo/pods", seconds: 1)
        cluster.server.faults.clearRequests()
        let listing = Task { try await client.listAll(TestPod.self, .pods, ListScope(namespace: "demo"), pageSize: 10) }
        try await Task.sleep(nanoseconds: 500_000_000)
        cluster.server.faults.expireHistory()
        let all = try await listing.value
        #expect(all.items.count == 25)
        #expect(cluster.requests(containing: "GET /api/v1/namespaces/demo/pods").map { $0.contains("continue=") }
                == [false, true, false])
    }

    /// The pager hands each page over as it comes, asking for each with the token of the one
    /// before, in order.
    @Test func pagesAreHandedOverInOrderEachAskedWithTheTokenOfTheOneBefore() async throws {
        let cluster = try TestCluster()
        for i in 0..<25 { try cluster.createPod("p\(i)") }
        let client = try cluster.client()
        cluster.server.faults.clearRequests()
        var pages: [[String]] = []
        var tokens: [String?] = []
        try await client.listPages(TestPod.self, .pods, ListScope(namespace: "demo"), pageSize: 10) { page in
            guard case let .page(list) = page else { Issue.record("restarted"); return }
            pages.append(list.items.map(\.metadata.name))
            tokens.append(list.metadata.continue)
        }
        #expect(pages.map(\.count) == [10, 10, 5])
        #expect(Set(pages.joined()).count == 25)
        #expect(tokens.count == 3 && tokens.last! == nil)
        let sent = cluster.requests(containing: "GET /api/v1/namespaces/demo/pods?").map { uri in
            URLComponents(string: String(uri.dropFirst(4)))?.queryItems?.first { $0.name == "continue" }?.value
        }
        #expect(sent == [nil] + tokens.dropLast(), "each page asked with the token of the one before")
    }

    @Test func notFoundKeepsTheAPIsMessage() async throws {
        let cluster = try TestCluster()
        let client = try cluster.client()
        let error = await #expect(throws: KubeError.self) {
            _ = try await client.get(TestPod.self, .rollouts, namespace: "demo", name: "nope")
        }
        #expect(error == .notFound(#"rollouts.argoproj.io "nope" not found"#))
    }

    @Test func mergeAndJSONPatchesToTheObjectAndItsStatus() async throws {
        let cluster = try TestCluster()
        try cluster.createPod("web")
        let client = try cluster.client()
        let labelled = try await client.patch(TestPod.self, .pods, namespace: "demo", name: "web", .merge,
                                              body: Data(#"{"metadata":{"labels":{"tier":"front"}}}"#.utf8))
        #expect(labelled.metadata.labels?["tier"] == "front")
        let running = try await client.patch(TestPod.self, .pods, namespace: "demo", name: "web", subresource: "status", .json,
                                             body: Data(#"[{"op":"replace","path":"/status/phase","value":"Running"}]"#.utf8))
        #expect(running.status?.phase == "Running")
        let read = try await client.get(TestPod.self, .pods, namespace: "demo", name: "web", subresource: "status")
        #expect(read.status?.phase == "Running")
        #expect(read.metadata.labels?["tier"] == "front")
    }

    @Test func aStalePutIsAConflictAndIsSentOnce() async throws {
        let cluster = try TestCluster()
        try cluster.createPod("web")
        let client = try cluster.client()
        var pod = try await client.get(TestPod.self, .pods, namespace: "demo", name: "web")
        let fresh = try await client.replace(TestPod.self, .pods, namespace: "demo", name: "web", object: pod)
        #expect(fresh.metadata.resourceVersion == pod.metadata.resourceVersion)
        _ = try await client.patch(TestPod.self, .pods, namespace: "demo", name: "web", .merge, body: Data(#"{"metadata":{"labels":{"a":"b"}}}"#.utf8))
        pod.metadata.labels = ["mine": "true"]
        cluster.server.faults.clearRequests()
        let error = await #expect(throws: KubeError.self) {
            _ = try await client.replace(TestPod.self, .pods, namespace: "demo", name: "web", object: pod)
        }
        guard case .conflict(let message) = error else { Issue.record("\(String(describing: error))"); return }
        #expect(message.contains("the object has been modified"))
        #expect(cluster.requests(containing: "PUT ").count == 1)
    }

    @Test func mutationsAreNeverRetriedBlindly() async throws {
        let cluster = try TestCluster()
        try cluster.createPod("web")
        let client = try cluster.client()
        cluster.server.faults.clearRequests()
        cluster.server.faults.failNext(pathPrefix: "/api/v1/namespaces/demo/pods/web", method: "PATCH", code: 503, count: 1, retryAfter: 1)
        let error = await #expect(throws: KubeError.self) {
            _ = try await client.patch(TestPod.self, .pods, namespace: "demo", name: "web", .merge, body: Data("{}".utf8))
        }
        guard case .server(503, _, _) = error else { Issue.record("\(String(describing: error))"); return }
        #expect(cluster.requests(containing: "PATCH ").count == 1)
    }

    @Test func tooManyRequestsCarriesRetryAfter() async throws {
        let cluster = try TestCluster()
        let client = try cluster.client()
        cluster.server.faults.failNext(pathPrefix: "/api/v1/namespaces/demo/pods", code: 429, retryAfter: 3)
        let error = await #expect(throws: KubeError.self) { _ = try await client.list(TestPod.self, .pods, ListScope(namespace: "demo")) }
        guard case .tooManyRequests(let after, _) = error else { Issue.record("\(String(describing: error))"); return }
        #expect(after == 3)
    }

    @Test func postThroughTheServiceProxy() async throws {
        let cluster = try TestCluster()
        try cluster.server.store.create(.services, namespace: "demo", object: ["metadata": ["name": "loadtester"], "spec": ["ports": [["name": "http", "port": 80]]]])
        cluster.server.proxy.register(namespace: "demo", service: "loadtester") { request in
            ProxyResponse(status: 200, body: Data("\(request.method) \(request.path) \(String(decoding: request.body, as: UTF8.self))".utf8))
        }
        let client = try cluster.client()
        let response = try await client.proxy(.post, namespace: "demo", id: "loadtester:80", path: "/gate/open",
                                              contentType: "application/json", body: Data(#"{"name":"podinfo"}"#.utf8))
        #expect(String(decoding: response.body, as: UTF8.self) == #"POST /gate/open {"name":"podinfo"}"#)
        let missing = await #expect(throws: KubeError.self) {
            _ = try await client.proxy(.post, namespace: "demo", id: "nothing", path: "gate/open")
        }
        #expect(missing?.httpStatus == 404)
    }

    @Test func aStalledReadIsAbandonedByTheLowSpeedLimit() async throws {
        let cluster = try TestCluster()
        let client = try cluster.client(options: KubeClientOptions(stallTimeout: 1))
        cluster.server.faults.stall(pathPrefix: "/api/v1/namespaces/demo/pods", seconds: 5)
        let started = Date()
        let error = await #expect(throws: KubeError.self) { _ = try await client.list(TestPod.self, .pods, ListScope(namespace: "demo")) }
        guard case .transport = error else { Issue.record("\(String(describing: error))"); return }
        #expect(Date().timeIntervalSince(started) < 4)
    }

    @Test func manyRequestsShareTheOneTransportThread() async throws {
        let cluster = try TestCluster()
        for i in 0..<5 { try cluster.createPod("p\(i)") }
        let client = try cluster.client()
        let counts = try await withThrowingTaskGroup(of: Int.self) { group in
            for _ in 0..<40 { group.addTask { try await client.list(TestPod.self, .pods, ListScope(namespace: "demo")).items.count } }
            return try await group.reduce(into: [Int]()) { $0.append($1) }
        }
        #expect(counts == Array(repeating: 5, count: 40))
    }
}
