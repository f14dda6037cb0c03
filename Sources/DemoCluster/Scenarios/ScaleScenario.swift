import APIServer
import JSONValue
import KubeModel

/// The benchmark scenario: `namespaces` × `rolloutsPerNamespace` canary Rollouts of
/// `podsPerRollout` replicas each, with their Services and AnalysisTemplate; the controllers
/// create the ReplicaSets and realistic Pods (about 3.5 KB each once Running) as on a cluster.
struct ScaleScenario {
    let store: ObjectStore
    let namespaces: Int
    let rolloutsPerNamespace: Int
    let podsPerRollout: Int

    static func namespaceName(_ i: Int) -> String { "scale-\(String(format: "%03d", i))" }

    func apply() throws {
        for n in 0..<namespaces {
            let ns = Self.namespaceName(n)
            try store.create(.namespaces, namespace: nil, object: Manifests.namespace(ns))
            try store.create(.analysisTemplates, namespace: ns, object: Manifests.analysisTemplate("success-rate", metric: "success-rate"))
            for r in 0..<rolloutsPerNamespace {
                let name = "svc-\(String(format: "%04d", r))"
                try store.create(.services, namespace: ns, object: Manifests.service(name, app: name))
                try store.create(.rollouts, namespace: ns, object: Manifests.canaryRollout(
                    name, image: "argoproj/rollouts-demo:\(DefaultScenario.colors[r % DefaultScenario.colors.count])",
                    replicas: podsPerRollout,
                    steps: [["setWeight": 20], ["pause": ["duration": "1m"]], Manifests.analysisStep("success-rate", service: name),
                            ["setWeight": 60], ["pause": [:]]]))
            }
        }
    }
}
