import APIServer
import JSONValue
import KubeModel

/// What the scenarios build with: objects created through the store, Rollouts with the Services
/// their strategy names, and cues releasing a new image once a workload is first ready.
struct ScenarioKit {
    let store: ObjectStore
    let director: ScenarioDirector
    let release: Release

    func create(_ r: ResourceType, _ ns: String, _ object: JSON) throws {
        try store.create(r, namespace: ns, object: object)
    }

    /// Where Flagger itself runs.
    static let flaggerNamespace = "flagger-system"

    /// Flagger's namespace and its running pod (`Manifests.flaggerPod`), whose `/metrics` the
    /// simulated Flagger serves through the pod proxy.
    func installFlagger() throws {
        let ns = Self.flaggerNamespace
        try store.create(.namespaces, namespace: nil, object: Manifests.namespace(ns))
        let pod = try store.create(.pods, namespace: ns, object: Manifests.flaggerPod()).json
        try store.patch(.pods, namespace: ns, name: pod.name, type: .merge,
                        patch: ["status": Manifests.startedStatus(of: pod, at: pod[path: ["metadata", "creationTimestamp"]] ?? nil)],
                        subresource: "status")
    }

    /// Creates a canary Rollout with its two Services.
    func canaryRollout(_ ns: String, _ rollout: JSON) throws {
        try create(.services, ns, Manifests.service(rollout.name, app: rollout.name))
        try create(.services, ns, Manifests.service("\(rollout.name)-canary", app: rollout.name))
        try create(.rollouts, ns, rollout)
    }

    /// Creates a blue/green Rollout with its active and preview Services.
    func blueGreenRollout(_ ns: String, _ rollout: JSON) throws {
        try create(.services, ns, Manifests.service(rollout.name, app: rollout.name))
        try create(.services, ns, Manifests.service("\(rollout.name)-preview", app: rollout.name))
        try create(.rollouts, ns, rollout)
    }

    /// Once `name` is first Healthy (Rollouts) or Initialized (Canaries), release `image`.
    func releaseWhenReady(_ r: ResourceType, _ ns: String, _ name: String, image: String, crash: Bool = false) {
        let release = self.release
        director.cue(r, ns, name, .phase(r == .rollouts ? "Healthy" : "Initialized") { object in
            release.apply(to: object, image: image, crash: crash)
        })
    }
}
