import Foundation
import Kube
import KubeModel
import Testing
import Delivery
@testable import Console

/// Plain Deployments through the registry: off by default, never shown twice (a Canary's target
/// and primary, a Rollout's `workloadRef`), with kubectl's rollout verbs as plans.
@Suite struct DeploymentsAdapterTests {
    static func deployment(_ name: String, namespace: String = "test", paused: Bool = false) throws -> Deployment {
        try DeliveryRegistryTests.decode(#"""
        {"metadata": {"name": "\#(name)", "namespace": "\#(namespace)", "uid": "u-\#(name)", "generation": 1,
                      "annotations": {"deployment.kubernetes.io/revision": "1"}},
         "spec": {"replicas": 2, "paused": \#(paused), "selector": {"matchLabels": {"app": "\#(name)"}}},
         "status": {"observedGeneration": 1, "replicas": 2, "updatedReplicas": 2, "readyReplicas": 2, "availableReplicas": 2}}
        """#)
    }

    static func adopter() throws -> Rollout {
        try DeliveryRegistryTests.decode(#"{"metadata": {"name": "legacy-ro", "namespace": "test"}, "spec": {"workloadRef": {"apiVersion": "apps/v1", "kind": "Deployment", "name": "legacy"}}}"#)
    }

    static let all = try! DeliveryRegistry.enabling(["rollouts", "canaries", "deployments"])

    @Test func offByDefault() throws {
        #expect(DeliveryRegistry.standard.adapters.map(\.kind) == [.rollout, .canary])
        #expect(Self.all.adapters.map(\.kind) == [.rollout, .canary, .deployment])
        var options = ConsoleOptions()
        #expect(try options.deliveries(config: ConsoleConfig()).adapters.count == 2)
        #expect(try options.deliveries(config: ConsoleConfig.parse("kinds: [deployments]")).adapters.map(\.kind) == [.deployment])
        options.kinds = ["rollouts", "deploy"]
        #expect(try options.deliveries(config: ConsoleConfig.parse("kinds: [canaries]")).adapters.map(\.kind) == [.rollout, .deployment])
    }

    @Test func aDeploymentShownByACanaryOrARolloutIsNotListedAgain() throws {
        var store = ObjectStore(registry: Self.all)
        var touched = store.apply(.upserted(try ListTruthTests.canary(phase: "Succeeded")), from: WatchSpec(resource: .canaries, namespace: nil))
        touched.formUnion(store.apply(.upserted(try Self.adopter()), from: WatchSpec(resource: .rollouts, namespace: nil)))
        let names = ["podinfo", "podinfo-primary", "legacy", "api"]
        touched.formUnion(store.apply(.replaced(try names.map { try Self.deployment($0) }), from: WatchSpec(resource: .deployments, namespace: nil)))
        let rows = LiveRows(touched, store: store, registry: Self.all, detail: nil, now: Fixtures.now)
        #expect(rows.rows.filter { $0.ref.kind == .deployment }.map(\.ref.name) == ["api"])
        // The same from a dump, where every object is related to every row.
        let dump = ObjectSet(rollouts: [try Self.adopter()], deployments: try names.map { try Self.deployment($0) },
                             canaries: [try ListTruthTests.canary(phase: "Succeeded")])
        #expect(DeploymentsAdapter().rows(in: dump, now: Fixtures.now).map(\.ref.name) == ["api"])
        // The Canary goes: its target and primary are plain Deployments again.
        let gone = store.apply(.replaced([]), from: WatchSpec(resource: .canaries, namespace: nil))
        let after = LiveRows(gone, store: store, registry: Self.all, detail: nil, now: Fixtures.now)
        #expect(Set(after.rows.map(\.ref.name)) == ["podinfo", "podinfo-primary"])
    }

    /// `--kinds rollouts,canaries,deployments` on a cluster with neither tool: Deployments are
    /// built in, so the list shows them; the "not installed" screen is for when nothing enabled is served.
    @Test func aBuiltInKindIsListedOnAClusterWithNeitherTool() throws {
        func screen(_ registry: DeliveryRegistry) throws -> String {
            var state = ConsoleState(identity: Fixtures.identity, scope: .all, watchAllNamespaces: true, now: Fixtures.now)
            state.deliveries = registry
            _ = Reducer.start(&state)
            _ = Reducer.reduce(&state, .resize(width: 100, height: 24))
            _ = Reducer.reduce(&state, .served(.known(groups: [])))
            _ = Reducer.reduce(&state, .connection(.live))
            let row = try #require(DeploymentsAdapter().row(try Self.deployment("api"), related: ObjectSet(), now: Fixtures.now))
            _ = Reducer.reduce(&state, .rows(upserted: registry.adapter(for: .deployment) == nil ? [] : [row], removed: []))
            return ConsoleView.render(state, glyphs: .ascii).lines.joined(separator: "\n")
        }
        let withDeployments = try screen(Self.all)
        #expect(!withDeployments.contains("Neither Argo Rollouts nor Flagger is installed"), "\(withDeployments)")
        #expect(withDeployments.contains("api"))
        #expect(withDeployments.components(separatedBy: "\n")[0].contains("Argo Rollouts and Flagger not installed"))
        #expect(try screen(.standard).contains("Neither Argo Rollouts nor Flagger is installed"))
        var tracker = ConnectionTracker(listResources: Self.all.listResources)
        #expect(tracker.served(.known(groups: [])).count == 1,
                "the Deployments' list decides the connection")
    }

    @Test func kubectlsRolloutVerbsArePlans() throws {
        let row = try #require(DeploymentsAdapter().row(try Self.deployment("api"), related: ObjectSet(), now: Fixtures.now))
        #expect(row.status == .healthy && row.ready == 2 && row.replicas == 2 && row.selector == "app=api")
        guard case let .ready(label, requests, _) = row.plan(.pauseToggle) else { Issue.record("pause disabled"); return }
        #expect(label == "pause")
        // `kubectl rollout pause`'s own request.
        #expect(requests.map(\.description)
            == [#"PATCH /apis/apps/v1/namespaces/test/deployments/api?fieldManager=kubectl-rollout [application/strategic-merge-patch+json] {"spec":{"paused":true}}"#])
        guard case .ready = row.plan(.restart) else { Issue.record("restart disabled"); return }
        guard case .disabled = row.plan(.undo) else { Issue.record("undo without history"); return }
        for kind in [MutationKind.promote, .promoteFull, .abort, .retry] {
            guard case .disabled = row.plan(kind) else { Issue.record("\(kind) enabled"); return }
        }
        let paused = try #require(DeploymentsAdapter().row(try Self.deployment("api", paused: true), related: ObjectSet(), now: Fixtures.now))
        guard case let .ready(resume, _, _) = paused.plan(.pauseToggle) else { Issue.record("resume disabled"); return }
        #expect(resume == "resume" && paused.status == .paused)
    }
}
