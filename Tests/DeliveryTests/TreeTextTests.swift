import Foundation
import KubeModel
import Testing
@testable import Delivery

/// The pod lines of both trees (`get rollout`, `get canary`): the INFO column is
/// `ready:R/T` plus `,restarts:N` when N > 0 (reference argo-rollouts.md B.5).
@Suite struct TreeTextTests {
    /// The line of `pod` in `text`, its trailing spaces trimmed.
    func line(_ text: String, _ pod: String) -> String? {
        text.split(separator: "\n").first { $0.contains(" \(pod) ") || $0.hasSuffix(" \(pod)") }.map(String.init)
    }

    /// Issue 21, survivor 8: restarts show from the first one, summed over containers.
    @Test(arguments: [([Int32](), "ready:1/1"), ([0], "ready:1/1"), ([1], "ready:1/1,restarts:1"), ([2], "ready:1/1,restarts:2"),
                      ([1, 3], "ready:2/2,restarts:4")])
    func rolloutPodRestarts(_ counts: [Int32], _ info: String) throws {
        var set = try Fixtures.scenario("canary")
        let i = try #require(set.pods.firstIndex { $0.metadata.name == "canary-demo-877894d5b-6jfpt" })
        if !counts.isEmpty {
            set.pods[i].spec.containers = counts.indices.map { Container(name: "c\($0)") }
            set.pods[i].status.containerStatuses = counts.enumerated().map { n, count in
                ContainerStatus(name: "c\(n)", ready: true, restartCount: count, state: .init(running: .init()))
            }
        }
        let rollout = try #require(set.rollout(named: "canary-demo", namespace: nil))
        let text = RolloutText.rollout(RolloutInfo(rollout, objects: set), now: Fixtures.now)
        let podLine = try #require(line(text, "canary-demo-877894d5b-6jfpt"))
        #expect(podLine.hasSuffix("  \(info)"), "\(podLine)")
        // The other pods keep their own column.
        #expect(line(text, "canary-demo-877894d5b-7jmqw")?.hasSuffix("  ready:1/1") == true)
    }

    @Test(arguments: [(Int32(0), "ready:1/1"), (1, "ready:1/1,restarts:1"), (5, "ready:1/1,restarts:5")])
    func canaryPodRestarts(_ count: Int32, _ info: String) throws {
        let ns = "apps"
        let c = Canary(metadata: ObjectMeta(name: "web", namespace: ns), spec: .init(targetRef: .init(kind: "Deployment", name: "web")),
                       status: .init(phase: "Progressing"))
        let deployment = Deployment(metadata: ObjectMeta(name: "web", namespace: ns),
                                    spec: .init(replicas: 1, selector: LabelSelector(matchLabels: ["app": "web"])),
                                    status: .init(replicas: 1, updatedReplicas: 1, readyReplicas: 1, availableReplicas: 1))
        let pod = Pod(metadata: ObjectMeta(name: "web-1", namespace: ns, labels: ["app": "web"]),
                      spec: PodSpec(containers: [Container(name: "app")]),
                      status: .init(phase: "Running", containerStatuses: [ContainerStatus(ready: true, restartCount: count, state: .init(running: .init()))]))
        let text = CanaryText.canary(CanaryInfo(c, objects: ObjectSet(pods: [pod], deployments: [deployment])), now: Fixtures.now)
        let podLine = try #require(line(text, "web-1"))
        #expect(podLine.hasSuffix("  \(info)"), "\(podLine)")
    }
}
