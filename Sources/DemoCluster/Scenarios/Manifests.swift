import JSONValue

/// Builders of the manifests the scenarios apply: pod templates with what production pods carry
/// (ports, env, resources, probes, security context), Rollouts of either strategy, Services,
/// AnalysisTemplates, Deployments, Canaries.
enum Manifests {
    static func namespace(_ name: String) -> JSON {
        ["apiVersion": "v1", "kind": "Namespace", "metadata": ["name": .string(name),
                                                             "labels": ["kubernetes.io/metadata.name": .string(name)]]]
    }

    static func podTemplate(app: String, image: String, annotations: JSON = [:]) -> JSON {
        var metadata: JSON = ["labels": ["app": .string(app), "app.kubernetes.io/name": .string(app),
                                         "app.kubernetes.io/part-of": "rollscope-demo"]]
        if annotations != [:] { metadata["annotations"] = annotations }
        let probe: (String) -> JSON = { path in
            ["httpGet": ["path": .string(path), "port": "http", "scheme": "HTTP"], "initialDelaySeconds": 2,
             "periodSeconds": 5, "timeoutSeconds": 1, "successThreshold": 1, "failureThreshold": 3]
        }
        let container: JSON = [
            "name": .string(app), "image": .string(image), "imagePullPolicy": "IfNotPresent",
            "ports": [["name": "http", "containerPort": 8080, "protocol": "TCP"],
                      ["name": "metrics", "containerPort": 9090, "protocol": "TCP"]],
            "env": [["name": "APP_NAME", "value": .string(app)],
                    ["name": "LOG_LEVEL", "value": "info"],
                    ["name": "POD_NAME", "valueFrom": ["fieldRef": ["apiVersion": "v1", "fieldPath": "metadata.name"]]],
                    ["name": "POD_NAMESPACE", "valueFrom": ["fieldRef": ["apiVersion": "v1", "fieldPath": "metadata.namespace"]]]],
            "resources": ["requests": ["cpu": "50m", "memory": "64Mi"], "limits": ["cpu": "500m", "memory": "256Mi"]],
            "readinessProbe": probe("/readyz"), "livenessProbe": probe("/healthz"),
            "securityContext": ["allowPrivilegeEscalation": false, "readOnlyRootFilesystem": true, "runAsNonRoot": true,
                                "capabilities": ["drop": ["ALL"]]],
        ]
        return ["metadata": metadata, "spec": ["containers": [container]]]
    }

    static func canaryRollout(_ name: String, image: String, replicas: Int = 5, steps: [JSON],
                              annotations: JSON = [:], progressDeadlineSeconds: Int? = nil) -> JSON {
        var spec: JSON = ["replicas": .int(Int64(replicas)), "revisionHistoryLimit": 3,
                          "selector": ["matchLabels": ["app": .string(name)]],
                          "template": podTemplate(app: name, image: image),
                          "strategy": ["canary": ["canaryService": .string("\(name)-canary"), "stableService": .string(name),
                                                  "steps": .array(steps)]]]
        if let progressDeadlineSeconds { spec["progressDeadlineSeconds"] = .int(Int64(progressDeadlineSeconds)) }
        return rollout(name, annotations: annotations, spec: spec)
    }

    static func blueGreenRollout(_ name: String, image: String, replicas: Int = 3, blueGreen: JSON) -> JSON {
        var strategy = blueGreen
        strategy["activeService"] = .string(name)
        strategy["previewService"] = .string("\(name)-preview")
        return rollout(name, spec: ["replicas": .int(Int64(replicas)), "revisionHistoryLimit": 3,
                                    "selector": ["matchLabels": ["app": .string(name)]],
                                    "template": podTemplate(app: name, image: image),
                                    "strategy": ["blueGreen": strategy]])
    }

    static func rollout(_ name: String, annotations: JSON = [:], spec: JSON) -> JSON {
        var metadata: JSON = ["name": .string(name), "labels": ["app": .string(name)]]
        if annotations != [:] { metadata["annotations"] = annotations }
        return ["apiVersion": "argoproj.io/v1alpha1", "kind": "Rollout", "metadata": metadata, "spec": spec]
    }

    static func service(_ name: String, app: String) -> JSON {
        ["apiVersion": "v1", "kind": "Service", "metadata": ["name": .string(name), "labels": ["app": .string(app)]],
         "spec": ["type": "ClusterIP", "selector": ["app": .string(app)],
                  "ports": [["name": "http", "port": 80, "protocol": "TCP", "targetPort": "http"]]]]
    }

