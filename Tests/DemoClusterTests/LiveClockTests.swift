import Foundation
import JSONValue
import KubeModel
import Testing
@testable import APIServer
@testable import DemoCluster

/// The simulation on the live clock (a dispatch queue), as `rollscope --demo` runs it, sped up.
@Suite struct LiveClockTests {
    @Test func aRolloutComesUpOnTheLiveClock() async throws {
        let server = try EmbeddedAPIServer(options: .init(tls: false))
        let cluster = try DemoCluster(server: server, options: DemoOptions(scenario: .empty, seed: 1, speed: 20))
        defer { cluster.stop() }
        try cluster.start()
        try server.store.create(.namespaces, namespace: nil, object: ["metadata": ["name": "demo"]])
        try server.store.create(.rollouts, namespace: "demo", object: TestManifests.canary("live", replicas: 2, steps: [["setWeight": 50]]))
        var phase = ""
        for _ in 0..<200 where phase != "Healthy" {
            try await Task.sleep(nanoseconds: 50_000_000)
            phase = (try? server.store.get(.rollouts, namespace: "demo", name: "live"))?.json[path: ["status", "phase"]]?.stringValue ?? ""
        }
        #expect(phase == "Healthy")
        #expect(server.store.count(.pods) == 2)
    }

    @Test func stopEndsTheReactions() async throws {
        let server = try EmbeddedAPIServer(options: .init(tls: false))
        let cluster = try DemoCluster(server: server, options: DemoOptions(scenario: .empty, seed: 1, speed: 20))
        try cluster.start()
        cluster.stop()
        try server.store.create(.namespaces, namespace: nil, object: ["metadata": ["name": "demo"]])
        try server.store.create(.rollouts, namespace: "demo", object: TestManifests.canary("idle", replicas: 2, steps: []))
        try await Task.sleep(nanoseconds: 500_000_000)
        #expect(server.store.count(.replicaSets) == 0)
        #expect(server.store.watchCount == 0)
    }
}
