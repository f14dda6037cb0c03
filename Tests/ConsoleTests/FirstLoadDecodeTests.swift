import Foundation
import JSONValue
import Kube
import KubeModel
import Delivery
import Testing
@testable import Console

/// A first load decodes each object once: its lists come page by page (the Rollouts', and the
/// ReplicaSets' started after the first Rollouts came, as `LiveSource` starts it), each page a
/// batch as `LiveSource.drain` handles it (applied, the rows it touched built, settled), and
/// every object a batch's rows read (the row's own, what its relations find) is still held typed,
/// not decoded again from its text: a Rollout until the ReplicaSets' pages have passed its
/// namespace, a ReplicaSet until its siblings' pages have too. Once both lists are complete, only
/// the texts are kept.
@Suite struct FirstLoadDecodeTests {
    /// Namespaces in the order a list brings them (the storage's key order, `namespace/name`:
    /// `shop-eu/` comes before `shop/`).
    static let namespaces = ["shop-eu", "shop", "web"]

    static func rollout(_ namespace: String, _ name: String) -> String {
        #"{"apiVersion":"argoproj.io/v1alpha1","kind":"Rollout","metadata":{"name":"\#(name)","namespace":"\#(namespace)","uid":"u-\#(namespace)-\#(name)","resourceVersion":"7"},"spec":{"replicas":1,"selector":{"matchLabels":{"app":"\#(name)"}},"template":{"metadata":{"labels":{"app":"\#(name)"}},"spec":{"containers":[{"name":"app","image":"app:2"}]}},"strategy":{"canary":{"steps":[{"setWeight":20},{"pause":{}}]}}},"status":{"phase":"Healthy","replicas":1,"readyReplicas":1,"currentPodHash":"bbb","stableRS":"bbb","currentStepIndex":2}}"#
    }

    static func replicaSet(_ namespace: String, _ rollout: String, _ hash: String, revision: Int) -> String {
        #"{"apiVersion":"apps/v1","kind":"ReplicaSet","metadata":{"name":"\#(rollout)-\#(hash)","namespace":"\#(namespace)","uid":"u-rs-\#(namespace)-\#(rollout)-\#(hash)","resourceVersion":"8","labels":{"app":"\#(rollout)","rollouts-pod-template-hash":"\#(hash)"},"annotations":{"rollout.argoproj.io/revision":"\#(revision)"},"ownerReferences":[{"apiVersion":"argoproj.io/v1alpha1","kind":"Rollout","name":"\#(rollout)","uid":"u-\#(namespace)-\#(rollout)","controller":true}]},"spec":{"replicas":1,"template":{"metadata":{"labels":{"app":"\#(rollout)"}},"spec":{"containers":[{"name":"app","image":"app:\#(revision)"}]}}},"status":{"replicas":1,"readyReplicas":1,"availableReplicas":1}}"#
    }

    /// Two Rollouts a namespace, in pages of two (one namespace each); two ReplicaSets each, in
    /// pages of three (a Rollout's two in two pages, a page across two namespaces).
    static func pages() throws -> (rollouts: [[any KubeObject]], replicaSets: [[any KubeObject]]) {
        let rollouts = try namespaces.flatMap { ns in try ["r1", "r2"].map { try KeptObjectTests.watched(Rollout.self, rollout(ns, $0)) } }
        let replicaSets = try namespaces.flatMap { ns in
            try ["r1", "r2"].flatMap { name in
                try [("aaa", 1), ("bbb", 2)].map { try KeptObjectTests.watched(ReplicaSet.self, replicaSet(ns, name, $0.0, revision: $0.1)) }
            }
        }
        return (stride(from: 0, to: rollouts.count, by: 2).map { Array(rollouts[$0..<$0 + 2]) },
                stride(from: 0, to: replicaSets.count, by: 3).map { Array(replicaSets[$0..<$0 + 3]) })
    }

    @Test func aFirstLoadDecodesEachObjectOnce() throws {
        let (rollouts, replicaSets) = try Self.pages()
        let rolloutSpec = WatchSpec(resource: .rollouts, namespace: nil)
        let replicaSetSpec = ArgoRolloutsAdapter.replicaSets(nil)
        // Interleaved as they come: the ReplicaSets' list starts once the first Rollouts are in.
        var order: [(WatchSpec, [any KubeObject], Bool)] = []
        for i in 0..<max(rollouts.count, replicaSets.count) {
            if i < rollouts.count { order.append((rolloutSpec, rollouts[i], i == rollouts.count - 1)) }
            if i < replicaSets.count { order.append((replicaSetSpec, replicaSets[i], i == replicaSets.count - 1)) }
        }
        var store = ObjectStore(registry: .standard)
        var loaded: [WatchSpec: Int] = [:]
        var rowsBuilt = 0
        for (spec, page, last) in order {
            loaded[spec, default: 0] += page.count
            let touched = store.apply(.page(page), from: spec, progress: ListProgress(loaded: loaded[spec]!, total: nil, isComplete: last))
            // What the rows of this batch read: each must still be held, not decoded from its text.
            for key in touched.rows[.rollout] ?? [] {
                #expect(store.kept(.rollouts, key: key)?.isTextOnly == false, "Rollout \(key) read again after it was let go")
                for related in store.relatedKept(key, of: .rollout) {
                    for object in related.objects {
                        #expect(!object.isTextOnly, "a ReplicaSet of \(key) read again after it was let go")
                    }
                }
            }
            rowsBuilt += LiveRows(touched, store: store, registry: .standard, detail: nil, now: Fixtures.now).rows.count
            store.settle()
        }
        #expect(rowsBuilt > rollouts.joined().count, "the ReplicaSets' pages built Rollouts' rows again")
        for resource in [ResourceType.rollouts, .replicaSets] {
            let kept = store.objects(resource)
            #expect(!kept.isEmpty)
            for object in kept {
                #expect(store.kept(resource, key: object.metadata.key)?.isTextOnly == true, "\(object.metadata.key) still held once both lists are in")
            }
        }
    }

    /// A list whose pages stop coming (its watch closed mid-list) holds nothing back.
    @Test func aDroppedListHoldsNothing() throws {
        let (rollouts, replicaSets) = try Self.pages()
        var store = ObjectStore(registry: .standard)
        _ = store.apply(.page(rollouts[0]), from: WatchSpec(resource: .rollouts, namespace: nil), progress: ListProgress(loaded: 2, total: nil, isComplete: true))
        _ = store.apply(.page(replicaSets[0]), from: ArgoRolloutsAdapter.replicaSets(nil), progress: ListProgress(loaded: 3, total: nil, isComplete: false))
        store.settle()
        #expect(store.kept(.rollouts, key: "shop-eu/r1")?.isTextOnly == false, "its ReplicaSets' pages may still come")
        _ = store.drop(ArgoRolloutsAdapter.replicaSets(nil))
        store.settle()
        #expect(store.kept(.rollouts, key: "shop-eu/r1")?.isTextOnly == true)
    }
}
