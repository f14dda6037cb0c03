import Foundation
import JSONValue
import KubeModel
import NIOHTTP1
import Testing
@testable import APIServer

/// `GET /api/v1/namespaces/NS/pods/NAME/log` as kube-apiserver serves it: each query option,
/// the errors (a container to choose, waiting to start, no previous instance, 404, 403), a
/// followed log streaming new lines until the container restarts, and the bounded buffer.
@Suite(.serialized) struct PodLogTests {
    static let base = "/api/v1/namespaces/demo/pods"

    /// A pod with `containers`, running unless `waiting` names why not.
    static func pod(_ name: String, containers: [String] = ["app"], waiting: String? = nil) -> JSON {
        let state: JSON = waiting.map { ["waiting": ["reason": .string($0)]] } ?? ["running": ["startedAt": "2026-01-01T00:00:00Z"]]
        return ["metadata": ["name": .string(name)],
                "spec": ["containers": .array(containers.map { ["name": .string($0), "image": "x"] })],
                "status": ["phase": waiting == nil ? "Running" : "Pending",
                           "containerStatuses": .array(containers.map { ["name": .string($0), "restartCount": 0, "state": state] })]]
    }

    static func serverWithPod(_ options: EmbeddedAPIServer.Options = .init()) throws -> (EmbeddedAPIServer, LoopbackClient) {
        let (server, client) = try startServer(options)
        try server.store.create(.pods, namespace: "demo", object: pod("web"))
        let t0 = Date(timeIntervalSince1970: 1_790_000_000)
        for i in 0..<10 {
            server.logs.append(namespace: "demo", pod: "web", container: "app", "line \(i)", at: t0.addingTimeInterval(Double(i)))
        }
        return (server, client)
    }

    @Test func servesTheWholeLogAsPlainText() async throws {
        let (server, client) = try Self.serverWithPod()
        defer { server.stop() }
        let r = try await client.send(.GET, Self.base + "/web/log")
        #expect(r.status == 200)
        #expect(r.headers.first(name: "Content-Type") == "text/plain")
        #expect(r.text == (0..<10).map { "line \($0)\n" }.joined())
    }

    @Test func tailLinesTimestampsLimitBytesAndContainer() async throws {
        let (server, client) = try Self.serverWithPod()
        defer { server.stop() }
        #expect(try await client.send(.GET, Self.base + "/web/log?tailLines=2").text == "line 8\nline 9\n")
        #expect(try await client.send(.GET, Self.base + "/web/log?tailLines=0").text == "")
        #expect(try await client.send(.GET, Self.base + "/web/log?tailLines=1&timestamps=true").text == "2026-09-21T14:13:29Z line 9\n")
        #expect(try await client.send(.GET, Self.base + "/web/log?limitBytes=10").text == "line 0\nlin")
        #expect(try await client.send(.GET, Self.base + "/web/log?container=app&tailLines=1").text == "line 9\n")
        let bad = try await client.send(.GET, Self.base + "/web/log?tailLines=-1")
        #expect(bad.status == 422)
    }

    @Test func sinceTimeAndSinceSecondsButNotBoth() async throws {
        let (server, client) = try Self.serverWithPod()
        defer { server.stop() }
        #expect(try await client.send(.GET, Self.base + "/web/log?sinceTime=2026-09-21T14:13:27Z").text == "line 7\nline 8\nline 9\n")
        // The lines are from 2026-09-21; a minute back from now is after all of them.
        #expect(try await client.send(.GET, Self.base + "/web/log?sinceSeconds=60").text == "")
        server.logs.append(namespace: "demo", pod: "web", container: "app", "fresh", at: Date())
        #expect(try await client.send(.GET, Self.base + "/web/log?sinceSeconds=60").text == "fresh\n")
        let both = try await client.send(.GET, Self.base + "/web/log?sinceSeconds=5&sinceTime=2026-09-21T14:13:27Z")
        #expect(both.status == 400)
        #expect(both.text.contains("at most one of sinceTime or sinceSeconds may be specified"))
    }

