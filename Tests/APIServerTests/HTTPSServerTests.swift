import Foundation
import JSONValue
import KubeModel
import NIOHTTP1
import Testing
@testable import APIServer

/// Starts a server on a free port with a `demo` namespace and the test's options.
func startServer(_ options: EmbeddedAPIServer.Options = .init()) throws -> (EmbeddedAPIServer, LoopbackClient) {
    let server = try EmbeddedAPIServer(options: options)
    try server.start()
    try server.store.create(.namespaces, namespace: nil, object: ["metadata": ["name": "demo"]])
    return (server, LoopbackClient(server))
}

@Suite(.serialized) struct HTTPSServerTests {
    @Test func unauthenticatedRequestsGet401() async throws {
        let (server, client) = try startServer()
        defer { server.stop() }
        let r = try await client.send(.GET, "/api/v1/namespaces", credential: LoopbackClient.Credential.none)
        #expect(r.status == 401)
        #expect(r.text == #"{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"Unauthorized","reason":"Unauthorized","code":401}"#)
        let bad = try await client.send(.GET, "/api/v1/namespaces", credential: .token("not-a-token"))
        #expect(bad.status == 401)
    }

    @Test func viewerMayReadButNotWrite() async throws {
        let (server, client) = try startServer()
        defer { server.stop() }
        let viewer = LoopbackClient.Credential.token(server.credentials.viewerToken)
        let list = try await client.send(.GET, "/apis/argoproj.io/v1alpha1/namespaces/demo/rollouts", credential: viewer)
        #expect(list.status == 200)
        let body = #"{"metadata":{"name":"r"},"spec":{}}"#
        let create = try await client.send(.POST, "/apis/argoproj.io/v1alpha1/namespaces/demo/rollouts", credential: viewer,
                                           contentType: "application/json", body: body)
        #expect(create.status == 403)
        let status = try JSONDecoder().decode(APIStatus.self, from: Data(create.body))
        #expect(status.reason == "Forbidden")
        #expect(status.message == #"rollouts.argoproj.io is forbidden: User "viewer" cannot create resource "rollouts" in API group "argoproj.io" in the namespace "demo""#)
        let created = try await client.send(.POST, "/apis/argoproj.io/v1alpha1/namespaces/demo/rollouts", contentType: "application/json", body: body)
        #expect(created.status == 201)
        let patch = try await client.send(.PATCH, "/apis/argoproj.io/v1alpha1/namespaces/demo/rollouts/r/status", credential: viewer,
                                          contentType: "application/merge-patch+json", body: #"{"status":{"abort":true}}"#)
        let denied = try JSONDecoder().decode(APIStatus.self, from: Data(patch.body))
        #expect(denied.message == #"rollouts.argoproj.io "r" is forbidden: User "viewer" cannot patch resource "rollouts/status" in API group "argoproj.io" in the namespace "demo""#)
    }

    @Test func clientCertificatesAuthenticate() async throws {
        let (server, client) = try startServer()
        defer { server.stop() }
        let admin = LoopbackClient.Credential.certificate(certPEM: server.credentials.adminCertPEM, keyPEM: server.credentials.adminKeyPEM)
        let created = try await client.send(.POST, "/api/v1/namespaces", credential: admin, contentType: "application/json",
                                            body: #"{"metadata":{"name":"by-cert"}}"#)
        #expect(created.status == 201)
        let viewer = LoopbackClient.Credential.certificate(certPEM: server.credentials.viewerCertPEM, keyPEM: server.credentials.viewerKeyPEM)
        let refused = try await client.send(.DELETE, "/api/v1/namespaces/by-cert", credential: viewer)
        #expect(refused.status == 403)
    }

    @Test func discoveryNamesShortNamesAndSubresources() async throws {
        let (server, client) = try startServer()
        defer { server.stop() }
        let argo = try JSON(parsing: try await client.send(.GET, "/apis/argoproj.io/v1alpha1").body)
        let resources = argo["resources"]?.arrayValue ?? []
        let rollouts = try #require(resources.first { $0["name"] == "rollouts" })
        #expect(rollouts["shortNames"] == ["ro"])
        #expect(rollouts["namespaced"] == true)
        #expect(resources.contains { $0["name"] == "rollouts/status" })
        let flagger = try JSON(parsing: try await client.send(.GET, "/apis/flagger.app/v1beta1").body)
        #expect(flagger["resources"]?[0]?["shortNames"] == ["canary"])
        let groups = try JSON(parsing: try await client.send(.GET, "/apis").body)
        #expect(groups["groups"]?.arrayValue?.compactMap { $0["name"]?.stringValue }
            == ["apps", "argoproj.io", "flagger.app", "authorization.k8s.io", "authentication.k8s.io"])
        let missing = try await client.send(.GET, "/apis/nope.io/v1/things")
        #expect(missing.status == 404)
    }

    @Test func watchStreamsOneObjectPerLineWithBookmarks() async throws {
        let (server, client) = try startServer(.init(bookmarkInterval: 0.1))
        defer { server.stop() }
        let start = server.store.resourceVersion
        let (watch, channel) = try client.start(.GET, "/apis/argoproj.io/v1alpha1/namespaces/demo/rollouts?watch=true&allowWatchBookmarks=true&resourceVersion=\(start)",
                                                credential: .token(server.credentials.adminToken))
        defer { channel.close(promise: nil) }
        await watch.wait { $0.status == 200 }
        #expect(watch.headers.first(name: "Content-Type") == "application/json")
        let big = String(repeating: "é✔", count: 20_000)
        for i in 0..<50 {
            try server.store.create(.rollouts, namespace: "demo", object: ["metadata": ["name": .string("r\(i)"), "annotations": ["big": .string(big)]], "spec": [:]])
        }
        #expect(await watch.wait(seconds: 10) { $0.lines.filter { $0.contains("\"ADDED\"") }.count == 50 })
        #expect(await watch.wait(seconds: 5) { $0.lines.contains { $0.hasPrefix(#"{"type":"BOOKMARK""#) } })
        for line in watch.lines {
            let event = try JSON(parsing: line)
            #expect(["ADDED", "BOOKMARK"].contains(event["type"]?.stringValue ?? ""))
        }
        #expect(watch.lines.filter { $0.contains("\"ADDED\"") }.map { try! JSON(parsing: $0)[path: ["object", "metadata", "name"]]!.stringValue! } == (0..<50).map { "r\($0)" })
    }

    /// Each event's line is written straight into every watcher's send buffer: two watchers of a
    /// burst of creates, status writes and deletes receive byte-identical bodies, every event
    /// whole and in order, each exactly the line the store's frame encodes.
    @Test func aBurstReachesTwoWatchersWholeInOrderAndByteIdentical() async throws {
        let (server, client) = try startServer()
        defer { server.stop() }
        let start = server.store.resourceVersion
        let uri = "/api/v1/namespaces/demo/pods?watch=true&resourceVersion=\(start)"
        let (first, firstChannel) = try client.start(.GET, uri, credential: .token(server.credentials.adminToken))
        let (second, secondChannel) = try client.start(.GET, uri, credential: .token(server.credentials.adminToken))
        defer { firstChannel.close(promise: nil); secondChannel.close(promise: nil) }
        await first.wait { $0.status == 200 }
        await second.wait { $0.status == 200 }
        let text = String(repeating: "\"quoted\" \\ é\n", count: 300)
        for i in 0..<100 {
            try server.store.create(.pods, namespace: "demo", object: ["metadata": ["name": .string("p\(i)"), "annotations": ["note": .string(text)]]])
            try server.store.update(.pods, namespace: "demo", name: "p\(i)", object: ["metadata": ["name": .string("p\(i)")], "status": ["phase": "Running"]],
                                    subresource: "status")
            if i % 10 == 0 { try server.store.delete(.pods, namespace: "demo", name: "p\(i)") }
        }
        let expected = FrameSink()
        try server.store.watch(.init(resource: .pods, namespace: "demo", resourceVersion: String(start))) { expected.add($0) }
        #expect(expected.events.count == 210)
        let lines = expected.all.flatMap(\.line)
        #expect(await first.wait(seconds: 20) { r in r.lock.withLock { r.byteCount } >= lines.count })
        #expect(await second.wait(seconds: 20) { r in r.lock.withLock { r.byteCount } >= lines.count })
        #expect(first.body == lines)
        #expect(second.body == lines)
    }

    @Test func watchFromACompactedVersionGets410Event() async throws {
        let (server, client) = try startServer(.init(historyLimit: 3))
        defer { server.stop() }
        for i in 0..<6 { try server.store.create(.pods, namespace: "demo", object: ["metadata": ["name": .string("p\(i)")]]) }
        let r = try await client.send(.GET, "/api/v1/namespaces/demo/pods?watch=1&resourceVersion=2")
        #expect(r.status == 200)
        #expect(r.lines.count == 1)
        let event = try JSON(parsing: r.lines[0])
        #expect(event["type"] == "ERROR")
        #expect(event[path: ["object", "code"]]?.intValue == 410)
        #expect(event[path: ["object", "reason"]] == "Expired")
    }

    @Test func streamingListNeedsNotOlderThan() async throws {
        let (server, client) = try startServer()
        defer { server.stop() }
        try server.store.create(.pods, namespace: "demo", object: ["metadata": ["name": "p"]])
        let bad = try await client.send(.GET, "/api/v1/pods?watch=1&sendInitialEvents=true&allowWatchBookmarks=true")
        #expect(bad.status == 422)
        let (ok, channel) = try client.start(.GET, "/api/v1/pods?watch=1&sendInitialEvents=true&resourceVersionMatch=NotOlderThan&allowWatchBookmarks=true",
                                             credential: .token(server.credentials.adminToken))
        defer { channel.close(promise: nil) }
        #expect(await ok.wait { $0.lines.count == 2 })
        #expect(ok.lines.first?.hasPrefix(#"{"type":"ADDED""#) == true)
        #expect(ok.lines.last?.contains(#""k8s.io/initial-events-end":"true""#) == true)
    }

    @Test func listsAsTablesForKubectl() async throws {
        let (server, client) = try startServer()
        defer { server.stop() }
        try server.store.create(.rollouts, namespace: "demo", object: ["metadata": ["name": "r"], "spec": ["replicas": 3]])
        let r = try await client.send(.GET, "/apis/argoproj.io/v1alpha1/rollouts?limit=500",
                                      accept: "application/json;as=Table;v=v1;g=meta.k8s.io,application/json")
        let table = try JSON(parsing: r.body)
        #expect(table["kind"] == "Table")
        #expect(table["columnDefinitions"]?.arrayValue?.compactMap { $0["name"]?.stringValue } == ["Name", "Desired", "Current", "Up-to-date", "Available", "Age"])
        #expect(table["rows"]?[0]?["cells"]?[0] == "r")
        #expect(table["rows"]?[0]?["cells"]?[1] == 3)
        #expect(table["rows"]?[0]?[path: ["object", "metadata", "namespace"]] == "demo")
    }

    @Test func serviceProxyReachesInProcessHandlers() async throws {
        let (server, client) = try startServer()
        defer { server.stop() }
        let path = "/api/v1/namespaces/demo/services/loadtester:80/proxy/gate/check"
        #expect(try await client.send(.POST, path).status == 404)
        try server.store.create(.services, namespace: "demo", object: ["metadata": ["name": "loadtester"], "spec": ["ports": [["name": "http", "port": 80]]]])
        let unavailable = try await client.send(.POST, path)
        #expect(unavailable.status == 503)
        #expect(unavailable.text.contains(#"no endpoints available for service \"loadtester\""#))
        server.proxy.register(namespace: "demo", service: "loadtester") { req in
            ProxyResponse(status: 200, body: Data("\(req.method) \(req.path) \(String(decoding: req.body, as: UTF8.self))".utf8))
        }
        let r = try await client.send(.POST, path, contentType: "application/json", body: #"{"name":"c","namespace":"demo"}"#)
        #expect(r.status == 200)
        #expect(r.text == #"POST /gate/check {"name":"c","namespace":"demo"}"#)
    }

    @Test func injectedFaultsAnswerAsConfigured() async throws {
        let (server, client) = try startServer()
        defer { server.stop() }
        server.faults.failNext(pathPrefix: "/api/v1/namespaces/demo/pods", code: 429, retryAfter: 3)
        let limited = try await client.send(.GET, "/api/v1/namespaces/demo/pods")
        #expect(limited.status == 429)
        #expect(limited.headers.first(name: "Retry-After") == "3")
        #expect(try await client.send(.GET, "/api/v1/namespaces/demo/pods").status == 200)
        server.faults.forbidNamespace("demo")
        let forbidden = try await client.send(.GET, "/api/v1/namespaces/demo/pods")
        #expect(forbidden.status == 403)
        #expect(try await client.send(.GET, "/api/v1/pods").status == 200)
        #expect(server.faults.requests.contains { $0.uri == "/api/v1/pods" && $0.user == "admin" })
    }
}
