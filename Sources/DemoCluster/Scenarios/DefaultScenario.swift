import APIServer
import Foundation
import JSONValue
import KubeModel

/// The default demo: four namespaces with Argo Rollouts, Flagger Canaries and plain Deployments
/// in every state an operator meets, the guide's two examples among them. Everything starts healthy at revision 1;
/// cues then release new versions (and abort one, as an operator would) so that each object
/// settles into its state within seconds, and new releases keep arriving on the cycling ones.
struct DefaultScenario {
    static let colors = ["blue", "green", "yellow", "orange", "purple", "red"]
    static let podinfoVersions = ["6.7.0", "6.7.1", "6.8.0", "6.9.0"]
    static let demoImage = "argoproj/rollouts-demo:blue"
    static let podinfoImage = "ghcr.io/stefanprodan/podinfo:6.7.0"

    let store: ObjectStore
    let director: ScenarioDirector
    let release: Release
    /// The custom resource groups installed: the objects of a tool that is not are left out.
    var groups: Set<String> = Set(ServedGroups.custom)

    /// Namespaces this scenario creates, and the namespaces with a flagger-loadtester.
    static let namespaces = ["shop", "web", "training-development", "podinfo"]
    static let loadTesterNamespaces = ["training-development", "podinfo"]

    func apply() throws {
        for ns in Self.namespaces { try store.create(.namespaces, namespace: nil, object: Manifests.namespace(ns)) }
        if groups.contains(ResourceType.rollouts.group) {
            try shop()
            try web()
        }
        try PlainDeployments(store: store, director: director, release: release).apply()
        guard groups.contains(ResourceType.canaries.group) else { return }
        try kit.installFlagger()
        for ns in Self.loadTesterNamespaces {
            let lt = Manifests.loadTester()
            try store.create(.deployments, namespace: ns, object: lt.deployment)
            try store.create(.services, namespace: ns, object: lt.service)
        }
        try trainingDevelopment()
        try podinfo()
    }

    private var kit: ScenarioKit { ScenarioKit(store: store, director: director, release: release) }

    private func shop() throws {
        let ns = "shop"
        try kit.create(.analysisTemplates, ns, Manifests.analysisTemplate("success-rate", metric: "success-rate"))
        let analysis = { (service: String) in Manifests.analysisStep("success-rate", service: service) }
        var checkout = Manifests.canaryRollout("checkout", image: Self.demoImage, steps: [
            ["setWeight": 20], ["pause": ["duration": "30s"]], analysis("checkout"),
            ["setWeight": 50], ["pause": ["duration": "30s"]], ["setWeight": 80], ["pause": ["duration": "20s"]],
        ])
        checkout[path: ["spec", "strategy", "canary", "trafficRouting"]] = ["nginx": ["stableIngress": "checkout"]]
        try kit.canaryRollout(ns, checkout)
        kit.releaseWhenReady(.rollouts, ns, "checkout", image: "argoproj/rollouts-demo:green")
        director.cycle(.rollouts, ns, "checkout", palette: Self.colors)

        try kit.canaryRollout(ns, Manifests.canaryRollout("cart", image: Self.demoImage, steps: [
            ["setWeight": 25], ["pause": [:]], ["setWeight": 50], ["pause": ["duration": "1m"]],
        ]))
        kit.releaseWhenReady(.rollouts, ns, "cart", image: "argoproj/rollouts-demo:green")

        try kit.canaryRollout(ns, Manifests.canaryRollout("payments", image: Self.demoImage, steps: [
            ["setWeight": 20], analysis("payments"), ["setWeight": 60], ["pause": [:]],
        ], annotations: [AnalysisOutcome.annotation: "Failed"]))
        kit.releaseWhenReady(.rollouts, ns, "payments", image: "argoproj/rollouts-demo:yellow")

        try kit.canaryRollout(ns, Manifests.canaryRollout("catalog", image: Self.demoImage, replicas: 4, steps: [
            ["setWeight": 50], ["pause": ["duration": "20s"]],
        ]))
        director.cycle(.rollouts, ns, "catalog", palette: Self.colors)

        try kit.canaryRollout(ns, Manifests.canaryRollout("search", image: Self.demoImage, replicas: 3, steps: [
            ["setWeight": 34], ["pause": [:]],
        ], progressDeadlineSeconds: 60))
        kit.releaseWhenReady(.rollouts, ns, "search", image: "argoproj/rollouts-demo:does-not-exist")

        try kit.canaryRollout(ns, Manifests.canaryRollout("recommendations", image: Self.demoImage, replicas: 4, steps: [
            ["setWeight": 50], ["pause": [:]],
        ]))
        kit.releaseWhenReady(.rollouts, ns, "recommendations", image: "argoproj/rollouts-demo:orange")
        let store = self.store
        director.cue(.rollouts, ns, "recommendations", .phase("Paused") { object in
            _ = try? store.patch(.rollouts, namespace: object.namespace, name: object.name, type: .merge,
                                 patch: ["status": ["abort": true]], subresource: "status")
        })

        try kit.canaryRollout(ns, Manifests.canaryRollout("reviews", image: Self.demoImage, replicas: 3, steps: [
            ["setWeight": 34], analysis("reviews"), ["setWeight": 67],
        ], annotations: [AnalysisOutcome.annotation: "Inconclusive"]))
        kit.releaseWhenReady(.rollouts, ns, "reviews", image: "argoproj/rollouts-demo:purple")

        try kit.canaryRollout(ns, Manifests.canaryRollout("inventory", image: Self.demoImage, replicas: 3, steps: [
            ["setWeight": 34],
            ["experiment": ["duration": "2m", "templates": [["name": "baseline", "specRef": "stable", "replicas": 1],
                                                            ["name": "candidate", "specRef": "canary", "replicas": 1]]]],
            ["setWeight": 67], ["pause": [:]],
        ]))
        kit.releaseWhenReady(.rollouts, ns, "inventory", image: "argoproj/rollouts-demo:red")
    }

