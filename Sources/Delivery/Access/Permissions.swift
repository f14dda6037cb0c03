import KubeModel

/// What one user may do in one namespace, as the server said when asked (a
/// SelfSubjectRulesReview, and SelfSubjectAccessReviews where its list was incomplete), and the
/// judgement of an action's requests against it: pure, so the console's disabled reasons are
/// table-tested without a server.
public struct Permissions: Sendable, Hashable {
    /// The user the reason names (`viewer`).
    public var user: String
    public var namespace: String
    /// The review's `resourceRules`: they apply in `namespace` (and cluster-wide).
    public var rules: [PolicyRule]
    /// The review said its rules may be short of what the user may (another authorizer than
    /// RBAC answers too): a request its rules do not allow is then decided by `answers`, and is
    /// unknown without one.
    public var incomplete: Bool
    /// SelfSubjectAccessReviews' answers for exact requests (asked when `incomplete`).
    public var answers: [ResourceAttributes: Bool]

    public init(user: String, namespace: String, rules: [PolicyRule], incomplete: Bool = false,
                answers: [ResourceAttributes: Bool] = [:]) {
        self.user = user
        self.namespace = namespace
        self.rules = rules
        self.incomplete = incomplete
        self.answers = answers
    }

    /// Whether the user may make a request with `attributes`: true or false, nil when unknown
    /// (an incomplete review, without an access review's answer).
    public func allows(_ attributes: ResourceAttributes) -> Bool? {
        if let answer = answers[attributes] { return answer }
        if rules.contains(where: { $0.allows(attributes) }) { return true }
        return incomplete ? nil : false
    }

    /// The first of `requests` (all in this namespace) the user may not make, in kubectl's
    /// words: `user viewer cannot patch rollouts/status in shop`; nil when each may be made or
    /// is unknown.
    public func denial(of requests: [APIRequest]) -> String? {
        for request in requests {
            guard let attributes = ResourceAttributes(request), allows(attributes) == false else { continue }
            return "user \(user) cannot \(attributes.text)"
        }
        return nil
    }
}

/// Every namespace's `Permissions` known in one cluster, and the judgement of requests that
/// may reach several namespaces (a Canary's gate goes through its loadtester's namespace).
public struct ClusterPermissions: Sendable, Hashable {
    public var byNamespace: [String: Permissions]

    public init(_ byNamespace: [String: Permissions] = [:]) { self.byNamespace = byNamespace }

    /// The first refusal among `requests`, each judged by its own namespace's permissions; a
    /// request in a namespace not (yet) reviewed, or not namespaced, is not refused here (the
    /// server still decides it).
    public func denial(of requests: [APIRequest]) -> String? {
        for request in requests {
            guard let ns = ResourceAttributes(request)?.namespace, let permissions = byNamespace[ns],
                  let reason = permissions.denial(of: [request]) else { continue }
            return reason
        }
        return nil
    }

    /// The namespaces `requests` reach: those whose permissions judge them.
    public static func namespaces(of requests: [APIRequest]) -> Set<String> {
        Set(requests.compactMap { ResourceAttributes($0)?.namespace })
    }
}
