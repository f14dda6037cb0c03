import APIServer
import JSONValue
import KubeModel

/// The default scenario's plain Deployments (namespace `web`), one in each state `kubectl rollout
/// status` tells apart: `landing` rolled out, `api` always rolling its next image one pod at a
/// time (maxSurge 1, maxUnavailable 0), `reports` paused with a new image waiting
/// (`kubectl rollout pause`, then a release), `billing` past its progress deadline (a release
/// whose image never pulls).
struct PlainDeployments {
    static let namespace = "web"
    static let palette = ["blue", "green", "yellow", "orange", "purple", "red"]
    static let image = "argoproj/rollouts-demo:blue"

    let store: ObjectStore
    let director: ScenarioDirector
    let release: Release

    func apply() throws {
        let ns = Self.namespace
        try store.create(.deployments, namespace: ns, object: Manifests.deployment("landing", image: Self.image, replicas: 3))

        var api = Manifests.deployment("api", image: Self.image, replicas: 6)
        api[path: ["spec", "strategy"]] = ["type": "RollingUpdate", "rollingUpdate": ["maxSurge": 1, "maxUnavailable": 0]]
        try store.create(.deployments, namespace: ns, object: api)
        keepRolling(ns, "api")

        try store.create(.deployments, namespace: ns, object: Manifests.deployment("reports", image: Self.image, replicas: 2))
        let store = self.store, release = self.release
        director.cue(.deployments, ns, "reports", .rolledOut { object in
            _ = try? store.patch(.deployments, namespace: object.namespace, name: object.name, type: .strategicMerge,
                                 patch: ["spec": ["paused": true]])
            release.apply(to: object, image: "argoproj/rollouts-demo:green")
        })

        var billing = Manifests.deployment("billing", image: Self.image, replicas: 3)
        billing[path: ["spec", "progressDeadlineSeconds"]] = 60
        try store.create(.deployments, namespace: ns, object: billing)
        director.cue(.deployments, ns, "billing", .rolledOut { object in
            release.apply(to: object, image: "argoproj/rollouts-demo:does-not-exist")
        })
    }

    /// Each time `name` has rolled out a template newer than generation `after`, release the
    /// next image of the palette (the next cue waits for a newer generation, so the object that
    /// fired one cue cannot fire the next).
    private func keepRolling(_ ns: String, _ name: String, after generation: Int64 = 0) {
        let director = self.director, release = self.release
        director.cue(.deployments, ns, name, .rolledOut(after: generation) { object in
            if let image = release.image(of: object) { release.apply(to: object, image: Release.next(after: image, palette: Self.palette)) }
            PlainDeployments(store: release.store, director: director, release: release).keepRolling(ns, name, after: object.generation)
        })
    }
}

extension ScenarioDirector.Cue {
    /// Once a Deployment has rolled out its current template (what `kubectl rollout status` waits
    /// for), that template being newer than generation `after`.
    static func rolledOut(after generation: Int64 = 0, _ action: @escaping @Sendable (JSON) -> Void) -> Self {
        Self(when: { d in
            guard d.generation > generation else { return false }
            let s = d["status"] ?? [:]
            let replicas = d[path: ["spec", "replicas"]]?.replicaCount ?? 1
            return (s["observedGeneration"]?.intValue ?? 0) >= d.generation && s["updatedReplicas"]?.countValue == replicas
                && s["replicas"]?.countValue == replicas && s["availableReplicas"]?.countValue == replicas
        }, action: action)
    }
}
