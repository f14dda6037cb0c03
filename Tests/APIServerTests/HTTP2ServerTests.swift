import Foundation
import JSONValue
import KubeModel
import NIOHTTP1
import Testing
@testable import APIServer

/// The embedded server over HTTP/2 (ALPN `h2`): the same routes, auth, watches and faults as over
/// HTTP/1.1, each stream answered by the request handler an HTTP/1.1 connection has.
@Suite(.serialized) struct HTTP2ServerTests {
    @Test func aWatchOverH2DeliversEachEventAsItHappens() async throws {
        let (server, client) = try startServer()
        defer { server.stop() }
        let (watch, stream) = try client.start(.GET, "/api/v1/namespaces/demo/pods?watch=1", credential: .token(server.credentials.adminToken),
                                               http2: true)
        #expect(await watch.wait { r in r.lock.withLock { r.status } == 200 })
        #expect(server.negotiatedProtocols == ["h2"])
        #expect(watch.headers.first(name: "Content-Type") == "application/json")
        // One change at a time: each arrives before the next is made (flushed per event, not held back).
        for i in 0..<5 {
            try server.store.create(.pods, namespace: "demo", object: ["metadata": ["name": .string("p\(i)")]])
            #expect(await watch.wait { r in r.lock.withLock { r.newlineCount } == i + 1 }, "event \(i) arrived on its own")
        }
        #expect(watch.lines.map { $0.hasPrefix(#"{"type":"ADDED""#) } == Array(repeating: true, count: 5))
        // The client goes away (RST_STREAM): the server ends the watch.
        stream.close(promise: nil)
        #expect(await watch.wait { _ in server.store.watchCount == 0 && server.openWatchCount == 0 })
    }

    @Test func aClientWithoutALPNSpeaksHTTP1() async throws {
        let (server, client) = try startServer()
        defer { server.stop() }
        #expect(try await client.send(.GET, "/version").status == 200)
        #expect(server.negotiatedProtocols == ["http/1.1"])
        #expect(server.acceptedConnections == 1)
    }

    @Test func tokensAndClientCertificatesAuthenticateStreams() async throws {
        let (server, client) = try startServer()
        defer { server.stop() }
        #expect(try await client.send(.GET, "/api/v1/namespaces", credential: LoopbackClient.Credential.none, http2: true).status == 401)
        let viewer = LoopbackClient.Credential.certificate(certPEM: server.credentials.viewerCertPEM, keyPEM: server.credentials.viewerKeyPEM)
        #expect(try await client.send(.GET, "/api/v1/namespaces", credential: viewer, http2: true).status == 200)
        let refused = try await client.send(.POST, "/api/v1/namespaces", credential: viewer, contentType: "application/json",
                                            body: #"{"metadata":{"name":"x"}}"#, http2: true)
        #expect(refused.status == 403)
        let created = try await client.send(.POST, "/api/v1/namespaces", contentType: "application/json",
                                            body: #"{"metadata":{"name":"x"}}"#, http2: true)
        #expect(created.status == 201)
        #expect(server.faults.requests.map(\.user) == [nil, "viewer", "viewer", "admin"])
        #expect(server.negotiatedProtocols == ["h2", "h2", "h2", "h2"])
    }

    @Test func faultsActOnStreams() async throws {
        let (server, client) = try startServer()
        defer { server.stop() }
        // 5xx with Retry-After.
        server.faults.failNext(pathPrefix: "/api/v1/namespaces/demo/pods", code: 503, retryAfter: 2)
        let unavailable = try await client.send(.GET, "/api/v1/namespaces/demo/pods", http2: true)
        #expect(unavailable.status == 503)
        #expect(unavailable.headers.first(name: "Retry-After") == "2")
        // Slow: the answer waits.
        server.faults.stall(pathPrefix: "/version", seconds: 0.5)
        let started = Date()
        #expect(try await client.send(.GET, "/version", http2: true).status == 200)
        #expect(Date().timeIntervalSince(started) >= 0.5)
        // Dropped mid-line: half a line, then the stream is reset (the watch ends without its END_STREAM).
        let (dropped, _) = try client.start(.GET, "/api/v1/namespaces/demo/pods?watch=1", credential: .token(server.credentials.adminToken), http2: true)
        #expect(await dropped.wait { _ in server.openWatchCount == 1 })
        server.faults.dropWatches()
        #expect(await dropped.wait { r in r.lock.withLock { r.closed } })
        #expect(dropped.text.hasSuffix(#"{"type":"MODIF"#))
        #expect(!dropped.lock.withLock { dropped.ended })
        // Closed cleanly: END_STREAM.
        let (closed, _) = try client.start(.GET, "/api/v1/namespaces/demo/pods?watch=1", credential: .token(server.credentials.adminToken), http2: true)
        #expect(await closed.wait { _ in server.openWatchCount == 1 })
        server.faults.closeWatches()
        #expect(await closed.wait { r in r.lock.withLock { r.ended } })
        // The server stops: an open watch stream is closed with its connection.
        let (open, _) = try client.start(.GET, "/api/v1/namespaces/demo/pods?watch=1", credential: .token(server.credentials.adminToken), http2: true)
        #expect(await open.wait { _ in server.openWatchCount == 1 })
        server.stop()
        #expect(await open.wait { r in r.lock.withLock { r.closed } })
    }
}
