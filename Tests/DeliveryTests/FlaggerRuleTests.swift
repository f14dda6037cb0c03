import Foundation
import KubeModel
import Testing
@testable import Delivery

/// Flagger's gate, phase and request rules (reference flagger.md) as tables, on a Canary whose
/// loadtester lives in another namespace than the Canary itself (as in most installations).
@Suite struct FlaggerRuleTests {
    static let loadtester = "http://flagger-loadtester.test"
    static let proxy = "/api/v1/namespaces/test/services/flagger-loadtester:80/proxy"
    static let canaryPath = "/apis/flagger.app/v1beta1/namespaces/apps/canaries/podinfo"
    static let gateBody = Data(#"{"name":"podinfo","namespace":"apps"}"#.utf8)

    static func hook(_ type: String?, _ path: String, host: String = loadtester) -> Canary.Webhook {
        Canary.Webhook(name: type ?? "load", type: type, url: host + path)
    }

    /// Canary `podinfo` in `apps`, every confirm hook on the loadtester's gate in `test`, and a rollback gate.
    static func canary(_ phase: String? = "Waiting", hooks: [Canary.Webhook]? = nil) -> Canary {
        let webhooks = hooks ?? [hook("confirm-rollout", "/gate/check"), hook("confirm-traffic-increase", "/gate/check"),
                                 hook("confirm-promotion", "/gate/check"), hook("rollback", "/rollback/check"), hook(nil, "/")]
        return Canary(metadata: ObjectMeta(name: "podinfo", namespace: "apps"),
                      spec: .init(targetRef: .init(apiVersion: "apps/v1", kind: "Deployment", name: "podinfo"),
                                  analysis: .init(interval: "30s", threshold: 3, iterations: 10, webhooks: webhooks)),
                      status: .init(phase: phase))
    }

    static func post(_ path: String) -> APIRequest {
        APIRequest(method: .post, path: proxy + path, contentType: "application/json", body: gateBody)
    }

    static func plan(_ action: CanaryAction, _ c: Canary, context: CanaryContext = CanaryContext()) throws -> ActionPlan {
        try CanaryRequests.plan(action, for: c, context: context, now: Fixtures.now)
    }

    /// Issue 21, survivor 4: the gate body names the Canary's namespace, the path the loadtester's.
    @Test func gateBodyNamesTheCanaryAndThePathTheLoadtester() throws {
        #expect(try Self.plan(.approve, Self.canary()) == ActionPlan(requests: [Self.post("/gate/open")], message: "canary 'podinfo' approved (gate opened)"))
        #expect(try Self.plan(.halt, Self.canary()) == ActionPlan(requests: [Self.post("/gate/close")], message: "canary 'podinfo' halted (gate closed)"))
        #expect(try Self.plan(.checkGate, Self.canary()) == ActionPlan(requests: [Self.post("/gate/check")], message: "canary 'podinfo' gate checked"))
        #expect(try Self.plan(.abort, Self.canary("Progressing")) == ActionPlan(requests: [Self.post("/rollback/open")],
                                                                              message: "canary 'podinfo' rolling back (rollback gate opened)"))
        #expect(try Self.plan(.closeRollback, Self.canary("Failed")) == ActionPlan(requests: [Self.post("/rollback/close")],
                                                                                 message: "canary 'podinfo' rollback gate closed"))
    }

    @Test func aHostWithoutNamespaceResolvesInFlaggersNamespace() throws {
        let c = Self.canary(hooks: [Self.hook("confirm-rollout", "/gate/check", host: "http://flagger-loadtester")])
        let plan = try Self.plan(.approve, c, context: CanaryContext(flaggerNamespace: "flagger-system"))
        #expect(plan.requests == [APIRequest(method: .post, path: "/api/v1/namespaces/flagger-system/services/flagger-loadtester:80/proxy/gate/open",
                                             contentType: "application/json", body: Self.gateBody)])
        #expect(throws: ActionError("the webhook URL http://flagger-loadtester/gate/check has no namespace and Flagger's namespace is unknown")) {
            try Self.plan(.approve, c)
        }
        let https = Self.canary(hooks: [Self.hook("confirm-rollout", "/gate/check", host: "https://lt.test.svc:8443")])
        #expect(try Self.plan(.halt, https).requests.first?.path == "/api/v1/namespaces/test/services/lt:8443/proxy/gate/close")
        let tls = Self.canary(hooks: [Self.hook("confirm-rollout", "/gate/check", host: "https://lt.test")])
        #expect(try Self.plan(.halt, tls).requests.first?.path == "/api/v1/namespaces/test/services/lt:443/proxy/gate/close")
    }

    @Test func flagAndRestartPlansWhole() throws {
        // skipAnalysis names the release it is for (its lastAppliedSpec), and is cleared with it.
        var progressing = Self.canary("Progressing")
        progressing.status.lastAppliedSpec = "5f8c6d9b7"
        #expect(try Self.plan(.promote, progressing) == ActionPlan(
            requests: [.patch(Self.canaryPath, .merge,
                              #"{"metadata":{"annotations":{"rollscope.io/skip-analysis-release":"5f8c6d9b7"}},"spec":{"skipAnalysis":true}}"#)],
            message: "canary 'podinfo' promoted (analysis skipped)"))
        var skipped = Self.canary("Succeeded")
        skipped.spec.skipAnalysis = true
        #expect(try Self.plan(.clearSkipAnalysis, skipped) == ActionPlan(
            requests: [.patch(Self.canaryPath, .merge,
                              #"{"metadata":{"annotations":{"rollscope.io/skip-analysis-release":null}},"spec":{"skipAnalysis":false}}"#)],
            message: "canary 'podinfo' skipAnalysis cleared"))
        #expect(try Self.plan(.suspend, Self.canary()) == ActionPlan(
            requests: [.patch(Self.canaryPath, .merge, #"{"spec":{"suspend":true}}"#)], message: "canary 'podinfo' suspended"))
        var suspended = Self.canary()
        suspended.spec.suspend = true
        #expect(try Self.plan(.resume, suspended) == ActionPlan(
            requests: [.patch(Self.canaryPath, .merge, #"{"spec":{"suspend":false}}"#)], message: "canary 'podinfo' resumed"))
        let restartedAt = #"{"spec":{"template":{"metadata":{"annotations":{"kubectl.kubernetes.io/restartedAt":"2026-01-01T00:00:00Z"}}}}}"#
        #expect(try Self.plan(.retry, Self.canary("Failed")) == ActionPlan(
            requests: [.patch("/apis/apps/v1/namespaces/apps/deployments/podinfo", .strategicMerge, restartedAt)],
            message: "canary 'podinfo' retried (Deployment podinfo restarted)"))
        var daemon = Self.canary("Progressing")
        daemon.spec.targetRef = .init(apiVersion: "apps/v1", kind: "DaemonSet", name: "agent")
        #expect(try Self.plan(.restart, daemon) == ActionPlan(
            requests: [.patch("/apis/apps/v1/namespaces/apps/daemonsets/agent", .strategicMerge, restartedAt)],
            message: "canary 'podinfo' restarted (DaemonSet agent restarted)"))
    }

    @Test func abortWithoutARollbackGateSetsFailedChecksToTheThreshold() throws {
        var c = Self.canary("WaitingPromotion", hooks: [Self.hook("rollback", "/gate/check")])
        #expect(try Self.plan(.abort, c) == ActionPlan(
            requests: [.patch("\(Self.canaryPath)/status", .merge, #"{"status":{"failedChecks":3}}"#)],
            message: "canary 'podinfo' rolling back (failedChecks set to 3)"))
        c.spec.analysis?.threshold = nil
        #expect(try Self.plan(.abort, c).requests.first?.body == Data(#"{"status":{"failedChecks":1}}"#.utf8), "threshold defaults to 1")
    }

    typealias ReasonRow = Row<Canary, String?>

    static func hooks(_ list: Canary.Webhook...) -> @Sendable (inout Canary) -> Void {
        { $0.spec.analysis?.webhooks = list }
    }
    static func phase(_ p: String?) -> @Sendable (inout Canary) -> Void { { $0.status.phase = p } }

    static let noGate = "no confirm-rollout, confirm-traffic-increase or confirm-promotion webhook uses the loadtester's /gate/check"

    /// (action, row): the row changes the fully gated Canary waiting at its start.
    /// How an approval refused for want of a waiting release ends.
    static let scoped = " (an approval is for the release waiting now)"
    static let reasonRows: [(CanaryAction, ReasonRow)] = [
        (.approve, Row("approve the start", nil) { _ in }),
        (.approve, Row("approve a traffic step", nil, phase("Progressing"))),
        (.approve, Row("approve the promotion", nil, phase("WaitingPromotion"))),
        // An approval is for the release waiting now: none given before a release arrives.
        (.approve, Row("approve before a new revision", "nothing waits for approval while the canary is Initialized\(scoped)", phase("Initialized"))),
        (.approve, Row("approve the next release after success", "nothing waits for approval while the canary is Succeeded\(scoped)", phase("Succeeded"))),
        (.approve, Row("approve the next release after failure", "nothing waits for approval while the canary is Failed\(scoped)", phase("Failed"))),
        (.approve, Row("approve while promoting", "nothing waits for approval while the canary is Promoting\(scoped)", phase("Promoting"))),
        (.approve, Row("approve while finalising", "nothing waits for approval while the canary is Finalising\(scoped)", phase("Finalising"))),
        (.approve, Row("approve while initializing", "nothing waits for approval while the canary is initializing\(scoped)", phase(nil))),
        (.approve, Row("approve a traffic step without its hook", "there is no confirm-traffic-increase webhook to approve") {
            $0.status.phase = "Progressing"
            $0.spec.analysis?.webhooks = [hook("confirm-rollout", "/gate/check")]
        }),
        (.approve, Row("approve a halt promotion", "the confirm-promotion hook uses /gate/halt, which never opens: promote (skip analysis) instead") {
            $0.status.phase = "WaitingPromotion"
            $0.spec.analysis?.webhooks = [hook("confirm-rollout", "/gate/check"), hook("confirm-promotion", "/gate/halt")]
        }),
        (.approve, Row("approve a promotion that always approves",
                       "the confirm-promotion hook is not a loadtester gate (http://flagger-loadtester.test/gate/approve)") {
            $0.status.phase = "WaitingPromotion"
            $0.spec.analysis?.webhooks = [hook("confirm-rollout", "/gate/check"), hook("confirm-promotion", "/gate/approve")]
        }),
        (.approve, Row("approve with only a halt gate", "the confirm hook uses /gate/halt, which never opens: promote (skip analysis) instead",
                       hooks(hook("confirm-promotion", "/gate/halt")))),
        (.approve, Row("approve with no confirm hook", noGate, hooks(hook("rollback", "/rollback/check")))),
        (.approve, Row("a /gate/check hook that is not a confirm hook is no gate", noGate, hooks(hook(nil, "/gate/check"), hook("pre-rollout", "/gate/check")))),
        (.halt, Row("halt in any phase", nil, phase("Promoting"))),
        (.halt, Row("halt without a gate", noGate, hooks(hook("rollback", "/rollback/check")))),
        (.checkGate, Row("check the gate", nil, phase(nil))),
        (.abort, Row("abort while progressing", nil, phase("Progressing"))),
        (.abort, Row("abort while waiting for promotion", nil, phase("WaitingPromotion"))),
        (.abort, Row("abort while waiting at the start", "only a Progressing or WaitingPromotion canary can be rolled back (it is Waiting)") { _ in }),
        (.abort, Row("abort while promoting", "only a Progressing or WaitingPromotion canary can be rolled back (it is Promoting)", phase("Promoting"))),
        (.abort, Row("abort once failed", "only a Progressing or WaitingPromotion canary can be rolled back (it is Failed)", phase("Failed"))),
        (.abort, Row("abort while initializing", "only a Progressing or WaitingPromotion canary can be rolled back (it is initializing)", phase(""))),
        (.closeRollback, Row("close the rollback gate", nil, phase("Failed"))),
        (.closeRollback, Row("a rollback hook that is not the rollback gate", "no rollback webhook uses /rollback/check",
                             hooks(hook("rollback", "/gate/check")))),
        (.closeRollback, Row("a rollback gate on another hook type", "no rollback webhook uses /rollback/check",
                             hooks(hook("confirm-rollout", "/rollback/check")))),
        (.promote, Row("promote while progressing", nil, phase("Progressing"))),
        (.promote, Row("promote while waiting for promotion", nil, phase("WaitingPromotion"))),
        (.promote, Row("promote while waiting at the start",
                       "skipAnalysis takes effect only while Progressing or WaitingPromotion (the canary is Waiting)") { _ in }),
        (.promote, Row("promote while initializing",
                       "skipAnalysis takes effect only while Progressing or WaitingPromotion (the canary is initializing)", phase(nil))),
        (.promote, Row("promote when skipAnalysis is set while progressing", "skipAnalysis is already set") {
            $0.status.phase = "Progressing"
            $0.spec.skipAnalysis = true
        }),
        (.clearSkipAnalysis, Row("clear skipAnalysis", nil) { $0.spec.skipAnalysis = true }),
        (.clearSkipAnalysis, Row("clear an unset skipAnalysis", "skipAnalysis is not set") { $0.spec.skipAnalysis = false }),
        (.retry, Row("retry a failed canary", nil, phase("Failed"))),
        (.retry, Row("retry a progressing canary", "only a Failed canary can be retried (it is Progressing)", phase("Progressing"))),
        (.retry, Row("retry a succeeded canary", "only a Failed canary can be retried (it is Succeeded)", phase("Succeeded"))),
        (.retry, Row("retry while initializing", "only a Failed canary can be retried (it is initializing)", phase(nil))),
        (.restart, Row("restart in any phase", nil, phase("Succeeded"))),
        (.restart, Row("restart a suspended canary", "the canary is suspended: resume it first") { $0.spec.suspend = true }),
        (.suspend, Row("suspend", nil) { _ in }),
        (.suspend, Row("suspend twice", "the canary is already suspended") { $0.spec.suspend = true }),
        (.resume, Row("resume", nil) { $0.spec.suspend = true }),
        (.resume, Row("resume a running canary", "the canary is not suspended") { _ in }),
    ]

    @Test(arguments: reasonRows)
    func disabledReason(_ action: CanaryAction, _ row: ReasonRow) throws {
        let c = row.applied(to: Self.canary())
        #expect(CanaryDisabledReason.of(action, c) == row.expected)
        // The planner refuses with the same words.
        if let reason = row.expected {
            #expect(throws: ActionError(reason)) { try Self.plan(action, c, context: CanaryContext(flaggerNamespace: "flagger")) }
        } else {
            #expect(throws: Never.self) { try Self.plan(action, c, context: CanaryContext(flaggerNamespace: "flagger")) }
        }
    }

    /// Which strategy is in effect (flagger.md), with the rows where two rules meet.
    @Test(arguments: [
        ("no analysis", nil, nil, false, CanaryStrategyKind.canary),
        ("weights", nil, Int32(0), false, .canary),
        ("match without iterations", nil, 0, true, .canary),
        ("iterations", nil, 5, false, .blueGreen),
        ("match and iterations", nil, 5, true, .abTesting),
        ("kubernetes provider over A/B", "kubernetes", 5, true, .blueGreen),
        ("kubernetes provider without iterations", "kubernetes", 0, false, .blueGreen),
        ("istio with iterations", "istio", 5, false, .blueGreen),
    ] as [(String, String?, Int32?, Bool, CanaryStrategyKind)])
    func strategy(_ name: String, provider: String?, iterations: Int32?, match: Bool, expected: CanaryStrategyKind) {
        var c = Self.canary()
        c.spec.provider = provider
        if let iterations {
            c.spec.analysis = .init(iterations: iterations, match: match ? [.object(["headers": .object([:])])] : nil, mirror: true)
        } else {
            c.spec.analysis = nil
        }
        let info = CanaryInfo(c, objects: ObjectSet())
        #expect(info.strategy == expected, "\(name)")
        #expect(info.mirroring == (iterations != nil && expected != .abTesting), "mirroring on \(name)")
        #expect((info.iterations == nil) == (expected == .canary))
    }

    @Test func progressAndDefaults() {
        var c = Self.canary("Progressing")
        c.spec.analysis = .init(maxWeight: 50, stepWeight: 20)
        c.status.canaryWeight = 40
        #expect(CanaryInfo(c, objects: ObjectSet()).progress == "40/50")
        c.spec.analysis?.stepWeights = [5, 10, 30]
        #expect(CanaryInfo(c, objects: ObjectSet()).progress == "40/30", "the last step weight over maxWeight")
        c.spec.analysis = .init(stepWeight: 10)
        let info = CanaryInfo(c, objects: ObjectSet())
        #expect(info.progress == "40/100")
        #expect(info.threshold == 1)
        #expect(info.interval == "60s")
        c.spec.analysis = .init(iterations: 0)
        c.spec.provider = "kubernetes"
        c.status.iterations = 4
        #expect(CanaryInfo(c, objects: ObjectSet()).progress == "4/10", "a missing iterations count becomes 10")
    }

    @Test(arguments: [
        ("", StatusIcon.waiting), ("Initializing", .waiting), ("Waiting", .waiting), ("Initialized", .ok), ("Succeeded", .ok),
        ("Progressing", .progressing), ("Promoting", .progressing), ("Finalising", .progressing), ("WaitingPromotion", .paused),
        ("Failed", .bad), ("Terminating", .neutral), ("Terminated", .neutral), ("Exploded", .unknown),
    ])
    func phaseIcon(_ phase: String, _ icon: StatusIcon) {
        let info = CanaryInfo(Self.canary(phase), objects: ObjectSet())
        #expect(info.phase == (phase.isEmpty ? "Initializing" : phase))
        #expect(info.icon == icon)
    }

    @Test(arguments: [
        ("confirm-rollout", "http://lt.ns/gate/check", CanaryGate.Mechanism.gate, "lt:80", "ns", true),
        ("confirm-traffic-increase", "http://lt.ns:8080/gate/halt", .halt, "lt:8080", "ns", true),
        ("confirm-promotion", "http://lt/gate/approve", .approve, "lt:80", nil, true),
        ("rollback", "https://lt.ns.svc.cluster.local/rollback/check", .rollbackGate, "lt:443", "ns", false),
        ("", "http://lt.ns/gate/check", .gate, "lt:80", "ns", false),
        ("pre-rollout", "http://lt.ns/gate/check/", .other, "lt:80", "ns", false),
        ("event", "ftp://lt.ns/gate/check", .other, nil, nil, false),
        ("post-rollout", "<URL>", .other, nil, nil, false),
    ] as [(String, String, CanaryGate.Mechanism, String?, String?, Bool)])
    func gateClassification(type: String, url: String, mechanism: CanaryGate.Mechanism, service: String?, namespace: String?, confirm: Bool) {
        let gate = CanaryGate(Canary.Webhook(name: "h", type: type, url: url))
        #expect(gate.type == (type.isEmpty ? "rollout" : type))
        #expect(gate.mechanism == mechanism)
        #expect(gate.service == service)
        #expect(gate.serviceNamespace == namespace)
        #expect(gate.isConfirm == confirm)
    }

    /// The first confirm hook on `/gate/check` is the gate, whatever comes before it.
    @Test func theGateIsTheFirstConfirmHookOnGateCheck() throws {
        let c = Self.canary(hooks: [Self.hook("confirm-rollout", "/gate/halt"), Self.hook(nil, "/gate/check", host: "http://other.x"),
                                    Self.hook("confirm-promotion", "/gate/check")])
        #expect(try Self.plan(.halt, c).requests == [Self.post("/gate/close")])
    }

    /// Issue 21, survivor 9: skipAnalysis is cleared once the canary finished, either way.
    @Test(arguments: ["Succeeded", "Failed"])
    func skipAnalysisIsClearedWhenTheCanaryFinishes(_ end: String) throws {
        var c = Self.canary("Progressing")
        let followUp = try #require(CanaryFollowUp.after(.promote, on: c))
        #expect(followUp.due(c) == nil)
        c.status.phase = end
        #expect(followUp.due(c) == .clearSkipAnalysis)
    }
}
