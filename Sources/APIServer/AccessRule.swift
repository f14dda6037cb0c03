import KubeModel

/// One RBAC PolicyRule, with the namespace of the RoleBinding that grants it (nil: a
/// ClusterRoleBinding, every namespace and cluster-scoped objects). It matches as `PolicyRule`
/// does (the client's matching of a SelfSubjectRulesReview's rules is the same function): `*`
/// matches anything, empty `resourceNames` every name, and a request without a name (a list, a
/// watch, a create) never matches a rule that names objects.
public struct AccessRule: Sendable, Hashable {
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

    /// The rule as a Role's `rules[]` and a rules review's `resourceRules[]` write it (sorted).
    public var policyRule: PolicyRule {
        PolicyRule(verbs: verbs.sorted(), apiGroups: groups.sorted(), resources: resources.sorted(), resourceNames: resourceNames.sorted())
    }

    /// Whether the rule allows `a`: its namespace first, then `PolicyRule.allows`.
    public func allows(_ a: ResourceAttributes) -> Bool {
        if let namespace, a.namespace != namespace { return false }
        return policyRule.allows(a)
    }

    /// Whether the rule applies in `namespace` (nil: cluster-wide): what a rules review of it lists.
    func applies(in namespace: String) -> Bool { self.namespace == nil || self.namespace == namespace }

    /// Everything (cluster-admin).
    public static let all = AccessRule(verbs: ["*"])
    /// get, list and watch on everything (view).
    public static let readAll = AccessRule(verbs: ["get", "list", "watch"])
}