    static func analysisTemplate(_ name: String, metric: String, count: Int = 3) -> JSON {
        ["apiVersion": "argoproj.io/v1alpha1", "kind": "AnalysisTemplate", "metadata": ["name": .string(name)],
         "spec": ["args": [["name": "service-name"]],
                  "metrics": [["name": .string(metric), "interval": "10s", "count": .int(Int64(count)),
                               "successCondition": "result[0] >= 0.95", "failureLimit": 0,
                               "provider": ["prometheus": [
                                   "address": "http://prometheus.monitoring.svc:9090",
                                   "query": "sum(rate(http_requests_total{service=\"{{args.service-name}}\",code!~\"5..\"}[1m])) / sum(rate(http_requests_total{service=\"{{args.service-name}}\"}[1m]))",
                               ]]]]]]
    }

    static func deployment(_ name: String, image: String, replicas: Int) -> JSON {
        ["apiVersion": "apps/v1", "kind": "Deployment", "metadata": ["name": .string(name), "labels": ["app": .string(name)]],
         "spec": ["replicas": .int(Int64(replicas)), "selector": ["matchLabels": ["app": .string(name)]],
                  "template": podTemplate(app: name, image: image)]]
    }

    /// A Flagger Canary on `target`, with the given analysis block.
    static func canary(_ name: String, provider: String, analysis: JSON, annotations: JSON = [:]) -> JSON {
        var metadata: JSON = ["name": .string(name)]
        if annotations != [:] { metadata["annotations"] = annotations }
        return ["apiVersion": "flagger.app/v1beta1", "kind": "Canary", "metadata": metadata,
                "spec": ["provider": .string(provider),
                         "targetRef": ["apiVersion": "apps/v1", "kind": "Deployment", "name": .string(name)],
                         "progressDeadlineSeconds": 120,
                         "service": ["port": 80, "targetPort": 8080],
                         "analysis": analysis]]
    }

    /// A step analysis referencing one template.
    static func analysisStep(_ template: String, service: String) -> JSON {
        ["analysis": ["templates": [["templateName": .string(template)]],
                      "args": [["name": "service-name", "value": .string(service)]]]]
    }

    /// Flagger's pod as its Helm chart runs it: labelled `app.kubernetes.io/name: flagger` and
    /// `app.kubernetes.io/instance: flagger`, annotated for Prometheus, serving `/metrics` on
    /// container port 8080 (`http`); no Service. A bare Pod, started already (`startedStatus`):
    /// through a Deployment its ReplicaSet's pod would draw from the demo's seeded randomness and
    /// move every state a seed gives.
    static func flaggerPod() -> JSON {
        var pod = podTemplate(app: "flagger", image: "ghcr.io/fluxcd/flagger:\(FlaggerMetrics.version)")
        pod["apiVersion"] = "v1"
        pod["kind"] = "Pod"
        pod[path: ["metadata", "name"]] = "flagger"
        pod[path: ["metadata", "labels"]] = ["app.kubernetes.io/name": "flagger", "app.kubernetes.io/instance": "flagger"]
        pod[path: ["metadata", "annotations"]] = ["prometheus.io/scrape": "true", "prometheus.io/port": "8080"]
        var container = pod[path: ["spec", "containers"]]?.arrayValue?.first ?? [:]
        container["ports"] = [["name": "http", "containerPort": 8080, "protocol": "TCP"]]
        pod[path: ["spec", "containers"]] = [container]
        return pod
    }

    /// The status of a pod running since `started` (an RFC 3339 time), its containers ready.
    static func startedStatus(of pod: JSON, at started: JSON) -> JSON {
        let containers = pod[path: ["spec", "containers"]]?.arrayValue ?? []
        let conditions: [JSON] = ["Initialized", "Ready", "ContainersReady", "PodScheduled"].map {
            ["type": .string($0), "status": "True", "lastProbeTime": nil, "lastTransitionTime": started]
        }
        return ["phase": "Running", "startTime": started, "podIP": "10.244.0.9", "hostIP": "172.18.0.2", "qosClass": "Burstable",
                "conditions": .array(conditions),
                "containerStatuses": .array(containers.map {
                    ["name": $0["name"] ?? "", "image": $0["image"] ?? "", "ready": true, "started": true, "restartCount": 0,
                     "state": ["running": ["startedAt": started]]]
                })]
    }

    /// The flagger-loadtester Deployment and Service of a namespace.
    static func loadTester() -> (deployment: JSON, service: JSON) {
        (deployment("flagger-loadtester", image: "ghcr.io/fluxcd/flagger-loadtester:0.34.0", replicas: 1),
         service("flagger-loadtester", app: "flagger-loadtester"))
    }
}
