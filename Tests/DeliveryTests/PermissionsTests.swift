import Foundation
import KubeModel
import Testing
@testable import Delivery

/// The permission matching the console disables actions by: each action's real requests (as
/// `RolloutRequests` and `CanaryRequests` plan them) judged against RBAC rules as a
/// SelfSubjectRulesReview returns them, and the reason in kubectl's words.
@Suite struct PermissionsTests {
    static let viewer = [PolicyRule(verbs: ["get", "list", "watch"])]
    static let admin = [PolicyRule(verbs: ["*"])]
    /// What an Argo operator needs: patch rollouts and their status, AnalysisRuns and Experiments.
    static let argoOperator = [PolicyRule(verbs: ["get", "list", "watch"]),
                               PolicyRule(verbs: ["patch"], apiGroups: ["argoproj.io"],
                                          resources: ["rollouts", "rollouts/status", "analysisruns", "experiments"])]
    /// May patch a rollout's spec, not its status.
    static let specPatcher = [PolicyRule(verbs: ["patch"], apiGroups: ["argoproj.io"], resources: ["rollouts"])]

    static func permissions(_ rules: [PolicyRule], user: String = "u", in ns: String = "ns") -> Permissions {
        Permissions(user: user, namespace: ns, rules: rules)
    }

    /// Paused by hand at its pause step: promote patches the status, then the spec.
    static var pausedRollout: Rollout {
        var r = ActionPlanTableTests.canary
        r.spec.paused = true
        r.status.currentStepIndex = 1
        return r
    }

    struct Row: Sendable, CustomTestStringConvertible {
        let action: RolloutAction
        /// The viewer's refusal, then the spec patcher's (nil: allowed).
        let viewer: String
        let specPatcher: String?
        var testDescription: String { "\(action)" }
    }

    static let rolloutRows: [Row] = [
        Row(action: .promote, viewer: "user u cannot patch rollouts/status in ns", specPatcher: "user u cannot patch rollouts/status in ns"),
        Row(action: .promoteFull, viewer: "user u cannot patch rollouts in ns", specPatcher: nil),
        Row(action: .abort, viewer: "user u cannot patch rollouts/status in ns", specPatcher: "user u cannot patch rollouts/status in ns"),
        Row(action: .retry, viewer: "user u cannot patch rollouts/status in ns", specPatcher: "user u cannot patch rollouts/status in ns"),
        Row(action: .restart(delay: 0), viewer: "user u cannot patch rollouts in ns", specPatcher: nil),
        Row(action: .pause, viewer: "user u cannot patch rollouts in ns", specPatcher: nil),
        Row(action: .resume, viewer: "user u cannot patch rollouts in ns", specPatcher: nil),
        Row(action: .terminateAnalysisRun(name: "ar"), viewer: "user u cannot patch analysisruns in ns",
            specPatcher: "user u cannot patch analysisruns in ns"),
        Row(action: .terminateExperiment(name: "ex"), viewer: "user u cannot patch experiments in ns",
            specPatcher: "user u cannot patch experiments in ns"),
    ]

    @Test(arguments: rolloutRows)
    func eachArgoActionIsJudgedByTheRequestsItSends(row: Row) throws {
        let plan = try RolloutRequests.plan(row.action, for: Self.pausedRollout, now: Fixtures.now)
        #expect(Self.permissions(Self.viewer).denial(of: plan.requests) == row.viewer)
        #expect(Self.permissions(Self.specPatcher).denial(of: plan.requests) == row.specPatcher)
        #expect(Self.permissions(Self.argoOperator).denial(of: plan.requests) == nil)
        #expect(Self.permissions(Self.admin).denial(of: plan.requests) == nil)
    }

    @Test func promoteNeedsBothTheStatusAndTheSpec() throws {
        let plan = try RolloutRequests.plan(.promote, for: Self.pausedRollout, now: Fixtures.now)
        #expect(plan.requests.count == 2, "status, then spec")
        let statusOnly = [PolicyRule(verbs: ["patch"], apiGroups: ["argoproj.io"], resources: ["rollouts/status"])]
        #expect(Self.permissions(statusOnly).denial(of: plan.requests) == "user u cannot patch rollouts in ns")
        let anyStatus = [PolicyRule(verbs: ["patch"], apiGroups: ["argoproj.io"], resources: ["*/status", "rollouts"])]
        #expect(Self.permissions(anyStatus).denial(of: plan.requests) == nil, "RBAC's */status matches any resource's status")
    }

