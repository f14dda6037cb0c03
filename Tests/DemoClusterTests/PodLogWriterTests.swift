import Foundation
import JSONValue
import KubeModel
import Testing
@testable import APIServer
@testable import DemoCluster

/// The demo's pods write logs: a request line a second from each running container, more and
/// more 5xx lines from the canary of a release whose analysis fails, a crash-looping container's
/// previous instance kept (and its restarts counted), nothing kept of a deleted pod.
@Suite struct PodLogWriterTests {
    static func log(_ t: TestCluster, _ pod: JSON, previous: Bool = false) -> [String] {
        let container = pod[path: ["spec", "containers"]]?[0]?["name"]?.stringValue ?? ""
        let key = PodLogs.Key(namespace: pod.namespace, pod: pod.name, container: container)
        let bytes = t.server.logs.read(key, PodLogOptions(previous: previous), now: t.clock.now).bytes
        return String(decoding: bytes, as: UTF8.self).split(separator: "\n").map(String.init)
    }

    static func errors(_ lines: [String]) -> Int { lines.filter { $0.contains("level=error") }.count }

    @Test func aFailingCanaryLogsRisingErrorsAgainstItsStable() throws {
        let t = try TestCluster(scenario: .default, seed: 42, namespaces: [])
        func pods(_ canary: Bool) -> [JSON] {
            guard let rollout = try? t.get(.rollouts, "payments", ns: "shop"),
                  let stable = rollout[path: ["status", "stableRS"]]?.stringValue else { return [] }
            return ((try? t.list(.pods, ns: "shop")) ?? []).filter { pod in
                pod.name.hasPrefix("payments-") && pod[path: ["status", "containerStatuses"]]?[0]?[path: ["state", "running"]] != nil
                    && (pod.label("rollouts-pod-template-hash") != stable) == canary
            }
        }
        let ready = t.advance(until: { pods(true).contains { Self.log(t, $0).count >= 16 } }, limit: 300)
        #expect(ready, "the payments canary ran for 16 s")
        let canary = try #require(pods(true).first { Self.log(t, $0).count >= 16 })
        let lines = Self.log(t, canary)
        let stableLines = pods(false).flatMap { Self.log(t, $0) }
        #expect(stableLines.count >= 16)
        #expect(lines.allSatisfy { $0.hasPrefix("level=") })
        let early = Self.errors(Array(lines.prefix(8))), late = Self.errors(Array(lines.dropFirst(8).prefix(8)))
        #expect(late > early, "errors rise: \(early) then \(late)")
        #expect(Double(Self.errors(lines)) / Double(lines.count) > 4 * Double(Self.errors(stableLines)) / Double(stableLines.count))
    }

    @Test func aCrashLoopingPodHasAPreviousLogAndRestarts() throws {
        let t = try TestCluster(scenario: .default, seed: 42, namespaces: [])
        func crashing() -> [JSON] {
            ((try? t.list(.pods, ns: "web")) ?? []).filter {
                $0[path: ["status", "containerStatuses"]]?[0]?[path: ["state", "waiting", "reason"]]?.stringValue == "CrashLoopBackOff"
            }
        }
        #expect(t.advance(until: { crashing().contains { !Self.log(t, $0, previous: true).isEmpty } }, limit: 300))
        let pod = try #require(crashing().first)
        #expect(Self.log(t, pod, previous: true).contains { $0.hasPrefix("panic:") })
        let restarts = pod[path: ["status", "containerStatuses"]]?[0]?["restartCount"]?.intValue ?? 0
        t.advance(31)
        let again = try t.get(.pods, pod.name, ns: "web")
        #expect((again[path: ["status", "containerStatuses"]]?[0]?["restartCount"]?.intValue ?? 0) == restarts + 1)
        #expect(Self.log(t, again).first?.hasPrefix("level=info msg=\"starting") == true, "the new instance's log starts over")
    }

    @Test func theScaleScenarioWritesNoLogs() throws {
        let t = try TestCluster(scenario: .scale(namespaces: 1, rolloutsPerNamespace: 2, podsPerRollout: 2), namespaces: [])
        t.advance(30)
        #expect(t.store.count(.pods) > 0)
        #expect(t.server.logs.keptLines == 0)
    }
}