    @Test func errorsAsKubeAPIServerWordsThem() async throws {
        let (server, client) = try Self.serverWithPod()
        defer { server.stop() }
        try server.store.create(.pods, namespace: "demo", object: Self.pod("two", containers: ["app", "sidecar"]))
        try server.store.create(.pods, namespace: "demo", object: Self.pod("new", waiting: "ContainerCreating"))
        func expect(_ path: String, _ code: Int, _ message: String, sourceLocation: SourceLocation = #_sourceLocation) async throws {
            let r = try await client.send(.GET, Self.base + path)
            #expect(r.status == code, sourceLocation: sourceLocation)
            let status = try JSON(parsing: r.body)
            #expect(status["kind"]?.stringValue == "Status", sourceLocation: sourceLocation)
            #expect(status["message"]?.stringValue == message, sourceLocation: sourceLocation)
        }
        try await expect("/two/log", 400, "a container name must be specified for pod two, choose one of: [app sidecar]")
        try await expect("/web/log?container=db", 400, "container db is not valid for pod web")
        try await expect("/web/log?previous=true", 400, "previous terminated container \"app\" in pod \"web\" not found")
        try await expect("/new/log", 400, "container \"app\" in pod \"new\" is waiting to start: ContainerCreating")
        try await expect("/gone/log", 404, "pods \"gone\" not found")
    }

    @Test func pods_logIsAuthorizedAsItsOwnResource() async throws {
        let (server, client) = try Self.serverWithPod()
        defer { server.stop() }
        try server.store.create(.namespaces, namespace: nil, object: ["metadata": ["name": "shop"]])
        try server.store.create(.pods, namespace: "shop", object: Self.pod("web"))
        let viewer = try await client.send(.GET, Self.base + "/web/log", credential: .token(server.credentials.viewerToken))
        #expect(viewer.status == 200, "the viewer role may get pods/log")
        let promoter = try #require(server.credentials.narrow.first { $0.name == "cart-promoter" })
        let denied = try await client.send(.GET, "/api/v1/namespaces/shop/pods/web/log", credential: .token(promoter.token))
        #expect(denied.status == 403)
        #expect(denied.text.contains("cannot get resource \\\"pods/log\\\"") || denied.text.contains("pods/log"), "\(denied.text)")
    }

    @Test func aRestartKeepsThePreviousInstanceAndEndsTheFollow() async throws {
        let (server, client) = try Self.serverWithPod()
        defer { server.stop() }
        let (follow, channel) = try client.start(.GET, Self.base + "/web/log?follow=true&tailLines=1",
                                                 credential: .token(server.credentials.adminToken))
        defer { channel.close(promise: nil) }
        #expect(await follow.wait { $0.lines == ["line 9"] })
        #expect(server.logs.followerCount == 1)
        server.logs.append(namespace: "demo", pod: "web", container: "app", "line 10", at: Date())
        #expect(await follow.wait { $0.lines == ["line 9", "line 10"] }, "a followed log streams new lines")
        server.logs.restart(namespace: "demo", pod: "web", container: "app")
        #expect(await follow.wait { $0.ended }, "the follow ends when its container instance ends")
        #expect(server.logs.followerCount == 0)
        server.logs.append(namespace: "demo", pod: "web", container: "app", "new instance", at: Date())
        #expect(try await client.send(.GET, Self.base + "/web/log").text == "new instance\n")
        let previous = try await client.send(.GET, Self.base + "/web/log?previous=true&tailLines=2")
        #expect(previous.text == "line 9\nline 10\n")
    }

    @Test func aClientThatGoesAwayLeavesNoFollower() async throws {
        let (server, client) = try Self.serverWithPod()
        defer { server.stop() }
        let (follow, channel) = try client.start(.GET, Self.base + "/web/log?follow=true", credential: .token(server.credentials.adminToken))
        #expect(await follow.wait { $0.lines.count == 10 })
        #expect(server.logs.followerCount == 1)
        try await channel.close()
        #expect(await follow.wait(seconds: 10) { _ in server.logs.followerCount == 0 })
    }

    @Test func theBufferIsBoundedPerContainer() async throws {
        let (server, client) = try Self.serverWithPod(.init(logLinesPerContainer: 50))
        defer { server.stop() }
        for i in 0..<10_000 { server.logs.append(namespace: "demo", pod: "web", container: "app", "more \(i)", at: Date()) }
        #expect(server.logs.keptLines == 50)
        let text = try await client.send(.GET, Self.base + "/web/log").text
        #expect(text.hasPrefix("more 9950\n") && text.hasSuffix("more 9999\n"))
        server.logs.retain(pods: [])
        #expect(server.logs.keptLines == 0, "a deleted pod's logs go with it")
    }

    @Test func timestampsAreGoRFC3339Nano() {
        let t = Date(timeIntervalSince1970: 1_790_000_000.5)
        #expect(PodLogOptions.timestamp(t) == "2026-09-21T14:13:20.5Z")
        #expect(PodLogOptions.timestamp(Date(timeIntervalSince1970: 1_790_000_000)) == "2026-09-21T14:13:20Z")
    }
}
