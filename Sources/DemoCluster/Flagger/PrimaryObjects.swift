import JSONValue

/// The objects Flagger makes for a Canary: the `TARGET-primary` Deployment (the target's pod
/// template with `app: TARGET-primary`) and the ClusterIP Services `NAME`, `NAME-primary` and
/// `NAME-canary`, all owned by the Canary.
enum PrimaryObjects {
    static func primaryName(_ target: String) -> String { "\(target)-primary" }

    /// The target's pod template relabelled for the primary.
    static func primaryTemplate(from target: JSON) -> JSON {
        var template = target[path: ["spec", "template"]] ?? [:]
        template[path: ["metadata", "labels", "app"]] = .string(primaryName(target.name))
        return template
    }

    static func primaryDeployment(canary: JSON, target: JSON) -> JSON {
        let name = primaryName(target.name)
        return [
            "apiVersion": "apps/v1", "kind": "Deployment",
            "metadata": ["name": .string(name), "namespace": .string(target.namespace),
                         "labels": ["app": .string(name)],
                         "ownerReferences": [JSON.controllerReference(to: canary)]],
            "spec": ["replicas": target[path: ["spec", "replicas"]] ?? 1,
                     "selector": ["matchLabels": ["app": .string(name)]],
                     "strategy": ["type": "RollingUpdate", "rollingUpdate": ["maxSurge": "25%", "maxUnavailable": "25%"]],
                     "template": primaryTemplate(from: target)],
        ]
    }

    static func services(canary: JSON, target: JSON) -> [JSON] {
        let base = canary[path: ["spec", "service", "name"]]?.stringValue ?? target.name
        let port = canary[path: ["spec", "service", "port"]] ?? 80
        let targetPort = canary[path: ["spec", "service", "targetPort"]] ?? port
        return [(base, primaryName(target.name)), ("\(base)-primary", primaryName(target.name)), ("\(base)-canary", target.name)]
            .map { name, app in
                ["apiVersion": "v1", "kind": "Service",
                 "metadata": ["name": .string(name), "namespace": .string(canary.namespace),
                              "labels": ["app": .string(name)],
                              "ownerReferences": [JSON.controllerReference(to: canary)]],
                 "spec": ["type": "ClusterIP", "selector": ["app": .string(app)],
                          "ports": [["name": "http", "port": port, "protocol": "TCP", "targetPort": targetPort]]]]
            }
    }
}
