import Foundation

/// What a request asks, as kube-apiserver's authorizer sees it (its `RequestInfo`): a verb on a
/// resource (and subresource) of an API group, in a namespace (nil: cluster-wide or every
/// namespace), of one object (nil: a list, a watch, a create). The same attributes are the
/// `spec.resourceAttributes` of a SelfSubjectAccessReview.
public struct ResourceAttributes: Sendable, Hashable {
    public var verb: String
    public var group: String
    public var resource: String
    public var subresource: String?
    public var name: String?
    public var namespace: String?

    public init(verb: String, group: String, resource: String, subresource: String? = nil, name: String? = nil,
                namespace: String? = nil) {
        self.verb = verb
        self.group = group
        self.resource = resource
        self.subresource = subresource.flatMap { $0.isEmpty ? nil : $0 }
        self.name = name.flatMap { $0.isEmpty ? nil : $0 }
        self.namespace = namespace.flatMap { $0.isEmpty ? nil : $0 }
    }

    /// `rollouts/status`, or `rollouts` without a subresource: how RBAC rules name it.
    public var combinedResource: String { subresource.map { "\(resource)/\($0)" } ?? resource }

    /// The attributes of `request`, as kube-apiserver derives them from its method and path:
    /// GET of a collection is `list` (`watch` with `watch=true`), of an object `get`; POST
    /// `create`, PUT `update`, PATCH `patch`, DELETE `delete`. Through a service proxy
    /// (`services/NAME:PORT/proxy/...`) the name is the service's (its port left out), as this
    /// project's embedded server authorizes it. Nil for a path that names no resource (`/version`).
    public init?(_ request: APIRequest) {
        var parts = request.path.split(separator: "/").map(String.init)[...]
        let group: String
        switch parts.popFirst() {
        case "api":
            guard parts.popFirst() == "v1" else { return nil }
            group = ""
        case "apis":
            guard let g = parts.popFirst(), parts.popFirst() != nil else { return nil }
            group = g
        default:
            return nil
        }
        var namespace: String?
        if parts.first == "namespaces", parts.count >= 3 {
            namespace = parts.dropFirst().first
            parts = parts.dropFirst(2)
        }
        guard let resource = parts.popFirst() else { return nil }
        var name = parts.popFirst()
        let subresource = parts.popFirst()
        if subresource == "proxy", let id = name {
            // `name`, `name:port` or `scheme:name:port`.
            let pieces = id.split(separator: ":", omittingEmptySubsequences: false)
            name = String(pieces.count == 3 ? pieces[1] : pieces[0])
        }
        let verb: String
        switch request.method {
        case .get: verb = name == nil ? (request.query.contains { $0.0 == "watch" && $0.1 == "true" } ? "watch" : "list") : "get"
        case .post: verb = "create"
        case .put: verb = "update"
        case .patch: verb = "patch"
        case .delete: verb = name == nil ? "deletecollection" : "delete"
        }
        self.init(verb: verb, group: group, resource: resource, subresource: subresource, name: name, namespace: namespace)
    }

    /// What is asked, in the words of `user viewer cannot patch rollouts/status in shop`:
    /// the verb, the resource (with its subresource), ` in NAMESPACE` when namespaced.
    public var text: String { "\(verb) \(combinedResource)" + (namespace.map { " in \($0)" } ?? "") }
}

/// One rule of RBAC (a Role's or ClusterRole's `rules[]`, and a SelfSubjectRulesReview's
/// `status.resourceRules[]`), matched as kube-apiserver's RBAC authorizer matches it: `*` matches
/// any verb, group or resource (subresources too), `*/status` any resource's status; an empty
/// `resourceNames` matches every name, and a request without a name (a list, a create) never
/// matches a rule that names objects.
public struct PolicyRule: Sendable, Hashable, Codable {
    public var verbs: [String]
    public var apiGroups: [String]
    public var resources: [String]
    public var resourceNames: [String]

    public init(verbs: [String], apiGroups: [String] = ["*"], resources: [String] = ["*"], resourceNames: [String] = []) {
        self.verbs = verbs
        self.apiGroups = apiGroups
        self.resources = resources
        self.resourceNames = resourceNames
    }

    private enum CodingKeys: String, CodingKey { case verbs, apiGroups, resources, resourceNames }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        verbs = try c.decodeIfPresent([String].self, forKey: .verbs) ?? []
        apiGroups = try c.decodeIfPresent([String].self, forKey: .apiGroups) ?? []
        resources = try c.decodeIfPresent([String].self, forKey: .resources) ?? []
        resourceNames = try c.decodeIfPresent([String].self, forKey: .resourceNames) ?? []
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(verbs, forKey: .verbs)
        try c.encode(apiGroups, forKey: .apiGroups)
        try c.encode(resources, forKey: .resources)
        if !resourceNames.isEmpty { try c.encode(resourceNames, forKey: .resourceNames) }
    }

    /// Whether this rule allows `a` (its namespace is the caller's to check).
    public func allows(_ a: ResourceAttributes) -> Bool {
        guard verbs.contains("*") || verbs.contains(a.verb),
              apiGroups.contains("*") || apiGroups.contains(a.group),
              resources.contains(where: { Self.resource($0, matches: a) }) else { return false }
        guard !resourceNames.isEmpty else { return true }
        return a.name.map { resourceNames.contains($0) } ?? false
    }

    private static func resource(_ rule: String, matches a: ResourceAttributes) -> Bool {
        if rule == "*" || rule == a.combinedResource { return true }
        guard let sub = a.subresource else { return false }
        return rule == "*/\(sub)"
    }
}
