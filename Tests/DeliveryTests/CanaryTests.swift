import Foundation
import KubeModel
import Testing
@testable import Delivery

/// Flagger: strategy, progress, gates, text and actions on the upstream examples and the guide's
/// own `api-gateway` Canary, with statuses in each phase.
@Suite struct CanaryTests {
    static func example(_ name: String) throws -> Canary {
        try #require(ManifestReader.read(Fixtures.text(Fixtures.flagger.appendingPathComponent("examples/\(name)")), file: name).canaries.first)
    }

    static func apiGateway() throws -> Canary {
        let url = Fixtures.root.appendingPathComponent("seed/flagger-api-gateway-canary.yaml")
        return try #require(ManifestReader.read(Fixtures.text(url), file: "seed").canaries.first)
    }

    @Test(arguments: [
        ("istio-canary.yaml", CanaryStrategyKind.canary, false), ("linkerd-canary.yaml", .canary, false), ("kuma-canary.yaml", .canary, false),
        ("linkerd-canary-steps.yaml", .canary, false), ("nginx-canary.yaml", .canary, false), ("gatewayapi-session-affinity.yaml", .canary, false),
        ("istio-abtest.yaml", .abTesting, false), ("nginx-abtest.yaml", .abTesting, false), ("istio-abtest-confirm-promotion.yaml", .abTesting, false),
        ("istio-bluegreen.yaml", .blueGreen, false), ("kubernetes-bluegreen.yaml", .blueGreen, false),
        ("kubernetes-hpa-bluegreen.yaml", .blueGreen, false), ("kubernetes-daemonset-bluegreen.yaml", .blueGreen, false),
        ("gatewayapi-bluegreen-mirror.yaml", .blueGreen, true), ("istio-skip-analysis.yaml", .canary, false),
    ])
    func strategyOfEachExample(file: String, strategy: CanaryStrategyKind, mirroring: Bool) throws {
        let info = CanaryInfo(try Self.example(file), objects: ObjectSet())
        #expect(info.strategy == strategy)
        #expect(info.mirroring == mirroring)
        #expect(info.phase == "Initializing", "no status yet")
    }

    @Test func weightProgress() throws {
        var c = try Self.example("nginx-canary.yaml")
        c.status = .init(phase: "Progressing", failedChecks: 1, canaryWeight: 20)
        let info = CanaryInfo(c, objects: ObjectSet())
        #expect(info.progress == "20/40")
        #expect(info.iterations == nil)
        var steps = try Self.example("linkerd-canary-steps.yaml")
        steps.status = .init(phase: "Progressing", canaryWeight: 5)
        #expect(CanaryInfo(steps, objects: ObjectSet()).maxWeight == steps.analysis?.stepWeights?.last)
    }

    @Test func apiGatewayIsBlueGreenWithGates() throws {
        let info = CanaryInfo(try Self.apiGateway(), objects: ObjectSet())
        #expect(info.strategy == .blueGreen)
        #expect(info.progress == "0/10")
        #expect(info.threshold == 2)
        #expect(info.interval == "5s")
        #expect(info.gates.map(\.type) == ["confirm-rollout", "event", "confirm-promotion", "rollback"])
        #expect(info.gates.map(\.mechanism) == [.gate, .other, .halt, .rollbackGate])
        #expect(info.gates[0].service == "flagger-loadtester:80")
        #expect(info.gates[0].serviceNamespace == "training-development")
        #expect(info.gates[1].service == nil, "<GOOGLE_CHAT_URL> is not a URL")
    }

