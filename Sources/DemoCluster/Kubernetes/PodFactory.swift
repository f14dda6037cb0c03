import Foundation
import JSONValue

/// Builds Pods as the ReplicaSet controller, the scheduler and the admission chain leave them:
/// the owner's template plus every defaulted field (service account token volume, tolerations,
/// termination settings, node), and, once started, the status a kubelet reports. Objects come
/// out at the size of real ones (3-4 KB), which is what benchmarks need.
struct PodFactory {
    let random: DemoRandom
    static let nodes = ["demo-pool-a-7f9c2", "demo-pool-a-k3m8d", "demo-pool-b-q2w4x", "demo-pool-b-z8n5t"]

    /// A new Pending pod of `replicaSet` (scheduled: nodeName set, no status yet).
    func pod(for replicaSet: JSON) -> JSON {
        let template = replicaSet[path: ["spec", "template"]] ?? [:]
        let name = "\(replicaSet.name)-\(random.nameSuffix())"
        let token = "kube-api-access-\(random.nameSuffix())"
        var metadata: JSON = ["name": .string(name), "generateName": .string("\(replicaSet.name)-"),
                              "namespace": .string(replicaSet.namespace),
                              "labels": template[path: ["metadata", "labels"]] ?? [:]]
        if let annotations = template[path: ["metadata", "annotations"]] { metadata["annotations"] = annotations }
        metadata["ownerReferences"] = [JSON.controllerReference(to: replicaSet)]
        var spec = template["spec"] ?? [:]
        let containers = (spec["containers"]?.arrayValue ?? []).map { c -> JSON in
            var c = c
            if c["imagePullPolicy"] == nil { c["imagePullPolicy"] = "IfNotPresent" }
            c["terminationMessagePath"] = "/dev/termination-log"
            c["terminationMessagePolicy"] = "File"
            var mounts = c["volumeMounts"]?.arrayValue ?? []
            mounts.append(["name": .string(token), "mountPath": "/var/run/secrets/kubernetes.io/serviceaccount", "readOnly": true])
            c["volumeMounts"] = .array(mounts)
            return c
        }
        spec["containers"] = .array(containers)
        var volumes = spec["volumes"]?.arrayValue ?? []
        volumes.append(["name": .string(token), "projected": [
            "defaultMode": 420,
            "sources": [
                ["serviceAccountToken": ["expirationSeconds": 3607, "path": "token"]],
                ["configMap": ["name": "kube-root-ca.crt", "items": [["key": "ca.crt", "path": "ca.crt"]]]],
                ["downwardAPI": ["items": [["path": "namespace", "fieldRef": ["apiVersion": "v1", "fieldPath": "metadata.namespace"]]]]],
            ],
        ]])
        spec["volumes"] = .array(volumes)
        for (field, value) in [("dnsPolicy", JSON.string("ClusterFirst")), ("enableServiceLinks", true),
                                ("preemptionPolicy", "PreemptLowerPriority"), ("priority", 0),
                                ("restartPolicy", "Always"), ("schedulerName", "default-scheduler"),
                                ("securityContext", [:]), ("serviceAccount", "default"),
                                ("serviceAccountName", "default"), ("terminationGracePeriodSeconds", 30)]
        where spec[field] == nil {
            spec[field] = value
        }
        spec["nodeName"] = .string(random.pick(Self.nodes) ?? Self.nodes[0])
        spec["tolerations"] = [
            ["effect": "NoExecute", "key": "node.kubernetes.io/not-ready", "operator": "Exists", "tolerationSeconds": 300],
            ["effect": "NoExecute", "key": "node.kubernetes.io/unreachable", "operator": "Exists", "tolerationSeconds": 300],
        ]
        return ["apiVersion": "v1", "kind": "Pod", "metadata": metadata, "spec": spec]
    }

    /// The status a kubelet writes once the pod's containers were started (or failed to).
    func startedStatus(of pod: JSON, fault: PodFault?, at now: Date) -> JSON {
        let t = timestamp(now)
        let containers = pod[path: ["spec", "containers"]]?.arrayValue ?? []
        let ready = fault == nil
        let notReady = "containers with unready status: [\(containers.compactMap { $0["name"]?.stringValue }.joined(separator: " "))]"
        func condition(_ type: String, _ ok: Bool) -> JSON {
            var c: JSON = ["type": .string(type), "status": ok ? "True" : "False", "lastProbeTime": nil, "lastTransitionTime": t]
            if !ok {
                c["reason"] = "ContainersNotReady"
                c["message"] = .string(notReady)
            }
            return c
        }
        let statuses = containers.map { c -> JSON in
            let image = c["image"]?.stringValue ?? ""
            var s: JSON = ["name": c["name"] ?? "", "image": .string(image), "imageID": "",
                           "ready": .bool(ready), "restartCount": 0, "started": .bool(ready)]
            switch fault {
            case nil:
                s["imageID"] = .string("\(image.split(separator: ":").first ?? "")@sha256:\(random.hex(64))")
                s["containerID"] = .string("containerd://\(random.hex(64))")
                s["state"] = ["running": ["startedAt": t]]
                s["lastState"] = [:]
            case .imagePullBackOff:
                s["state"] = ["waiting": ["reason": "ImagePullBackOff",
                                          "message": .string("Back-off pulling image \"\(image)\"")]]
                s["lastState"] = [:]
            case .crashLoopBackOff:
                s["imageID"] = .string("\(image.split(separator: ":").first ?? "")@sha256:\(random.hex(64))")
                s["containerID"] = .string("containerd://\(random.hex(64))")
                s["restartCount"] = 3
                s["state"] = ["waiting": ["reason": "CrashLoopBackOff",
                                          "message": .string("back-off 40s restarting failed container=\(c["name"]?.stringValue ?? "") pod=\(pod.name)")]]
                s["lastState"] = ["terminated": ["exitCode": 1, "reason": "Error", "startedAt": t, "finishedAt": t,
                                                 "containerID": .string("containerd://\(random.hex(64))")]]
            }
            return s
        }
        let podIP = random.address(prefix: "10.244")
        let hostIP = random.address(prefix: "10.128")
        return [
            "phase": fault == .imagePullBackOff ? "Pending" : "Running",
            "conditions": [condition("PodReadyToStartContainers", true), condition("Initialized", true),
                           condition("Ready", ready), condition("ContainersReady", ready), condition("PodScheduled", true)],
            "hostIP": .string(hostIP), "hostIPs": [["ip": .string(hostIP)]],
            "podIP": .string(podIP), "podIPs": [["ip": .string(podIP)]],
            "startTime": t, "qosClass": "Burstable",
            "containerStatuses": .array(statuses),
        ]
    }
}

/// How a scenario makes a release's pods fail: an image whose tag is `does-not-exist` cannot be
/// pulled (as in the upstream fixtures); a template annotated `demo.rollscope.dev/fault:
/// CrashLoopBackOff` starts and keeps crashing.
enum PodFault: Equatable {
    case imagePullBackOff
    case crashLoopBackOff

    static let annotation = "demo.rollscope.dev/fault"

    init?(pod: JSON) {
        if pod.annotation(Self.annotation) == "CrashLoopBackOff" {
            self = .crashLoopBackOff
        } else if (pod[path: ["spec", "containers"]]?.arrayValue ?? []).contains(where: {
            $0["image"]?.stringValue?.hasSuffix(":does-not-exist") == true
        }) {
            self = .imagePullBackOff
        } else {
            return nil
        }
    }
}
