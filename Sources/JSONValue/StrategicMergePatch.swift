extension JSON {
    /// The list fields of core and apps objects that strategic merge patch merges by a key
    /// rather than replacing (from the Kubernetes API's `patchMergeKey` tags). Lists not named
    /// here are replaced, as for a merge patch.
    public static let strategicMergeKeys: [String: String] = [
        "containers": "name", "initContainers": "name", "ephemeralContainers": "name",
        "env": "name", "volumes": "name", "volumeMounts": "mountPath", "ports": "containerPort",
        "imagePullSecrets": "name", "conditions": "type", "ownerReferences": "uid",
        "tolerations": "key", "hostAliases": "ip", "topologySpreadConstraints": "topologyKey",
    ]

    /// Applies a strategic merge patch as kube-apiserver does for built-in types: like a merge
    /// patch, except that the lists named in `strategicMergeKeys` are merged element by element
    /// on their merge key, and the directives `$patch: replace` / `$patch: delete` and
    /// `$setElementOrder/<list>` / `$deleteFromPrimitiveList/<list>` are honoured.
    public func applyingStrategicMergePatch(_ patch: JSON) -> JSON {
        guard case .object(let patchObject) = patch else { return patch }
        if patchObject["$patch"]?.stringValue == "replace" {
            var replaced = patchObject
            replaced["$patch"] = nil
            return .object(replaced)
        }
        var result: JSONObject
        if case .object(let o) = self { result = o } else { result = JSONObject() }
        for m in patchObject {
            if m.key == "$patch" || m.key.hasPrefix("$setElementOrder/") || m.key == "$retainKeys" { continue }
            if m.key.hasPrefix("$deleteFromPrimitiveList/") {
                let field = String(m.key.dropFirst("$deleteFromPrimitiveList/".count))
                if case .array(let current) = result[field] ?? .null, case .array(let drop) = m.value {
                    result[field] = .array(current.filter { !drop.contains($0) })
                }
                continue
            }
            if case .null = m.value { result[m.key] = nil; continue }
            if m.value["$patch"]?.stringValue == "delete" { result[m.key] = nil; continue }
            if let mergeKey = JSON.strategicMergeKeys[m.key], case .array(let patchItems) = m.value {
                result[m.key] = .array(JSON.mergeList(result[m.key]?.arrayValue ?? [], patchItems, key: mergeKey))
                continue
            }
            result[m.key] = (result[m.key] ?? .null).applyingStrategicMergePatch(m.value)
        }
        return .object(result)
    }

    private static func mergeList(_ current: [JSON], _ patch: [JSON], key: String) -> [JSON] {
        if patch.contains(where: { $0["$patch"]?.stringValue == "replace" }) {
            return patch.filter { $0["$patch"]?.stringValue != "replace" }
        }
        var items = current
        for p in patch {
            guard let k = p[key] else { items.append(p); continue }
            let index = items.firstIndex(where: { $0[key] == k })
            if p["$patch"]?.stringValue == "delete" {
                if let index { items.remove(at: index) }
            } else if let index {
                items[index] = items[index].applyingStrategicMergePatch(p)
            } else {
                items.append(JSON.null.applyingStrategicMergePatch(p))
            }
        }
        return items
    }
}