    /// The guide's run, phase by phase: what the view says and which actions apply.
    @Test(arguments: [
        ("Initialized", Int32(0), Int32(0), StatusIcon.ok, [CanaryAction.halt], [CanaryAction.abort, .promote, .retry, .approve]),
        ("Waiting", 0, 0, .waiting, [.approve, .halt], [.abort, .promote]),
        ("Progressing", 3, 1, .progressing, [.abort, .promote], [.retry, .approve]),
        ("WaitingPromotion", 9, 0, .paused, [.abort, .promote], [.approve, .retry]),
        ("Promoting", 0, 0, .progressing, [], [.abort, .promote, .approve]),
        ("Succeeded", 0, 0, .ok, [.halt], [.abort, .retry, .approve]),
        ("Failed", 0, 0, .bad, [.retry], [.abort, .promote]),
    ])
    func apiGatewayPhases(phase: String, iterations: Int32, failed: Int32, icon: StatusIcon, allowed: [CanaryAction], refused: [CanaryAction]) throws {
        var c = try Self.apiGateway()
        c.status = .init(phase: phase, failedChecks: failed, iterations: iterations, lastTransitionTime: KubeTime(Fixtures.now.addingTimeInterval(-90)))
        let info = CanaryInfo(c, objects: ObjectSet())
        #expect(info.phase == phase)
        #expect(info.icon == icon)
        #expect(info.progress == "\(iterations)/10")
        #expect(info.failedChecks == failed)
        for a in allowed { #expect(CanaryDisabledReason.of(a, c) == nil, "\(a) in \(phase)") }
        for a in refused { #expect(CanaryDisabledReason.of(a, c) != nil, "\(a) in \(phase)") }
    }

    /// Found by the `objects` fuzz target: a URL whose host is only dots crashed the classifier.
    @Test(arguments: ["http://./gate/check", "http://../gate/check", "https://:8080/gate/check", "http:///gate/check"])
    func aWebhookHostWithNoNameHasNoService(url: String) {
        let gate = CanaryGate(Canary.Webhook(name: "odd", type: "confirm-rollout", url: url))
        #expect(gate.service == nil)
    }

    @Test func haltGateCannotBeApproved() throws {
        var c = try Self.apiGateway()
        c.status = .init(phase: "WaitingPromotion")
        #expect(CanaryDisabledReason.of(.approve, c) == "the confirm-promotion hook uses /gate/halt, which never opens: promote (skip analysis) instead")
        var noHooks = try Self.example("istio-canary.yaml")
        noHooks.status = .init(phase: "Waiting")
        #expect(CanaryDisabledReason.of(.approve, noHooks) == "no confirm-rollout, confirm-traffic-increase or confirm-promotion webhook uses the loadtester's /gate/check")
    }

    @Test func approveHaltAndRollbackGoThroughTheServiceProxy() throws {
        var c = try Self.apiGateway()
        c.status = .init(phase: "Waiting")
        let gateBody = Data(#"{"name":"api-gateway","namespace":"training-development"}"#.utf8)
        let proxy = "/api/v1/namespaces/training-development/services/flagger-loadtester:80/proxy"
        let approve = try CanaryRequests.plan(.approve, for: c, now: Fixtures.now)
        #expect(approve.requests == [APIRequest(method: .post, path: "\(proxy)/gate/open", contentType: "application/json", body: gateBody)])
        #expect(try CanaryRequests.plan(.halt, for: c, now: Fixtures.now).requests.first?.path == "\(proxy)/gate/close")
        #expect(try CanaryRequests.plan(.checkGate, for: c, now: Fixtures.now).requests.first?.path == "\(proxy)/gate/check")
        c.status.phase = "Progressing"
        let abort = try CanaryRequests.plan(.abort, for: c, now: Fixtures.now)
        #expect(abort.requests == [APIRequest(method: .post, path: "\(proxy)/rollback/open", contentType: "application/json", body: gateBody)])
        #expect(try CanaryRequests.plan(.closeRollback, for: c, now: Fixtures.now).requests.first?.path == "\(proxy)/rollback/close")
    }

    @Test func abortWithoutRollbackHookSetsFailedChecks() throws {
        var c = try Self.example("istio-canary.yaml")
        c.status = .init(phase: "Progressing")
        let threshold = try #require(c.analysis?.threshold)
        let p = try CanaryRequests.plan(.abort, for: c, now: Fixtures.now)
        #expect(p.requests == [.patch("/apis/flagger.app/v1beta1/namespaces/test/canaries/podinfo/status", .merge, #"{"status":{"failedChecks":\#(threshold)}}"#)])
    }

    @Test func promoteRetrySuspend() throws {
        var c = try Self.apiGateway()
        let path = "/apis/flagger.app/v1beta1/namespaces/training-development/canaries/api-gateway"
        c.status = .init(phase: "WaitingPromotion")
        #expect(try CanaryRequests.plan(.promote, for: c, now: Fixtures.now).requests
                == [.patch(path, .merge, #"{"metadata":{"annotations":{"rollscope.io/skip-analysis-release":""}},"spec":{"skipAnalysis":true}}"#)])
        #expect(try CanaryRequests.plan(.suspend, for: c, now: Fixtures.now).requests == [.patch(path, .merge, #"{"spec":{"suspend":true}}"#)])
        #expect(throws: ActionError("only a Failed canary can be retried (it is WaitingPromotion)")) { try CanaryRequests.plan(.retry, for: c, now: Fixtures.now) }
        c.status.phase = "Failed"
        let retry = try CanaryRequests.plan(.retry, for: c, now: Fixtures.now)
        #expect(retry.requests == [.patch("/apis/apps/v1/namespaces/training-development/deployments/api-gateway", .strategicMerge,
                                          #"{"spec":{"template":{"metadata":{"annotations":{"kubectl.kubernetes.io/restartedAt":"2026-01-01T00:00:00Z"}}}}}"#)])
    }

    @Test func gatesAreClosedAgainAtTheRightMoment() throws {
        var c = try Self.apiGateway()
        c.status = .init(phase: "Waiting")
        let start = try #require(CanaryFollowUp.after(.approve, on: c))
        #expect(start.due(c) == nil)
        c.status.phase = "Progressing"
        #expect(start.due(c) == .halt)

        c.status = .init(phase: "WaitingPromotion")
        let promotion = try #require(CanaryFollowUp.after(.approve, on: c))
        #expect(promotion.due(c) == nil)
        c.status.phase = "Promoting"
        #expect(promotion.due(c) == .halt)

        c.status = .init(phase: "Progressing", canaryWeight: 20)
        let step = try #require(CanaryFollowUp.after(.approve, on: c))
        #expect(step.due(c) == nil)
        c.status.canaryWeight = 30
        #expect(step.due(c) == .halt)

        c.status = .init(phase: "Progressing")
        let rollback = try #require(CanaryFollowUp.after(.abort, on: c))
        #expect(rollback.due(c) == nil)
        c.status.phase = "Failed"
        #expect(rollback.due(c) == .closeRollback)

        c.status = .init(phase: "WaitingPromotion")
        let skip = try #require(CanaryFollowUp.after(.promote, on: c))
        c.status.phase = "Succeeded"
        #expect(skip.due(c) == .clearSkipAnalysis)
    }

    /// An approval is for the release waiting now: none before a release waits (it would let the
    /// next one through unwatched), and what it opened is due to close as soon as that release
    /// moved on, or a new revision replaced it.
    @Test func anApprovalIsScopedToTheReleaseWaitingNow() throws {
        var c = try Self.apiGateway()
        c.status = .init(phase: "Succeeded", lastAppliedSpec: "rev1")
        #expect(CanaryDisabledReason.of(.approve, c) == "nothing waits for approval while the canary is Succeeded (an approval is for the release waiting now)")
        c.status = .init(phase: "Waiting", lastAppliedSpec: "rev2")
        let start = try #require(CanaryFollowUp.after(.approve, on: c))
        #expect(start.release == "rev2" && start.undo == .halt && start.awaited == "pass confirm-rollout")
        #expect(start.due(c) == nil)
        c.status.lastAppliedSpec = "rev3"
        #expect(start.due(c) == .halt, "a new revision replaced the release it was given for, still Waiting")
        c.status = .init(phase: "Failed", lastAppliedSpec: "rev2")
        #expect(start.due(c) == .halt)
        c.status = .init(phase: "WaitingPromotion", lastAppliedSpec: "rev2")
        let promotion = try #require(CanaryFollowUp.after(.approve, on: c))
        c.status.phase = "Progressing"
        #expect(promotion.due(c) == .halt, "left WaitingPromotion: the gate is no longer for it")
        // What sets it back does not depend on its state (closing a closed gate is harmless).
        #expect(try CanaryRequests.undo(promotion, for: c).requests.first?.path
                == "/api/v1/namespaces/training-development/services/flagger-loadtester:80/proxy/gate/close")
    }

    /// `promote --full` (skipAnalysis) names the release it is for; set for another release (or
    /// left from a finished one, or set outside rollscope) it is flagged in `get` and the detail.
    @Test func skipAnalysisLeftFromAnEarlierReleaseIsFlagged() throws {
        var c = try Self.apiGateway()
        let path = "/apis/flagger.app/v1beta1/namespaces/training-development/canaries/api-gateway"
        c.status = .init(phase: "Progressing", lastAppliedSpec: "rev2")
        #expect(try CanaryRequests.plan(.promote, for: c, now: Fixtures.now).requests
                == [.patch(path, .merge, #"{"metadata":{"annotations":{"rollscope.io/skip-analysis-release":"rev2"}},"spec":{"skipAnalysis":true}}"#)])
        c.spec.skipAnalysis = true
        c.metadata.annotations = ["rollscope.io/skip-analysis-release": "rev2"]
        #expect(CanaryInfo(c, objects: ObjectSet()).skipAnalysisWarning == nil, "set for the release in progress")
        let clear = try CanaryRequests.undo(try #require(CanaryFollowUp.after(.promote, on: c)), for: c)
        #expect(clear.requests == [.patch(path, .merge, #"{"metadata":{"annotations":{"rollscope.io/skip-analysis-release":null}},"spec":{"skipAnalysis":false}}"#)])
        c.status = .init(phase: "Succeeded", lastAppliedSpec: "rev2")
        #expect(CanaryInfo(c, objects: ObjectSet()).skipAnalysisWarning != nil, "its release finished and it is still set")
        c.status = .init(phase: "Progressing", lastAppliedSpec: "rev3")
        let info = CanaryInfo(c, objects: ObjectSet())
        #expect(info.skipAnalysisWarning == "not for the release in progress: every release skips its analysis until it is cleared")
        #expect(CanaryText.canary(info, now: Fixtures.now).contains(
            "  SkipAnalysis:  true (⚠ not for the release in progress: every release skips its analysis until it is cleared)"))
        c.metadata.annotations = nil
        #expect(CanaryInfo(c, objects: ObjectSet()).skipAnalysisWarning != nil, "set outside rollscope")
    }

    /// The tree: Canary → primary and canary Deployments → Pods, plugin style.
    @Test func getCanaryText() throws {
        var c = try Self.apiGateway()
        c.metadata.creationTimestamp = Fixtures.weekAgo
        c.status = .init(phase: "Progressing", failedChecks: 1, iterations: 3, lastTransitionTime: KubeTime(Fixtures.now.addingTimeInterval(-90)))
        let ns = "training-development"
        func deployment(_ name: String, app: String, image: String, replicas: Int32) -> Deployment {
            Deployment(metadata: ObjectMeta(name: name, namespace: ns, creationTimestamp: Fixtures.weekAgo),
                       spec: .init(replicas: replicas, selector: LabelSelector(matchLabels: ["app": app]),
                                   template: PodTemplateSpec(spec: PodSpec(containers: [Container(name: "app", image: image)]))),
                       status: .init(replicas: replicas, updatedReplicas: replicas, readyReplicas: replicas, availableReplicas: replicas))
        }
        func pod(_ name: String, app: String) -> Pod {
            Pod(metadata: ObjectMeta(name: name, namespace: ns, creationTimestamp: Fixtures.weekAgo, labels: ["app": app]),
                spec: PodSpec(containers: [Container(name: "app")]),
                status: .init(phase: "Running", containerStatuses: [ContainerStatus(ready: true, state: .init(running: .init()))]))
        }
        let set = ObjectSet(pods: [pod("api-gateway-primary-1", app: "api-gateway-primary"), pod("api-gateway-7d-x", app: "api-gateway")],
                            deployments: [deployment("api-gateway-primary", app: "api-gateway-primary", image: "gw:1", replicas: 1),
                                          deployment("api-gateway", app: "api-gateway", image: "gw:2", replicas: 1)])
        let text = CanaryText.canary(CanaryInfo(c, objects: set), now: Fixtures.now)
        #expect(text == """
        Name:            api-gateway
        Namespace:       training-development
        Status:          ◌ Progressing
        Strategy:        BlueGreen
          Iteration:     3/10
          FailedChecks:  1/2
          Interval:      5s
          Provider:      kubernetes
        Target:          Deployment/api-gateway
        Images:          gw:1 (primary)
                         gw:2 (canary)
        Webhooks:        confirm-rollout "ask for confirmation" http://flagger-loadtester.training-development/gate/check (gate)
                         event "notify" <GOOGLE_CHAT_URL>
                         confirm-promotion "promote" http://flagger-loadtester.training-development/gate/halt (halt)
                         rollback "rollback" http://flagger-loadtester.training-development/rollback/check (rollbackGate)
        LastTransition:  2025-12-31T23:58:30Z (90s ago)

        NAME                           KIND        STATUS         AGE  INFO
        ⟳ api-gateway                  Canary      ◌ Progressing  7d   3/10
        ├──⧉ api-gateway-primary       Deployment  ✔ Healthy      7d   primary,ready:1/1
        │  └──□ api-gateway-primary-1  Pod         ✔ Running      7d   ready:1/1
        └──⧉ api-gateway               Deployment  ✔ Healthy      7d   canary,ready:1/1
           └──□ api-gateway-7d-x       Pod         ✔ Running      7d   ready:1/1
        """ + "\n")
    }

    @Test func listCanaries() throws {
        var a = try Self.apiGateway()
        a.status = .init(phase: "Waiting", lastTransitionTime: KubeTime(Fixtures.now.addingTimeInterval(-300)))
        var b = try Self.example("nginx-canary.yaml")
        b.status = .init(phase: "Progressing", failedChecks: 0, canaryWeight: 20)
        let infos = [a, b].map { CanaryInfo($0, objects: ObjectSet()) }
        #expect(CanaryText.list(infos, allNamespaces: true, now: Fixtures.now) == """
        NAMESPACE             NAME         STRATEGY   STATUS       PROGRESS  FAILED-CHECKS  LAST-TRANSITION
        training-development  api-gateway  BlueGreen  Waiting      0/10      0/2            5m
        test                  podinfo      Canary     Progressing  20/40     0/5            -
        """ + "\n")
        let wide = CanaryText.list(infos, allNamespaces: false, wide: true, now: Fixtures.now)
        #expect(wide.contains("confirm-rollout:gate,confirm-promotion:halt,rollback:rollbackGate"))
    }
}

/// The shared verbs on either kind.
@Suite struct ReleaseActionTests {
    @Test func sameVerbEitherKind() throws {
        var canary = try CanaryTests.apiGateway()
        canary.status = .init(phase: "Progressing")
        var rollout = Rollout(metadata: ObjectMeta(name: "web", namespace: "training-development"))
        rollout.spec.strategy = RolloutStrategy(blueGreen: BlueGreenStrategy(activeService: "web"))
        let set = ObjectSet(rollouts: [rollout], canaries: [canary])
        let onRollout = try ReleaseAction.abort.plan(name: "web", namespace: nil, objects: set, now: Fixtures.now)
        #expect(onRollout.message == "rollout 'web' aborted")
        let onCanary = try ReleaseAction.rollback.plan(name: "api-gateway", namespace: "training-development", objects: set, now: Fixtures.now)
        #expect(onCanary.requests.first?.path.hasSuffix("/proxy/rollback/open") == true)
        let restart = try ReleaseAction.restart.plan(name: "api-gateway", namespace: nil, objects: set, now: Fixtures.now)
        #expect(restart.message == "canary 'api-gateway' restarted (Deployment api-gateway restarted)")
        #expect(throws: ActionError("no rollout or canary named \"nope\"")) {
            try ReleaseAction.promote.plan(name: "nope", namespace: nil, objects: set, now: Fixtures.now)
        }
    }
}

/// `list canaries --watch`.
@Suite struct CanaryListWatchTests {
    @Test func appendsOnlyChangedRows() throws {
        var c = try CanaryTests.apiGateway()
        c.status = .init(phase: "Progressing", iterations: 1, lastTransitionTime: KubeTime(Fixtures.now))
        var watch = CanaryListWatch(initial: [CanaryInfo(c, objects: ObjectSet())], allNamespaces: false)
        c.status.lastTransitionTime = KubeTime(Fixtures.now.addingTimeInterval(10))
        #expect(watch.update(CanaryInfo(c, objects: ObjectSet()), now: Fixtures.now) == nil, "a new transition time alone is not a change")
        c.status.iterations = 2
        #expect(watch.update(CanaryInfo(c, objects: ObjectSet()), now: Fixtures.now.addingTimeInterval(70))
                == "api-gateway  BlueGreen  Progressing  2/10  0/2  60s\n")
    }
}

/// A DaemonSet target (`kubernetes-daemonset-bluegreen.yaml`): the tree shows the two DaemonSets.
@Suite struct CanaryDaemonSetTests {
    @Test func daemonSetTargetsAppearInTheTree() throws {
        let canary = try CanaryTests.example("kubernetes-daemonset-bluegreen.yaml")
        let ns = try #require(canary.metadata.namespace)
        let target = try #require(canary.spec.targetRef?.name)
        let workloads = try ManifestReader.read(Fixtures.text(Fixtures.flagger.appendingPathComponent("workloads/podinfo-daemonset.yaml")), file: "ds")
        var ds = try #require(workloads.daemonSets.first)
        ds.metadata.namespace = ns
        var primary = ds
        primary.metadata.name = "\(target)-primary"
        primary.spec.selector = LabelSelector(matchLabels: ["app.kubernetes.io/name": "\(target)-primary"])
        primary.status.desiredNumberScheduled = 2
        primary.status.numberReady = 2
        primary.status.numberAvailable = 2
        let pod = Pod(metadata: ObjectMeta(name: "\(target)-primary-abc", namespace: ns, labels: ["app.kubernetes.io/name": "\(target)-primary"]))
        let info = CanaryInfo(canary, objects: ObjectSet(pods: [pod], daemonSets: [ds, primary]))
        #expect(info.targetKind == "DaemonSet")
        #expect(info.primary?.status == "Healthy")
        #expect(info.primary?.pods.map(\.name) == ["\(target)-primary-abc"])
        #expect(info.canary?.status == "ScaledDown")
    }
}

extension CanaryDaemonSetTests {
    @Test func daemonSetRowsNameTheirKind() throws {
        let canary = try CanaryTests.example("kubernetes-daemonset-bluegreen.yaml")
        var ds = DaemonSet(metadata: ObjectMeta(name: "podinfo-ds-primary", namespace: canary.metadata.namespace))
        ds.status.desiredNumberScheduled = 1
        let text = CanaryText.canary(CanaryInfo(canary, objects: ObjectSet(daemonSets: [ds])), now: Fixtures.now)
        #expect(text.contains("└──⧉ podinfo-ds-primary  DaemonSet"))
        try OutputSchemaTests().check(OutputDocuments.canary(CanaryInfo(canary, objects: ObjectSet(daemonSets: [ds]))), definition: "canary")
    }
}

/// The failure reason Flagger leaves only in Events.
@Suite struct CanaryEventTests {
    @Test func lastWarningExplainsAFailure() throws {
        var c = try CanaryTests.apiGateway()
        c.status = .init(phase: "Failed", failedChecks: 0)
        func event(_ name: String, _ type: String, _ message: String, _ at: TimeInterval, kind: String = "Canary") -> KubeEvent {
            KubeEvent(metadata: ObjectMeta(name: name, namespace: "training-development"),
                      involvedObject: .init(kind: kind, name: "api-gateway", namespace: "training-development"),
                      reason: "Synced", message: message, type: type, lastTimestamp: KubeTime(Fixtures.now.addingTimeInterval(at)))
        }
        let events = [event("e3", "Warning", "Canary failed! Scaling down api-gateway.training-development", -10),
                      event("e1", "Warning", "Rolling back api-gateway.training-development failed checks threshold reached 2", -20),
                      event("e2", "Normal", "Advance api-gateway.training-development canary iteration 3/10", -30),
                      event("e4", "Warning", "about the deployment", -5, kind: "Deployment")]
        let set = ObjectSet(events: events)
        #expect(set.events(about: "Canary", named: "api-gateway", namespace: "training-development").map(\.metadata.name) == ["e2", "e1", "e3"])
        let info = CanaryInfo(c, objects: set)
        #expect(info.lastWarning == "Canary failed! Scaling down api-gateway.training-development")
        #expect(CanaryText.canary(info, now: Fixtures.now).contains("LastWarning:     Canary failed! Scaling down api-gateway.training-development\n"))
        try OutputSchemaTests().check(OutputDocuments.canary(info), definition: "canary")
    }
}
