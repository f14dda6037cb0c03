import JSONValue
import KubeModel

/// The reviews any authenticated user may create about themselves, as kube-apiserver serves
/// them: `SelfSubjectAccessReview` (`kubectl auth can-i VERB RESOURCE`),
/// `SelfSubjectRulesReview` (`kubectl auth can-i --list`) and `SelfSubjectReview`
/// (`kubectl auth whoami`). Each is created (POST, 201) and answered at once, never stored.
enum SelfReview: String, CaseIterable {
    case access = "selfsubjectaccessreviews"
    case rules = "selfsubjectrulesreviews"
    case subject = "selfsubjectreviews"

    var group: String { self == .subject ? "authentication.k8s.io" : "authorization.k8s.io" }
    static let version = "v1"

    var kind: String {
        switch self {
        case .access: "SelfSubjectAccessReview"
        case .rules: "SelfSubjectRulesReview"
        case .subject: "SelfSubjectReview"
        }
    }

    /// The two groups, in discovery's order.
    static let groups = ["authorization.k8s.io", "authentication.k8s.io"]

    /// The review `plural` names under `group`/`version`, if any.
    init?(group: String, version: String, plural: String) {
        guard version == Self.version, let review = Self(rawValue: plural), review.group == group else { return nil }
        self = review
    }

    /// What every authenticated user may do (kube's `system:basic-user` ClusterRole): create
    /// these reviews. Added to each user's own rules by the authorizer and listed by rules reviews.
    static let everyone = [
        AccessRule(verbs: ["create"], groups: ["authorization.k8s.io"], resources: ["selfsubjectaccessreviews", "selfsubjectrulesreviews"]),
        AccessRule(verbs: ["create"], groups: ["authentication.k8s.io"], resources: ["selfsubjectreviews"]),
    ]

    /// The paths this server serves every authenticated user (kube's `system:discovery` and
    /// `system:public-info-viewer`), as a rules review's `nonResourceRules` and as the
    /// non-resource access review decides them.
    static let publicPaths = ["/api", "/api/*", "/apis", "/apis/*", "/healthz", "/livez", "/openapi", "/openapi/*",
                              "/readyz", "/version", "/version/"]

    /// The answer to `body` from `user`: the review with its `status`, 201. `allows` is the
    /// authorizer's own decision (the one function the server decides every request by), and
    /// `rules` the user's rules that apply in a namespace, so a review never disagrees with
    /// the request it is about.
    func answer(_ body: JSON, user: ServerCredentials.User, allows: (ResourceAttributes) -> Bool,
                rules: (String) -> [AccessRule]) throws(APIStatus) -> JSON {
        var review = body
        review["apiVersion"] = .string("\(group)/\(Self.version)")
        review["kind"] = .string(kind)
        if review["metadata"]?.objectValue == nil { review["metadata"] = ["creationTimestamp": .null] }
        switch self {
        case .subject:
            review["status"] = ["userInfo": ["username": .string(user.name), "groups": .array((user.groups + ["system:authenticated"]).map { .string($0) })]]
        case .rules:
            guard let namespace = body[path: ["spec", "namespace"]]?.stringValue, !namespace.isEmpty else {
                throw APIErrors.badRequest("no namespace on request")
            }
            let resourceRules = rules(namespace).map(\.policyRule).map(Self.json)
            let nonResource: [JSON] = Self.isClusterAdmin(user) ? [["verbs": ["*"], "nonResourceURLs": ["*"]]] : []
            review["status"] = ["resourceRules": .array(resourceRules),
                                "nonResourceRules": .array(nonResource + [["verbs": ["get"], "nonResourceURLs": .array(Self.publicPaths.map { .string($0) })]]),
                                "incomplete": false]
        case .access:
            let resource = body[path: ["spec", "resourceAttributes"]].flatMap { $0.objectValue == nil ? nil : $0 }
            let nonResource = body[path: ["spec", "nonResourceAttributes"]].flatMap { $0.objectValue == nil ? nil : $0 }
            let allowed: Bool
            switch (resource, nonResource) {
            case let (r?, nil):
                func field(_ key: String) -> String { r[key]?.stringValue ?? "" }
                allowed = allows(ResourceAttributes(verb: field("verb"), group: field("group"), resource: field("resource"),
                                                    subresource: field("subresource"), name: field("name"), namespace: field("namespace")))
            case let (nil, n?):
                let path = n["path"]?.stringValue ?? ""
                let verb = n["verb"]?.stringValue ?? ""
                allowed = Self.isClusterAdmin(user) || (verb == "get" && Self.publicPaths.contains { Self.path(path, matches: $0) })
            default:
                throw APIStatus(code: 422, reason: "Invalid",
                                message: "SelfSubjectAccessReview.authorization.k8s.io \"\" is invalid: spec.resourceAttributes: Invalid value: \"null\": exactly one of nonResourceAttributes or resourceAttributes must be specified")
            }
            var status: JSON = ["allowed": .bool(allowed)]
            if allowed { status["reason"] = .string("RBAC: allowed by the rules of User \"\(user.name)\"") }
            review["status"] = status
        }
        return review
    }

    private static func json(_ rule: PolicyRule) -> JSON {
        var o: JSON = ["verbs": .array(rule.verbs.map { .string($0) }), "apiGroups": .array(rule.apiGroups.map { .string($0) }),
                       "resources": .array(rule.resources.map { .string($0) })]
        if !rule.resourceNames.isEmpty { o["resourceNames"] = .array(rule.resourceNames.map { .string($0) }) }
        return o
    }

    /// A rule cluster-wide on every verb and resource: cluster-admin, which RBAC also gives every non-resource URL.
    private static func isClusterAdmin(_ user: ServerCredentials.User) -> Bool {
        user.rules.contains { $0.namespace == nil && $0.verbs.contains("*") && $0.groups.contains("*") && $0.resources.contains("*") }
    }

    /// RBAC's non-resource URL match: exact, or a prefix ending in `*`.
    private static func path(_ path: String, matches rule: String) -> Bool {
        rule.hasSuffix("*") ? path.hasPrefix(String(rule.dropLast())) : path == rule
    }
}
