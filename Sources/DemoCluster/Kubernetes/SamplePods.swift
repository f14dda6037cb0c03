import Foundation
import JSONValue

/// Pods as the demo's ReplicaSet controller and kubelet leave them (a real spec with every
/// defaulted field, and a Running, Ready status), for benchmarks that need many realistic objects
/// without running a scenario.
public struct SamplePods: Sendable {
    private let factory: PodFactory

    public init(seed: UInt64) { factory = PodFactory(random: DemoRandom(seed: seed)) }

    /// The pod number `index` (ten per ReplicaSet), Running and Ready.
    public func pod(index: Int, namespace: String) -> JSON {
        let app = "app-\(index / 10)"
        let template = Manifests.canaryRollout(app, image: "argoproj/rollouts-demo:blue", steps: [])[path: ["spec", "template"]] ?? [:]
        let replicaSet: JSON = ["apiVersion": "apps/v1", "kind": "ReplicaSet",
                                "metadata": ["name": .string("\(app)-6d4f8b7c9"), "namespace": .string(namespace),
                                             "uid": .string(UUID().uuidString.lowercased())],
                                "spec": ["template": template]]
        var pod = factory.pod(for: replicaSet)
        pod[path: ["metadata", "name"]] = .string("\(app)-6d4f8b7c9-\(index)")
        pod["status"] = factory.startedStatus(of: pod, fault: nil, at: Date())
        return pod
    }
}
