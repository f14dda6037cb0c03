import APIServer
import Foundation
import JSONValue
import KubeModel

/// One cluster of the demo fleet: the same applications in every cluster, each Rollout, Canary and
/// pod template labelled `app.kubernetes.io/name` as a Helm chart labels them, all starting
/// Healthy on their old revision, and one release of them
/// (`argoproj/rollouts-demo:blue` → `green`, podinfo 6.7.0 → 6.7.1) played to this cluster's
/// `stage`:
/// - `released`: released, and promoted where a step, a blue/green or a gate waits for someone
///   (as the operator who took it through staging did): every application Healthy on revision 2;
/// - `rollingOut`: released and left waiting: `shop/cart` paused at its indefinite pause (the
///   plugin's STEP 1/4), `web/frontend` paused before its cut-over, `podinfo/podinfo` at its
///   confirm-promotion gate, `shop/payments` failing its analysis (Degraded), `shop/checkout` through;
/// - `notStarted`: not released: every application on revision 1.
/// Where the release has not started, `checkout` is an older install: `shop-us/checkout-v2`, the
/// same `app.kubernetes.io/name: checkout` (matched by that label, not by namespace and name).
/// `shop/catalog` is not part of the release: it gets a new image every release interval in each
/// cluster, so every cluster's screen stays alive.
struct FleetRelease {
    let scenario: ScenarioKit
    let loadTesters: LoadTesterRegistry
    let stage: ReleaseStage

    static let namespaces = ["shop", "web", "podinfo"]
    /// The label every object of an application carries, the same in every cluster.
    static let appLabel = "app.kubernetes.io/name"
    static let oldImage = "argoproj/rollouts-demo:blue"
    static let newImage = "argoproj/rollouts-demo:green"
    static let oldPodinfo = "ghcr.io/stefanprodan/podinfo:6.7.0"
    static let newPodinfo = "ghcr.io/stefanprodan/podinfo:6.7.1"

    func apply() throws {
        for ns in Set(Self.namespaces + [Self.checkout(stage).namespace]).sorted() { try scenario.create(.namespaces, ns, Manifests.namespace(ns)) }
        try shop()
        try web()
        try podinfo()
        try scenario.installFlagger()
    }

    /// Where `checkout` lives at `stage`: `shop/checkout`, or `shop-us/checkout-v2` where the
    /// release has not started.
    static func checkout(_ stage: ReleaseStage) -> (namespace: String, name: String) {
        stage == .notStarted ? ("shop-us", "checkout-v2") : ("shop", "checkout")
    }

    /// `manifest` labelled as application `app` (its metadata and its pod template's).
    static func labelled(_ manifest: JSON, app: String) -> JSON {
        var labelled = manifest
        labelled[path: ["metadata", "labels", appLabel]] = .string(app)
        if manifest[path: ["spec", "template"]] != nil { labelled[path: ["spec", "template", "metadata", "labels", appLabel]] = .string(app) }
        return labelled
    }

