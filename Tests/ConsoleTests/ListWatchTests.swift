import APIServer
import Foundation
import JSONValue
import KubeModel
import Testing
@testable import Console

/// The list's own watches against the embedded API server: every row's READY and WEIGHT are
/// there without opening any detail, and follow the ReplicaSets and Deployments they are read from.
@Suite(.serialized) struct ListWatchTests {
    /// A server with a basic canary Rollout mid-step and its canary ReplicaSet, and a Canary with its primary.
    static func start() throws -> (EmbeddedAPIServer, LiveSource) {
        let server = try EmbeddedAPIServer()
        try server.start()
        for ns in ["shop", "test"] { _ = try server.store.create(.namespaces, namespace: nil, object: ["metadata": ["name": .string(ns)]]) }
        let rollout = try server.store.create(.rollouts, namespace: "shop", object: [
            "apiVersion": "argoproj.io/v1alpha1", "kind": "Rollout", "metadata": ["name": "web", "namespace": "shop"],
            "spec": ["replicas": 5, "strategy": ["canary": ["steps": [["setWeight": 20], ["pause": [:]], ["setWeight": 50]]]]],
        ])
        let uid = rollout.json[path: ["metadata", "uid"]]?.stringValue ?? ""
        _ = try server.store.patch(.rollouts, namespace: "shop", name: "web", type: .merge, patch: [
            "status": ["replicas": 10, "readyReplicas": 10, "availableReplicas": 10, "currentStepIndex": 1,
                       "currentPodHash": "new", "stableRS": "old"],
        ], subresource: "status")
        _ = try server.store.create(.replicaSets, namespace: "shop", object: [
            "apiVersion": "apps/v1", "kind": "ReplicaSet",
            "metadata": ["name": "web-new", "namespace": "shop", "labels": ["rollouts-pod-template-hash": "new"],
                         "annotations": ["rollout.argoproj.io/revision": "2"],
                         "ownerReferences": [["apiVersion": "argoproj.io/v1alpha1", "kind": "Rollout", "name": "web", "uid": .string(uid)]]],
            "spec": ["replicas": 2, "selector": ["matchLabels": ["app": "web"]]],
        ])
        _ = try server.store.patch(.replicaSets, namespace: "shop", name: "web-new", type: .merge,
                                   patch: ["status": ["replicas": 2, "availableReplicas": 2]], subresource: "status")
        _ = try server.store.create(.canaries, namespace: "test", object: [
            "apiVersion": "flagger.app/v1beta1", "kind": "Canary", "metadata": ["name": "podinfo", "namespace": "test"],
            "spec": ["targetRef": ["apiVersion": "apps/v1", "kind": "Deployment", "name": "podinfo"],
                     "analysis": ["interval": "1m", "threshold": 2, "maxWeight": 50, "stepWeight": 10]],
        ])
        _ = try server.store.create(.deployments, namespace: "test", object: [
            "apiVersion": "apps/v1", "kind": "Deployment", "metadata": ["name": "podinfo-primary", "namespace": "test"],
            "spec": ["replicas": 2, "selector": ["matchLabels": ["app": "podinfo-primary"]]],
        ])
        try setPrimaryReady(server, 2)
        let dir = NSTemporaryDirectory() + "rollscope-listwatch-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        try server.writeKubeconfig(to: dir + "/config")
        let (source, _) = try LiveSource.open(options: ConsoleOptions(kubeconfig: [dir + "/config"]), environment: ["HOME": dir])
        return (server, source)
    }

    static func setPrimaryReady(_ server: EmbeddedAPIServer, _ ready: Int) throws {
        _ = try server.store.patch(.deployments, namespace: "test", name: "podinfo-primary", type: .merge,
                                   patch: ["status": ["replicas": 2, "readyReplicas": .int(Int64(ready)), "availableReplicas": .int(Int64(ready))]],
                                   subresource: "status")
    }

