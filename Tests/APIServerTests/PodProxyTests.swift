import Foundation
import JSONValue
import NIOHTTP1
import Testing
@testable import APIServer

/// The pod proxy `/api/v1/namespaces/NS/pods/ID/proxy/PATH` beside the service proxy: RBAC on
/// `pods/proxy`, the ID forms `name`, `name:port`, `scheme:name:port`, 404 for a pod that does not
/// exist, 503 for a port nothing listens on, and the handler's own answer otherwise.
@Suite(.serialized) struct PodProxyTests {
    private func serverWithPod() throws -> (EmbeddedAPIServer, LoopbackClient) {
        let (server, client) = try startServer()
        try server.store.create(.pods, namespace: "demo", object: ["metadata": ["name": "flagger-abc"],
                                                                   "spec": ["containers": [["name": "flagger", "image": "flagger"]]]])
        server.proxy.register(namespace: "demo", pod: "flagger-abc", ports: ["8080", "http"]) { request in
            guard request.path == "/metrics" else { return ProxyResponse(status: 404, body: Data("404 page not found\n".utf8)) }
            return ProxyResponse(status: 200, body: Data("\(request.method) \(request.path)?\(request.query)".utf8))
        }
        return (server, client)
    }

    @Test func everyIDFormReachesThePodsHandler() async throws {
        let (server, client) = try serverWithPod()
        defer { server.stop() }
        for id in ["flagger-abc:8080", "flagger-abc:http", "http:flagger-abc:8080", "https:flagger-abc:http"] {
            let r = try await client.send(.GET, "/api/v1/namespaces/demo/pods/\(id)/proxy/metrics?x=1")
            #expect(r.status == 200, "\(id)")
            #expect(r.text == "GET /metrics?x=1", "\(id)")
        }
        // The handler's own 404 for a path it does not serve.
        let other = try await client.send(.GET, "/api/v1/namespaces/demo/pods/flagger-abc:8080/proxy/healthz")
        #expect(other.status == 404)
        #expect(other.text == "404 page not found\n")
    }

    @Test func aMissingPodIs404AndAPortNothingListensOnIs503() async throws {
        let (server, client) = try serverWithPod()
        defer { server.stop() }
        let missing = try await client.send(.GET, "/api/v1/namespaces/demo/pods/nothing:8080/proxy/metrics")
        #expect(missing.status == 404)
        #expect(missing.text.contains(#"pods \"nothing\" not found"#))
        // No port is port 80, where nothing listens; nor on 9090.
        for id in ["flagger-abc", "flagger-abc:9090"] {
            let refused = try await client.send(.GET, "/api/v1/namespaces/demo/pods/\(id)/proxy/metrics")
            #expect(refused.status == 503, "\(id)")
            #expect(refused.text.contains("connection refused"), "\(id)")
        }
        server.proxy.unregister(namespace: "demo", pod: "flagger-abc")
        #expect(try await client.send(.GET, "/api/v1/namespaces/demo/pods/flagger-abc:8080/proxy/metrics").status == 503)
    }

    @Test func rbacDecidesOnPodsProxy() async throws {
        let (server, client) = try serverWithPod()
        defer { server.stop() }
        let path = "/api/v1/namespaces/demo/pods/flagger-abc:8080/proxy/metrics"
        // The viewer may get everything, pods/proxy included; a user of `shop` only may not here.
        #expect(try await client.send(.GET, path, credential: .token(server.credentials.viewerToken)).status == 200)
        let shopViewer = try #require(server.credentials.users.first { $0.name == "shop-viewer" })
        let denied = try await client.send(.GET, path, credential: .token(shopViewer.token))
        #expect(denied.status == 403)
        #expect(denied.text.contains(#"cannot get resource \"pods/proxy\" in API group \"\" in the namespace \"demo\""#))
        // A POST through the proxy is `create` on pods/proxy: the viewer may not.
        #expect(try await client.send(.POST, path, credential: .token(server.credentials.viewerToken)).status == 403)
        server.faults.forbidNamespace("demo")
        #expect(try await client.send(.GET, path).status == 403)
    }

    @Test func discoveryListsPodsProxy() throws {
        #expect(Discovery.resourceList(group: "", version: "v1")?["resources"]?.arrayValue?
            .contains { $0["name"]?.stringValue == "pods/proxy" } == true)
    }
}