    private func web() throws {
        let ns = "web"
        try kit.create(.analysisTemplates, ns, Manifests.analysisTemplate("smoke-tests", metric: "smoke", count: 2))
        try kit.blueGreenRollout(ns, Manifests.blueGreenRollout("frontend", image: Self.demoImage, blueGreen: [
            "autoPromotionEnabled": false, "previewReplicaCount": 2,
        ]))
        kit.releaseWhenReady(.rollouts, ns, "frontend", image: "argoproj/rollouts-demo:green")

        try kit.blueGreenRollout(ns, Manifests.blueGreenRollout("admin", image: Self.demoImage, replicas: 2, blueGreen: [
            "autoPromotionSeconds": 120, "scaleDownDelaySeconds": 60,
        ]))
        kit.releaseWhenReady(.rollouts, ns, "admin", image: "argoproj/rollouts-demo:yellow")
        director.cycle(.rollouts, ns, "admin", palette: Self.colors)

        let smoke: JSON = ["templates": [["templateName": "smoke-tests"]], "args": [["name": "service-name", "value": "docs"]]]
        try kit.blueGreenRollout(ns, Manifests.blueGreenRollout("docs", image: Self.demoImage, replicas: 2, blueGreen: [
            "prePromotionAnalysis": smoke, "postPromotionAnalysis": smoke, "scaleDownDelaySeconds": 30,
        ]))
        director.cycle(.rollouts, ns, "docs", palette: Self.colors)

        try kit.canaryRollout(ns, Manifests.canaryRollout("worker", image: Self.demoImage, replicas: 2, steps: [
            ["setWeight": 50], ["pause": [:]],
        ], progressDeadlineSeconds: 90))
        kit.releaseWhenReady(.rollouts, ns, "worker", image: "argoproj/rollouts-demo:orange", crash: true)

        // The guide's workloadRef example: the Deployment it adopts, scaled to zero as the
        // Rollout takes over its pods (`scaleDown` handled by the operator), then a new image.
        try kit.create(.deployments, ns, Manifests.deployment("rollouts-demo", image: Self.demoImage, replicas: 0))
        try kit.create(.services, ns, Manifests.service("rollouts-demo", app: "rollouts-demo"))
        try kit.create(.rollouts, ns, GuideExamples.workloadRefRollout)
        kit.releaseWhenReady(.rollouts, ns, "rollouts-demo-rollout", image: "argoproj/rollouts-demo:green")
    }

    private func trainingDevelopment() throws {
        let ns = "training-development"
        try kit.create(.deployments, ns, Manifests.deployment("api-gateway", image: "registry.example.com/training/api-gateway:1.4.2", replicas: 2))
        try kit.create(.canaries, ns, GuideExamples.apiGatewayCanary)
        kit.releaseWhenReady(.canaries, ns, "api-gateway", image: "registry.example.com/training/api-gateway:1.5.0")
    }

    private func podinfo() throws {
        let ns = "podinfo"
        let gate = { (type: String, path: String) -> JSON in
            ["name": .string(type), "type": .string(type), "url": .string("http://flagger-loadtester.podinfo/\(path)")]
        }
        let load: JSON = ["name": "load-test", "type": "rollout", "url": "http://flagger-loadtester.podinfo/",
                          "metadata": ["cmd": "hey -z 1m -q 10 -c 2 http://podinfo-canary.podinfo/"]]
        let metrics: JSON = [["name": "request-success-rate", "thresholdRange": ["min": 99], "interval": "1m"],
                             ["name": "request-duration", "thresholdRange": ["max": 500], "interval": "1m"]]
        let flagger: [(String, String, JSON, JSON)] = [
            ("podinfo", "istio", ["interval": "15s", "threshold": 5, "maxWeight": 50, "stepWeight": 10, "metrics": metrics,
                                  "webhooks": [gate("confirm-promotion", "gate/approve"), load]], [:]),
            ("podinfo-ab", "istio", ["interval": "15s", "threshold": 5, "iterations": 10, "metrics": metrics,
                                     "match": [["headers": ["x-canary": ["exact": "insider"]]]],
                                     "webhooks": [load]], [:]),
            ("podinfo-bg", "kubernetes", ["interval": "10s", "threshold": 3, "iterations": 6, "metrics": metrics,
                                          "webhooks": [gate("confirm-promotion", "gate/check"), gate("rollback", "rollback/check")]], [:]),
            ("podinfo-legacy", "linkerd", ["interval": "20s", "threshold": 3, "stepWeights": [5, 10, 25, 50], "metrics": metrics],
             [AnalysisOutcome.annotation: "Failed"]),
        ]
        for (name, provider, analysis, annotations) in flagger {
            try kit.create(.deployments, ns, Manifests.deployment(name, image: Self.podinfoImage, replicas: 2))
            try kit.create(.canaries, ns, Manifests.canary(name, provider: provider, analysis: analysis, annotations: annotations))
            kit.releaseWhenReady(.canaries, ns, name, image: "ghcr.io/stefanprodan/podinfo:6.7.1")
        }
        director.cycle(.canaries, ns, "podinfo", palette: Self.podinfoVersions)
        director.cycle(.canaries, ns, "podinfo-ab", palette: Self.podinfoVersions)
    }
}
