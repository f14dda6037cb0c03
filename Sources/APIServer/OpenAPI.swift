import JSONValue
import KubeModel

/// The minimal OpenAPI v3 documents kubectl's `create -f` reads before it sends a create with
/// `fieldValidation=Strict`: per group/version, the `patch` operation of each kind carrying its
/// group-version-kind and a `fieldValidation` parameter (kubectl's query-param verifier checks
/// exactly that). No schemas are served: validation happens on the server, as kubectl asks.
enum OpenAPI {
    static func groupVersions() -> [(path: String, group: String, version: String)] {
        var seen: [(String, String, String)] = []
        for r in ResourceType.all where !seen.contains(where: { $0.1 == r.group && $0.2 == r.version }) {
            seen.append((String(r.groupVersionPath.dropFirst()), r.group, r.version))
        }
        return seen
    }

    /// The group versions `serving` says are served (a group without its CRDs has no document).
    static func root(serving: (String) -> Bool) -> JSON {
        var paths: JSON = [:]
        for gv in groupVersions() where serving(gv.group) {
            paths[gv.path] = ["serverRelativeURL": .string("/openapi/v3/\(gv.path)?hash=rollscope")]
        }
        return ["paths": paths]
    }

    /// The document of `api/v1` or `apis/G/V`, or nil.
    static func document(path: String, serving: (String) -> Bool) -> JSON? {
        guard let gv = groupVersions().first(where: { $0.path == path }), serving(gv.group) else { return nil }
        var paths: JSON = [:]
        let parameter: JSON = ["name": "fieldValidation", "in": "query", "schema": ["type": "string", "uniqueItems": true]]
        for r in ResourceType.all where r.group == gv.group && r.version == gv.version {
            let gvk: JSON = ["group": .string(r.group), "version": .string(r.version), "kind": .string(r.kind)]
            let template = r.namespaced ? "\(r.groupVersionPath)/namespaces/{namespace}/\(r.plural)/{name}" : "\(r.groupVersionPath)/\(r.plural)/{name}"
            paths[template] = ["patch": ["operationId": .string("patch\(r.kind)"), "parameters": [parameter],
                                         "x-kubernetes-action": "patch", "x-kubernetes-group-version-kind": gvk],
                               "parameters": [["name": "name", "in": "path", "required": true, "schema": ["type": "string"]]]]
        }
        return ["openapi": "3.0.0", "info": ["title": "Kubernetes", "version": "v1.32.0"], "paths": paths, "components": ["schemas": [:]]]
    }
}