    private func shop() throws {
        let ns = "shop"
        let (checkoutNamespace, checkoutName) = Self.checkout(stage)
        for templateNamespace in Set([ns, checkoutNamespace]) {
            try scenario.create(.analysisTemplates, templateNamespace, Manifests.analysisTemplate("success-rate", metric: "success-rate"))
        }
        let analysis = { (service: String) in Manifests.analysisStep("success-rate", service: service) }

        try scenario.canaryRollout(ns, Self.labelled(Manifests.canaryRollout("cart", image: Self.oldImage, steps: [
            ["setWeight": 25], ["pause": [:]], ["setWeight": 50], ["pause": ["duration": "30s"]],
        ]), app: "cart"))
        release(.rollouts, ns, "cart", image: Self.newImage)

        var checkout = Manifests.canaryRollout(checkoutName, image: Self.oldImage, steps: [
            ["setWeight": 20], ["pause": ["duration": "10s"]], analysis(checkoutName), ["setWeight": 50], ["pause": ["duration": "10s"]],
        ])
        checkout[path: ["spec", "strategy", "canary", "trafficRouting"]] = ["nginx": ["stableIngress": .string(checkoutName)]]
        try scenario.canaryRollout(checkoutNamespace, Self.labelled(checkout, app: "checkout"))
        release(.rollouts, checkoutNamespace, checkoutName, image: Self.newImage)

        let failing: JSON = stage == .rollingOut ? [AnalysisOutcome.annotation: "Failed"] : [:]
        try scenario.canaryRollout(ns, Self.labelled(Manifests.canaryRollout("payments", image: Self.oldImage, steps: [
            ["setWeight": 20], analysis("payments"), ["setWeight": 60], ["pause": ["duration": "10s"]],
        ], annotations: failing), app: "payments"))
        release(.rollouts, ns, "payments", image: Self.newImage)

        try scenario.canaryRollout(ns, Self.labelled(Manifests.canaryRollout("catalog", image: Self.oldImage, replicas: 4, steps: [
            ["setWeight": 50], ["pause": ["duration": "20s"]],
        ]), app: "catalog"))
        scenario.director.cycle(.rollouts, ns, "catalog", palette: DefaultScenario.colors)
    }

    private func web() throws {
        let ns = "web"
        try scenario.blueGreenRollout(ns, Self.labelled(Manifests.blueGreenRollout("frontend", image: Self.oldImage, replicas: 3, blueGreen: [
            "autoPromotionEnabled": false, "previewReplicaCount": 1,
        ]), app: "frontend"))
        release(.rollouts, ns, "frontend", image: Self.newImage)
    }

    private func podinfo() throws {
        let ns = "podinfo"
        let loadTester = Manifests.loadTester()
        try scenario.create(.deployments, ns, loadTester.deployment)
        try scenario.create(.services, ns, loadTester.service)
        let metrics: JSON = [["name": "request-success-rate", "thresholdRange": ["min": 99], "interval": "1m"],
                             ["name": "request-duration", "thresholdRange": ["max": 500], "interval": "1m"]]
        let gate: JSON = ["name": "confirm-promotion", "type": "confirm-promotion", "url": "http://flagger-loadtester.podinfo/gate/check"]
        try scenario.create(.deployments, ns, Self.labelled(Manifests.deployment("podinfo", image: Self.oldPodinfo, replicas: 2), app: "podinfo"))
        try scenario.create(.canaries, ns, Self.labelled(Manifests.canary("podinfo", provider: "istio", analysis: [
            "interval": "10s", "threshold": 5, "maxWeight": 60, "stepWeight": 20, "metrics": metrics, "webhooks": [gate],
        ]), app: "podinfo"))
        release(.canaries, ns, "podinfo", image: Self.newPodinfo)
    }

    /// Releases `image` to the workload once it is ready, unless the release has not reached this
    /// cluster; where it has gone through, also lets it past what waits for someone: a pause (the
    /// plugin's promote clears the pause conditions) or the loadtester's gate (opened, as
    /// `rollscope approve` opens it).
    private func release(_ r: ResourceType, _ ns: String, _ name: String, image: String) {
        guard stage != .notStarted else { return }
        scenario.releaseWhenReady(r, ns, name, image: image)
        guard stage == .released else { return }
        if r == .rollouts {
            let store = scenario.store
            scenario.director.cue(r, ns, name, .phase("Paused") { object in
                _ = try? store.patch(.rollouts, namespace: object.namespace, name: object.name, type: .merge,
                                     patch: ["status": ["pauseConditions": nil]], subresource: "status")
            })
        } else {
            let loadTesters = self.loadTesters
            scenario.director.cue(r, ns, name, .phase("WaitingPromotion") { object in
                let body: JSON = ["name": .string(object.name), "namespace": .string(object.namespace)]
                _ = loadTesters.loadTester(in: object.namespace)?.handle(method: "POST", path: "/gate/open", body: body.data)
            })
        }
    }
}
