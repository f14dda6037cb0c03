import JSONValue
import KubeModel

/// One update or patch of a stored object, as kube-apiserver applies it: the request's change
/// (`transform`), then the status split (a status write keeps everything but `status`, a write
/// of the main resource keeps the stored `status`), the server-owned fields, the no-op rule,
/// validation, `generation` (moved by a change outside metadata and status only) and the new
/// resourceVersion. Pure: the store runs it under its lock and commits what it returns.
///
/// It decodes only the top-level members it needs (`members(_:)`: what the request
/// touches, plus metadata, status, apiVersion, kind and what validation reads) and copies the
/// others' text (`PartialJSONObject`), so a pod's status write neither decodes nor re-encodes its
/// spec; the text is byte for byte what decoding the whole object would give (`.all`).
struct ObjectEdit {
    /// The request's change, on the object as stored (the members it touches decoded).
    let transform: (JSON) throws(APIStatus) -> JSON
    /// The top-level members `transform` reads or writes (`.all` when that cannot be told).
    let touches: PartialJSONObject.Members
    /// The resourceVersion the request requires the stored object to have, if any.
    let precondition: String?

    /// A PUT of `body`: the body replaces the object, so only its own members are touched.
    static func update(_ body: JSON, precondition: String?) -> ObjectEdit {
        ObjectEdit(transform: { _ in body }, touches: .only(Set(body.objectValue?.keys ?? [])), precondition: precondition)
    }

    /// A PATCH of `type`.
    static func patch(_ type: APIRequest.PatchType, _ patch: JSON, precondition: String?) -> ObjectEdit {
        ObjectEdit(transform: { (current: JSON) throws(APIStatus) -> JSON in
            switch type {
            case .merge: return current.applyingMergePatch(patch)
            case .strategicMerge: return current.applyingStrategicMergePatch(patch)
            case .json:
                do { return try current.applyingJSONPatch(patch) } catch {
                    throw APIStatus(code: 422, reason: "Invalid", message: (error as? JSONPatchError)?.message ?? "\(error)")
                }
            }
        }, touches: touches(type, patch), precondition: precondition)
    }

    /// The top-level members a patch reads or writes: a merge patch's own members (a strategic
    /// one's too, unless it has a top-level directive, `$patch` and the like), a JSON patch's
    /// first path tokens (`path` and `from`); `.all` for anything else (a patch on the root).
    static func touches(_ type: APIRequest.PatchType, _ patch: JSON) -> PartialJSONObject.Members {
        switch type {
        case .merge, .strategicMerge:
            guard let keys = patch.objectValue?.keys, type == .merge || !keys.contains(where: { $0.hasPrefix("$") }) else { return .all }
            return .only(Set(keys))
        case .json:
            var keys: Set<String> = []
            for op in patch.arrayValue ?? [] {
                for field in ["path", "from"] {
                    guard let text = op[field]?.stringValue else { continue }
                    guard let first = (try? JSONPointer(text))?.tokens.first else { return .all }
                    keys.insert(first)
                }
            }
            return .only(keys)
        }
    }

    /// The members to decode for `r`: what the request touches and what the rules below read.
    func members(_ r: ResourceType) -> PartialJSONObject.Members {
        touches.union(Set(["metadata", "status", "apiVersion", "kind"] + ObjectValidation.counts(r).compactMap(\.first)))
    }

    /// The new version of `stored`, stamped `resourceVersion`, or nil when the edit changes nothing.
    /// `decoding` is `members(r)` (or `.all`: the same result, every member decoded).
    func apply(to stored: StoredObject, _ r: ResourceType, subresource: String?, name: String,
               resourceVersion: UInt64, decoding: PartialJSONObject.Members) throws(APIStatus) -> StoredObject? {
        let text = try stored.partial(decoding)
        let old = text.json
        var proposed = try transform(old)
        guard case .object = proposed else { throw APIErrors.badRequest("the result of the patch is not an object") }
        var next: JSON
        if subresource == "status" {
            next = old
            next["status"] = proposed["status"]
        } else {
            if r.subresources.contains("status") { proposed["status"] = old["status"] }
            next = proposed
            // Server-owned and immutable fields keep their stored values.
            for field in ["uid", "creationTimestamp", "name", "namespace", "generation", "resourceVersion"] {
                next[path: ["metadata", field]] = old[path: ["metadata", field]]
            }
            next["apiVersion"] = old["apiVersion"]
            next["kind"] = old["kind"]
        }
        if next == old { return nil }
        try ObjectValidation.validate(r, next, name: name)
        if ObjectStore.hasGeneration(r), ObjectStore.specChanged(old, next) {
            let generation = old[path: ["metadata", "generation"]]?.intValue ?? 0
            next[path: ["metadata", "generation"]] = .int(generation + 1)
        }
        next[path: ["metadata", "resourceVersion"]] = .string(String(resourceVersion))
        return StoredObject(json: next, text: text.serialized(next), resourceVersion: resourceVersion)
    }
}
