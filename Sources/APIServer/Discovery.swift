import JSONValue
import KubeModel

/// The legacy discovery documents (`/api`, `/apis`, `/api/v1`, `/apis/G/V`) built from the
/// resource table, so kubectl resolves `ro`, `canary`, `rollouts,canaries` unchanged.
enum Discovery {
    static let verbs: JSON = ["create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"]

    static func version() -> JSON {
        ["major": "1", "minor": "32", "gitVersion": "v1.32.0-rollscope-demo", "gitCommit": "0000000000000000000000000000000000000000",
         "gitTreeState": "clean", "buildDate": "2026-01-01T00:00:00Z", "goVersion": "go1.23", "compiler": "gc",
         "platform": "linux/amd64"]
    }

    static func coreVersions(serverAddress: String) -> JSON {
        ["kind": "APIVersions", "versions": ["v1"],
         "serverAddressByClientCIDRs": [["clientCIDR": "0.0.0.0/0", "serverAddress": .string(serverAddress)]]]
    }

    /// Groups other than core, in the order the table first names them, then the self reviews' groups.
    static var groups: [(name: String, version: String)] {
        var seen: [(String, String)] = []
        for r in ResourceType.all where !r.group.isEmpty && !seen.contains(where: { $0.0 == r.group }) {
            seen.append((r.group, r.version))
        }
        return seen + SelfReview.groups.map { ($0, SelfReview.version) }
    }

    /// The groups `serving` says are served (a group without its CRDs is left out).
    static func groupList(serving: (String) -> Bool) -> JSON {
        let items: [JSON] = groups.filter { serving($0.name) }.map { g in
            let gv: JSON = ["groupVersion": .string("\(g.name)/\(g.version)"), "version": .string(g.version)]
            return ["name": .string(g.name), "versions": [gv], "preferredVersion": gv]
        }
        return ["kind": "APIGroupList", "apiVersion": "v1", "groups": .array(items)]
    }

    static func group(_ name: String) -> JSON? {
        guard let g = groups.first(where: { $0.name == name }) else { return nil }
        let gv: JSON = ["groupVersion": .string("\(g.name)/\(g.version)"), "version": .string(g.version)]
        return ["kind": "APIGroup", "apiVersion": "v1", "name": .string(g.name), "versions": [gv], "preferredVersion": gv]
    }

    /// `APIResourceList` for one group/version, or nil when it is not served.
    static func resourceList(group: String, version: String) -> JSON? {
        if SelfReview.groups.contains(group) {
            guard version == SelfReview.version else { return nil }
            let reviews: [JSON] = SelfReview.allCases.filter { $0.group == group }.map {
                ["name": .string($0.rawValue), "singularName": "", "namespaced": false, "kind": .string($0.kind), "verbs": ["create"]]
            }
            return ["kind": "APIResourceList", "apiVersion": "v1", "groupVersion": .string("\(group)/\(version)"), "resources": .array(reviews)]
        }
        let types = ResourceType.all.filter { $0.group == group && $0.version == version }
        guard !types.isEmpty else { return nil }
        var resources: [JSON] = []
        for r in types {
            var entry: JSON = ["name": .string(r.plural), "singularName": .string(r.singular), "namespaced": .bool(r.namespaced),
                               "kind": .string(r.kind), "verbs": verbs]
            if !r.shortNames.isEmpty { entry["shortNames"] = .array(r.shortNames.map { .string($0) }) }
            if r.isCustomResource || r == .pods || r == .services || r == .deployments || r == .replicaSets { entry["categories"] = ["all"] }
            resources.append(entry)
            for sub in r.subresources {
                let subVerbs: JSON = sub == "proxy" ? ["create", "delete", "get", "patch", "update"] : sub == "log" ? ["get"] : ["get", "patch", "update"]
                resources.append(["name": .string("\(r.plural)/\(sub)"), "singularName": "", "namespaced": .bool(r.namespaced),
                                  "kind": .string(sub == "scale" ? "Scale" : r.kind), "verbs": subVerbs])
            }
        }
        let gv = group.isEmpty ? version : "\(group)/\(version)"
        return ["kind": "APIResourceList", "apiVersion": "v1", "groupVersion": .string(gv), "resources": .array(resources)]
    }
}
