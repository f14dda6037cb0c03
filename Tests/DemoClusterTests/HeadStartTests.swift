import Foundation
import JSONValue
import KubeModel
import Testing
@testable import APIServer
@testable import DemoCluster

/// The demo opens with every state already reached: the default scenario is played forward on
/// virtual time before it is served, then runs on the wall clock, releases still arriving.
@Suite struct HeadStartTests {
    /// A wall clock that stands still unless moved, so playing forward plays exactly the head start.
    final class Wall: @unchecked Sendable {
        private let lock = NSLock()
        private var date = Date(timeIntervalSince1970: 1_790_000_000)
        var now: Date { lock.withLock { date } }
        func move(_ seconds: TimeInterval) { lock.withLock { date += seconds } }
    }

    @Test func theDefaultScenarioOpensWithEveryStateReached() throws {
        let wall = Wall()
        let clock = HeadStartClock(headStart: 120, wallClock: { wall.now })
        #expect(clock.now == wall.now.addingTimeInterval(-120))
        let server = try EmbeddedAPIServer(options: .init(tls: false), store: ObjectStore(clock: { clock.now }))
        let cluster = try DemoCluster(server: server, options: DemoOptions(seed: 42), clock: clock)
        try cluster.start()
        defer { cluster.stop() }
        #expect(try server.store.list(.rollouts, namespace: nil).items.allSatisfy { $0.json[path: ["status", "phase"]] == nil },
                "nothing has run yet")
        clock.playForward()
        #expect(clock.now == wall.now)
        func phase(_ r: ResourceType, _ ns: String, _ name: String) -> String? {
            (try? server.store.get(r, namespace: ns, name: name).json)?[path: ["status", "phase"]]?.stringValue
        }
        #expect(phase(.rollouts, "shop", "cart") == "Paused")
        #expect(phase(.rollouts, "shop", "reviews") == "Paused")
        #expect(phase(.rollouts, "web", "frontend") == "Paused")
        #expect(phase(.rollouts, "shop", "payments") == "Degraded")
        #expect(phase(.rollouts, "shop", "search") == "Degraded")
        #expect(phase(.rollouts, "web", "worker") == "Degraded")
        #expect(phase(.canaries, "training-development", "api-gateway") == "Waiting")
        #expect(phase(.canaries, "podinfo", "podinfo-bg") == "WaitingPromotion")
        #expect(phase(.canaries, "podinfo", "podinfo-legacy") == "Failed")
        #expect(phase(.canaries, "podinfo", "podinfo") == "Progressing")
        let created = try #require(try server.store.get(.rollouts, namespace: "shop", name: "cart").json[path: ["metadata", "creationTimestamp"]]?.stringValue)
        #expect(created == KubeTime.format(wall.now.addingTimeInterval(-120)), "objects were made when the head start began")

        // Live from here: work scheduled now runs on the wall clock.
        clock.goLive()
        #expect(clock.now == wall.now)
        let ran = NSLock()
        nonisolated(unsafe) var done = false
        clock.schedule(after: 0) { ran.withLock { done = true } }
        for _ in 0..<100 where !ran.withLock({ done }) { usleep(20_000) }
        #expect(ran.withLock { done })
    }

    @Test func aZeroHeadStartIsTheWallClock() {
        let wall = Wall()
        let clock = HeadStartClock(headStart: 0, wallClock: { wall.now })
        clock.playForward()
        clock.goLive()
        wall.move(5)
        #expect(clock.now == wall.now)
    }
}
