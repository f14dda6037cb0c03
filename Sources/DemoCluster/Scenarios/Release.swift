import APIServer
import JSONValue
import KubeModel

/// A new release of a workload, applied as a CI system or an operator would: a JSON patch of the
/// first container's image in the pod template of a Rollout or a plain Deployment, or of the
/// Deployment a Rollout references (workloadRef) or a Flagger Canary targets; optionally marking
/// the pods to crash.
struct Release {
    let store: ObjectStore

    /// Where the pod template of a Rollout, Canary or plain Deployment lives.
    func templateOwner(of object: JSON) -> (ResourceType, String) {
        if object["kind"]?.stringValue == "Deployment" { return (.deployments, object.name) }
        if let ref = object[path: ["spec", "workloadRef", "name"]]?.stringValue { return (.deployments, ref) }
        if let target = object[path: ["spec", "targetRef", "name"]]?.stringValue { return (.deployments, target) }
        return (.rollouts, object.name)
    }

    /// The first container's image of the object's pod template.
    func image(of object: JSON) -> String? {
        let (r, name) = templateOwner(of: object)
        let own = r == .rollouts || object["kind"]?.stringValue == "Deployment"
        let owner = own ? object : (try? store.get(r, namespace: object.namespace, name: name))?.json
        return owner?[path: ["spec", "template", "spec", "containers"]]?[0]?["image"]?.stringValue
    }

    @discardableResult
    func apply(to object: JSON, image: String, crash: Bool = false) -> Bool {
        let (r, name) = templateOwner(of: object)
        var ops: [JSON] = [["op": "replace", "path": "/spec/template/spec/containers/0/image", "value": .string(image)]]
        if crash {
            ops.append(["op": "add", "path": "/spec/template/metadata/annotations",
                        "value": [PodFault.annotation: "CrashLoopBackOff"]])
        }
        return (try? store.patch(r, namespace: object.namespace, name: name, type: .json, patch: .array(ops))) != nil
    }

    /// The image after `image` in `palette` (cycling), keeping the repository.
    static func next(after image: String, palette: [String]) -> String {
        let repository = image.split(separator: ":").first.map(String.init) ?? image
        let tag = image.split(separator: ":").dropFirst().first.map(String.init) ?? ""
        let i = palette.firstIndex(of: tag).map { ($0 + 1) % palette.count } ?? 0
        return "\(repository):\(palette[i])"
    }
}
