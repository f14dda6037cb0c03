/// One RBAC PolicyRule, with the namespace of the RoleBinding that grants it (nil: a
/// ClusterRoleBinding, every namespace and cluster-scoped objects). `*` matches anything, as in
/// Kubernetes; empty `resourceNames` matches every name. As in RBAC, a request without a name
/// (a list, a watch, a create) never matches a rule that names objects.
public struct AccessRule: Sendable, Hashable {
    /// What a request asks, as kube-apiserver's authorizer sees it.
    public struct Request: Sendable, Hashable {
        public var verb: String
        public var group: String
        /// `rollouts` or `rollouts/status`.
        public var resource: String
        public var name: String?
        public var namespace: String?
    }

    public var verbs: Set<String>
    public var groups: Set<String>
    public var resources: Set<String>
    public var resourceNames: Set<String>
    public var namespace: String?

    public init(verbs: Set<String>, groups: Set<String> = ["*"], resources: Set<String> = ["*"],
                resourceNames: Set<String> = [], namespace: String? = nil) {
        self.verbs = verbs
        self.groups = groups
        self.resources = resources
        self.resourceNames = resourceNames
        self.namespace = namespace
    }

    public func allows(_ r: Request) -> Bool {
        func has(_ set: Set<String>, _ value: String) -> Bool { set.contains("*") || set.contains(value) }
        if let namespace, r.namespace != namespace { return false }
        guard has(verbs, r.verb), has(groups, r.group), has(resources, r.resource) else { return false }
        guard !resourceNames.isEmpty else { return true }
        return r.name.map { resourceNames.contains($0) } ?? false
    }

    /// Everything (cluster-admin).
    public static let all = AccessRule(verbs: ["*"])
    /// get, list and watch on everything (view).
    public static let readAll = AccessRule(verbs: ["get", "list", "watch"])
}