    /// Runs the reducer on the source's events (opening the watches it asks for) until `done`
    /// holds, `tries` times 50 ms at most.
    static func run(_ state: inout ConsoleState, _ source: LiveSource, tries: Int = 200, until done: (ConsoleState) -> Bool) async {
        for _ in 0..<tries {
            for event in source.drain() {
                for case let .watch(specs) in Reducer.reduce(&state, event) { source.setWatches(specs) }
            }
            if done(state) { return }
            try? await Task.sleep(nanoseconds: 50_000_000)
        }
    }

    @Test func everyRowHasItsReadyAndWeightWithoutADetail() async throws {
        let (server, source) = try Self.start()
        defer { server.stop(); source.stop() }
        source.start(wake: {})
        var state = ConsoleState(identity: source.identity, scope: .all, watchAllNamespaces: true, now: Date())
        for case let .watch(specs) in Reducer.start(&state) { source.setWatches(specs) }
        let web = ObjectRef(kind: .rollout, namespace: "shop", name: "web")
        let podinfo = ObjectRef(kind: .canary, namespace: "test", name: "podinfo")
        await Self.run(&state, source) { $0.rows[web]?.actualWeight != nil && $0.rows[podinfo]?.ready != nil }
        #expect(state.screen == .main, "no detail was opened")
        #expect(state.rows[web]?.readyText == "10/10")
        #expect(state.rows[web]?.weightText == "20/20", "2 of 10 available pods in the canary ReplicaSet")
        #expect(state.rows[podinfo]?.readyText == "2/2")

        try Self.setPrimaryReady(server, 1)
        await Self.run(&state, source) { $0.rows[podinfo]?.readyText == "1/2" }
        #expect(state.rows[podinfo]?.readyText == "1/2", "the row follows its primary Deployment")
        _ = try server.store.patch(.replicaSets, namespace: "shop", name: "web-new", type: .merge,
                                   patch: ["status": ["replicas": 5, "availableReplicas": 5]], subresource: "status")
        await Self.run(&state, source) { $0.rows[web]?.weightText == "20/50" }
        #expect(state.rows[web]?.weightText == "20/50", "the row follows its canary ReplicaSet")

        // Opening and closing the detail (its own ReplicaSet and Deployment watches) takes nothing from the list.
        while state.selectedDelivery != web { Fixtures.press(&state, "j") }
        for case let .watch(specs) in Fixtures.press(&state, "enter", "esc") { source.setWatches(specs) }
        await Self.run(&state, source, tries: 20) { _ in false }
        #expect(state.rows[web]?.weightText == "20/50")
        #expect(state.rows[podinfo]?.readyText == "1/2")
    }

    @Test func aForbiddenReplicaSetWatchIsToldOnceAndItsValuesReadUnknown() async throws {
        let (server, source) = try Self.start()
        defer { server.stop(); source.stop() }
        server.faults.failNext(pathPrefix: "/apis/apps/v1/replicasets", method: "GET", code: 403, count: 1_000_000)
        source.start(wake: {})
        var state = ConsoleState(identity: source.identity, scope: .all, watchAllNamespaces: true, now: Date())
        for case let .watch(specs) in Reducer.start(&state) { source.setWatches(specs) }
        let web = ObjectRef(kind: .rollout, namespace: "shop", name: "web")
        await Self.run(&state, source) { $0.messages.contains { $0.message.text.hasPrefix("replicasets: ") } && $0.rows[web] != nil }
        #expect(state.rows[web]?.weightText == "20/-", "the actual weight is unknown, not 0")
        let told = state.messages.filter { $0.message.text.hasPrefix("replicasets: ") }
        #expect(told.count == 1 && told[0].message.isError, "\(state.messages)")
        await Self.run(&state, source, tries: 30) { _ in false }
        #expect(state.messages.filter { $0.message.text.hasPrefix("replicasets: ") }.count == 1, "told once, not at each retry")
    }
}
