import JSONValue

/// The two manifests of the guide (`fixtures/seed/*.yaml`), embedded as JSON: the executable
/// cannot read the fixtures at run time. Content is verbatim, including the guide's stray empty
/// `analysis:` inside the Canary's `analysis` (null), which a real API server would prune.
enum GuideExamples {
    /// `argo-rollouts-demo-workloadref.yaml` (no namespace in the guide; the scenario applies it to `web`).
    static let workloadRefRollout: JSON = [
        "apiVersion": "argoproj.io/v1alpha1", "kind": "Rollout",
        "metadata": ["name": "rollouts-demo-rollout"],
        "spec": [
            "replicas": 5, "revisionHistoryLimit": 2,
            "selector": ["matchLabels": ["app": "rollouts-demo"]],
            "workloadRef": ["apiVersion": "apps/v1", "kind": "Deployment", "name": "rollouts-demo"],
            "strategy": ["blueGreen": ["activeService": "rollouts-demo", "autoPromotionEnabled": false]],
        ],
    ]

    /// `flagger-api-gateway-canary.yaml`.
    static let apiGatewayCanary: JSON = [
        "apiVersion": "flagger.app/v1beta1", "kind": "Canary",
        "metadata": ["name": "api-gateway", "namespace": "training-development"],
        "spec": [
            "provider": "kubernetes",
            "targetRef": ["apiVersion": "apps/v1", "kind": "Deployment", "name": "api-gateway"],
            "progressDeadlineSeconds": 60,
            "service": ["port": 8080, "portDiscovery": true],
            "analysis": [
                "interval": "5s", "threshold": 2, "iterations": 10, "analysis": nil,
                "webhooks": [
                    ["name": "ask for confirmation", "type": "confirm-rollout",
                     "url": "http://flagger-loadtester.training-development/gate/check"],
                    ["name": "notify", "type": "event", "url": "<GOOGLE_CHAT_URL>",
                     "metadata": ["text": "Ready for promotion"]],
                    ["name": "promote", "type": "confirm-promotion",
                     "url": "http://flagger-loadtester.training-development/gate/halt"],
                    ["name": "rollback", "type": "rollback",
                     "url": "http://flagger-loadtester.training-development/rollback/check"],
                ],
            ],
        ],
    ]
}