    @Test func resourceNamesAllowOnlyTheObjectsTheyName() throws {
        let plan = try RolloutRequests.plan(.abort, for: Self.pausedRollout, now: Fixtures.now)
        let named = { (name: String) in
            [PolicyRule(verbs: ["patch"], apiGroups: ["argoproj.io"], resources: ["rollouts/status"], resourceNames: [name])]
        }
        #expect(Self.permissions(named("r")).denial(of: plan.requests) == nil)
        #expect(Self.permissions(named("other")).denial(of: plan.requests) == "user u cannot patch rollouts/status in ns")
        let otherGroup = [PolicyRule(verbs: ["patch"], apiGroups: ["flagger.app"], resources: ["rollouts/status"])]
        #expect(Self.permissions(otherGroup).denial(of: plan.requests) == "user u cannot patch rollouts/status in ns")
    }

    /// A Canary's gates go through its loadtester's service proxy, in the loadtester's namespace
    /// (`test`): judged by that namespace's permissions, by the service's name without its port.
    @Test func flaggerGatesAreJudgedInTheLoadtestersNamespace() throws {
        let canary = FlaggerRuleTests.canary()
        let approve = try CanaryRequests.plan(.approve, for: canary, now: Fixtures.now).requests
        let skip = try CanaryRequests.plan(.promote, for: FlaggerRuleTests.canary("Progressing"), now: Fixtures.now).requests
        let proxy = [PolicyRule(verbs: ["create"], apiGroups: [""], resources: ["services/proxy"], resourceNames: ["flagger-loadtester"])]
        let canaries = [PolicyRule(verbs: ["patch"], apiGroups: ["flagger.app"], resources: ["canaries"])]
        var cluster = ClusterPermissions(["apps": Self.permissions(canaries, user: "ops", in: "apps"),
                                          "test": Self.permissions(Self.viewer, user: "ops", in: "test")])
        #expect(cluster.denial(of: approve) == "user ops cannot create services/proxy in test")
        #expect(cluster.denial(of: skip) == nil)
        cluster.byNamespace["test"] = Self.permissions(proxy, user: "ops", in: "test")
        #expect(cluster.denial(of: approve) == nil)
        cluster.byNamespace["apps"] = Self.permissions(Self.viewer, user: "ops", in: "apps")
        #expect(cluster.denial(of: skip) == "user ops cannot patch canaries in apps")
        #expect(ClusterPermissions(["apps": Self.permissions(Self.viewer, in: "apps")]).denial(of: approve) == nil,
                "a namespace not reviewed is not judged")
        #expect(ClusterPermissions.namespaces(of: approve + skip) == ["test", "apps"])
    }

    @Test func anIncompleteReviewRefusesOnlyWhatAnAccessReviewRefused() throws {
        let requests = try RolloutRequests.plan(.abort, for: Self.pausedRollout, now: Fixtures.now).requests
        let attributes = try #require(ResourceAttributes(requests[0]))
        var p = Permissions(user: "u", namespace: "ns", rules: Self.viewer, incomplete: true)
        #expect(p.allows(attributes) == nil)
        #expect(p.denial(of: requests) == nil, "unknown: left to the server")
        p.answers[attributes] = false
        #expect(p.denial(of: requests) == "user u cannot patch rollouts/status in ns")
        p.answers[attributes] = true
        #expect(p.denial(of: requests) == nil)
    }

    @Test func requestAttributesAreWhatTheAuthorizerSees() {
        func attributes(_ method: APIRequest.Method, _ path: String, _ query: [(String, String)] = []) -> ResourceAttributes? {
            ResourceAttributes(APIRequest(method: method, path: path, query: query))
        }
        #expect(attributes(.patch, "/apis/argoproj.io/v1alpha1/namespaces/ns/rollouts/r/status")
            == ResourceAttributes(verb: "patch", group: "argoproj.io", resource: "rollouts", subresource: "status", name: "r", namespace: "ns"))
        #expect(attributes(.get, "/apis/apps/v1/namespaces/ns/replicasets")
            == ResourceAttributes(verb: "list", group: "apps", resource: "replicasets", namespace: "ns"))
        #expect(attributes(.get, "/apis/apps/v1/namespaces/ns/replicasets", [("watch", "true")])?.verb == "watch")
        #expect(attributes(.get, "/api/v1/namespaces/ns") == ResourceAttributes(verb: "get", group: "", resource: "namespaces", name: "ns"))
        #expect(attributes(.put, "/apis/apps/v1/namespaces/ns/deployments/d")?.verb == "update")
        #expect(attributes(.post, "/api/v1/namespaces/test/services/http:lt:8080/proxy/gate/open")
            == ResourceAttributes(verb: "create", group: "", resource: "services", subresource: "proxy", name: "lt", namespace: "test"))
        #expect(attributes(.delete, "/api/v1/namespaces/ns/pods")?.verb == "deletecollection")
        #expect(attributes(.get, "/version") == nil)
        #expect(attributes(.get, "/apis/argoproj.io") == nil)
    }
}
