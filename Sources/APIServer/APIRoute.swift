import Foundation
import KubeModel

/// A request path as kube-apiserver understands it.
enum APIRoute: Equatable {
    case version
    case health
    case coreVersions
    case groupList
    case group(String)
    case resourceList(group: String, version: String)
    /// A collection (list, watch, create), in one namespace or across all.
    case collection(ResourceType, namespace: String?)
    /// One object, optionally one of its subresources.
    case object(ResourceType, namespace: String?, name: String, subresource: String?)
    /// `services/ID/proxy/PATH` or `pods/ID/proxy/PATH`, the ID being `name`, `name:port` or `scheme:name:port`.
    case proxy(ResourceType, namespace: String, name: String, port: String?, path: String)
    /// A review about the requesting user (`SelfReview`): created and answered, never stored.
    case review(SelfReview)
    case openAPIRoot
    case openAPIDocument(String)
    case notFound

    /// The API group the path is under, when it names one (`/apis/G...`, or a resource of `/api/v1`).
    var group: String? {
        switch self {
        case .group(let g), .resourceList(let g, _): g
        case .collection(let r, _), .object(let r, _, _, _): r.group
        default: nil
        }
    }

    /// Parses a percent-decoded path (no query).
    init(path: String) {
        var parts = path.split(separator: "/", omittingEmptySubsequences: true).map(String.init)
        switch parts.first {
        case "version": self = parts.count == 1 ? .version : .notFound; return
        case "healthz", "livez", "readyz": self = .health; return
        case "openapi":
            guard parts.count >= 2, parts[1] == "v3" else { self = .notFound; return }
            self = parts.count == 2 ? .openAPIRoot : .openAPIDocument(parts.dropFirst(2).joined(separator: "/"))
            return
        case "api":
            parts.removeFirst()
            if parts.isEmpty { self = .coreVersions; return }
            guard parts.removeFirst() == "v1" else { self = .notFound; return }
            self = APIRoute.resourcePath(group: "", version: "v1", parts)
        case "apis":
            parts.removeFirst()
            if parts.isEmpty { self = .groupList; return }
            let group = parts.removeFirst()
            if parts.isEmpty { self = .group(group); return }
            let version = parts.removeFirst()
            if SelfReview.groups.contains(group) {
                if parts.isEmpty { self = version == SelfReview.version ? .resourceList(group: group, version: version) : .notFound; return }
                self = parts.count == 1 ? SelfReview(group: group, version: version, plural: parts[0]).map(APIRoute.review) ?? .notFound : .notFound
                return
            }
            self = APIRoute.resourcePath(group: group, version: version, parts)
        default:
            self = .notFound
        }
    }

    private static func type(_ group: String, _ version: String, _ plural: String) -> ResourceType? {
        ResourceType.all.first { $0.group == group && $0.version == version && $0.plural == plural }
    }

    private static func resourcePath(group: String, version: String, _ parts: [String]) -> APIRoute {
        if parts.isEmpty {
            return ResourceType.all.contains { $0.group == group && $0.version == version }
                ? .resourceList(group: group, version: version) : .notFound
        }
        var p = parts[...]
        var namespace: String?
        // /namespaces/NS/<plural>... unless the path is the namespace object itself.
        if group.isEmpty, p.first == "namespaces", p.count >= 3 {
            namespace = p[p.startIndex + 1]
            p = p.dropFirst(2)
        } else if p.first == "namespaces", p.count >= 3, !group.isEmpty {
            namespace = p[p.startIndex + 1]
            p = p.dropFirst(2)
        }
        guard let plural = p.first, let r = type(group, version, plural) else { return .notFound }
        p = p.dropFirst()
        if namespace != nil, !r.namespaced { return .notFound }
        guard let name = p.first else { return .collection(r, namespace: namespace) }
        p = p.dropFirst()
        guard let sub = p.first else { return .object(r, namespace: namespace, name: name, subresource: nil) }
        p = p.dropFirst()
        if r == .services || r == .pods, sub == "proxy", let namespace {
            let id = name.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
            let target: String
            let port: String?
            switch id.count {
            case 1: target = id[0]; port = nil
            case 2: target = id[0]; port = id[1].isEmpty ? nil : id[1]
            default: target = id[1]; port = id[2].isEmpty ? nil : id[2]
            }
            return .proxy(r, namespace: namespace, name: target, port: port, path: "/" + p.joined(separator: "/"))
        }
        guard p.isEmpty, r.subresources.contains(sub) else { return .notFound }
        return .object(r, namespace: namespace, name: name, subresource: sub)
    }
}

/// A query string split into decoded parameters (`+` is a space, as Go's url.ParseQuery reads it).
struct QueryParameters {
    private var values: [String: String] = [:]

    init(_ query: String) {
        for pair in query.split(separator: "&") {
            let kv = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let key = QueryParameters.decode(String(kv[0]))
            values[key] = kv.count > 1 ? QueryParameters.decode(String(kv[1])) : ""
        }
    }

    subscript(_ key: String) -> String? { values[key] }

    /// Whether a boolean parameter is set (`watch=true`, `watch=1`; `false` and `0` are false).
    func flag(_ key: String) -> Bool {
        guard let v = values[key] else { return false }
        return v != "false" && v != "0"
    }

    static func decode(_ s: String) -> String {
        s.replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? s
    }
}
