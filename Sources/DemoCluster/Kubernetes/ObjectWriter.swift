import APIServer
import JSONValue
import KubeModel

/// The writes every simulated controller makes, all through the store's API with the same
/// semantics a real controller's client has (status through `/status` with optimistic
/// concurrency, spec changes as merge patches).
struct ObjectWriter {
    let store: ObjectStore

    /// Replaces `status` of `object` through the status subresource, guarded by the object's
    /// resourceVersion. Returns false on a conflict (the caller's queue will see the newer object)
    /// or when nothing changed is needed.
    @discardableResult
    func writeStatus(_ r: ResourceType, _ object: JSON, _ status: JSON) -> Bool {
        guard object["status"] != status else { return true }
        var next = object
        next["status"] = status
        do {
            try store.update(r, namespace: object.namespace, name: object.name, object: next, subresource: "status")
            return true
        } catch {
            return false
        }
    }

    /// Merge-patches the main resource.
    @discardableResult
    func patch(_ r: ResourceType, namespace: String, name: String, _ patch: JSON) -> JSON? {
        try? store.patch(r, namespace: namespace, name: name, type: .merge, patch: patch).json
    }

    /// Sets `spec.replicas` of a ReplicaSet or Deployment if it differs.
    func scale(_ r: ResourceType, _ object: JSON, to replicas: Int) {
        guard object[path: ["spec", "replicas"]]?.intValue != Int64(replicas) else { return }
        patch(r, namespace: object.namespace, name: object.name, ["spec": ["replicas": .int(Int64(replicas))]])
    }

    /// Objects of a kind in a namespace whose controller owner has `uid`.
    func owned(_ r: ResourceType, namespace: String, by uid: String) -> [JSON] {
        ((try? store.list(r, namespace: namespace).items) ?? []).map(\.json).filter { $0.controllerOwner?.uid == uid }
    }

    func get(_ r: ResourceType, namespace: String, name: String) -> JSON? {
        (try? store.get(r, namespace: namespace, name: name))?.json
    }

    func create(_ r: ResourceType, namespace: String, _ object: JSON) -> JSON? {
        try? store.create(r, namespace: namespace, object: object).json
    }
}
