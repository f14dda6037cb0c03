import Foundation
import JSONValue
import KubeModel
import Delivery
import Testing
@testable import Console

/// The store keeps the list's objects as their texts (`KeptObject`) once a batch is settled, and
/// decodes them again when asked: the same objects as a direct decode, the same plans (their
/// requests to the byte) as rows planned from the typed objects, `set image`'s PUT the watched
/// text with only the image changed. Objects of the detail's watches stay typed.
@Suite struct KeptObjectTests {
    static func template(_ image: String, _ hash: String?) -> String {
        let label = hash.map { #","rollouts-pod-template-hash":"\#($0)""# } ?? ""
        return #"{"metadata":{"labels":{"app":"web"\#(label)}},"spec":{"containers":[{"name":"web","image":"\#(image)","ports":[{"containerPort":8080}],"unknownField":{"kept":true}}]}}"#
    }

    /// A canary Rollout paused at its second step (of four), as a server sends it.
    static let rollout = #"{"apiVersion":"argoproj.io/v1alpha1","kind":"Rollout","metadata":{"name":"web","namespace":"shop","uid":"u-web","resourceVersion":"42","generation":2,"labels":{"app":"web","team":"a"},"annotations":{"rollout.argoproj.io/revision":"2"}},"spec":{"replicas":3,"selector":{"matchLabels":{"app":"web"}},"template":\#(template("argoproj/rollouts-demo:blue", nil)),"strategy":{"canary":{"steps":[{"setWeight":20},{"pause":{}},{"setWeight":60},{"pause":{"duration":"30s"}}]}}},"status":{"phase":"Paused","replicas":3,"readyReplicas":3,"updatedReplicas":1,"availableReplicas":3,"currentPodHash":"bbb","stableRS":"aaa","currentStepIndex":1,"pauseConditions":[{"reason":"CanaryPauseStep","startTime":"2026-12-06T10:00:00Z"}],"controllerPause":true,"observedGeneration":"2"}}"#

    /// The Rollout's ReplicaSet of `revision`.
    static func replicaSet(_ revision: Int, hash: String, image: String) -> String {
        #"{"apiVersion":"apps/v1","kind":"ReplicaSet","metadata":{"name":"web-\#(hash)","namespace":"shop","uid":"u-rs-\#(hash)","resourceVersion":"\#(40 + revision)","labels":{"app":"web","rollouts-pod-template-hash":"\#(hash)"},"annotations":{"rollout.argoproj.io/revision":"\#(revision)"},"ownerReferences":[{"apiVersion":"argoproj.io/v1alpha1","kind":"Rollout","name":"web","uid":"u-web","controller":true}]},"spec":{"replicas":1,"template":\#(template(image, hash))},"status":{"replicas":1,"readyReplicas":1,"availableReplicas":1}}"#
    }

    static let replicaSets = [replicaSet(1, hash: "aaa", image: "argoproj/rollouts-demo:green"), replicaSet(2, hash: "bbb", image: "argoproj/rollouts-demo:blue")]

    /// `text` decoded as an informer decodes it (the object and its text).
    static func watched<T: KubeObject>(_ type: T.Type, _ text: String) throws -> any KubeObject {
        try ScanningJSONDecoder().decode(Verbatim<T>.self, from: Data(text.utf8))
    }

    /// A Rollout keeps its whole text itself (`verbatim`, for `set image`): the informer's
    /// `Verbatim` holds those same bytes, not a second copy; a ReplicaSet's text is its own.
    @Test func aRolloutsTextIsHeldOnceWhileItIsDecoded() throws {
        func address(_ text: [UInt8]?) -> UnsafeRawPointer? { text?.withUnsafeBytes { $0.baseAddress } }
        let decoded = try ScanningJSONDecoder().decode(Verbatim<Rollout>.self, from: Data(Self.rollout.utf8))
        #expect(decoded.text == Array(Self.rollout.utf8))
        #expect(address(decoded.text) != nil && address(decoded.text) == address(decoded.object.verbatim?.text))
        let replicaSet = try ScanningJSONDecoder().decode(Verbatim<ReplicaSet>.self, from: Data(Self.replicaSets[0].utf8))
        #expect(replicaSet.text == Array(Self.replicaSets[0].utf8))
    }

    /// A store fed as the list's watches feed it, and what the batch touched.
    static func store() throws -> (ObjectStore, Touched) {
        var store = ObjectStore(registry: .standard)
        var touched = store.apply(.upserted(try watched(Rollout.self, rollout)), from: WatchSpec(resource: .rollouts, namespace: nil))
        touched.formUnion(store.apply(.replaced(try replicaSets.map { try watched(ReplicaSet.self, $0) }), from: ArgoRolloutsAdapter.replicaSets(nil)))
        return (store, touched)
    }

    @Test func theListsObjectsAreKeptAsTextAndDecodeAsBefore() throws {
        var store = try Self.store().0
        #expect(store.kept(.rollouts, key: "shop/web")?.isTextOnly == false, "held until the batch's rows are built")
        store.settle()
        let kept = try #require(store.kept(.rollouts, key: "shop/web"))
        #expect(kept.isTextOnly)
        #expect(kept.labels == ["app": "web", "team": "a"])
        let direct = try ScanningJSONDecoder().decode(Rollout.self, from: Data(Self.rollout.utf8))
        let again = try #require(kept.object as? Rollout)
        #expect(again == direct)
        #expect(again.verbatim?.text == Array(Self.rollout.utf8), "the text as the server sent it")
        #expect(again.templateRaw == direct.templateRaw)
        for text in Self.replicaSets {
            let direct = try ScanningJSONDecoder().decode(ReplicaSet.self, from: Data(text.utf8))
            let key = "shop/\(direct.metadata.name)"
            #expect(store.kept(.replicaSets, key: key)?.isTextOnly == true)
            let again = try #require(store.object(.replicaSets, key: key) as? ReplicaSet)
            #expect(again == direct)
            #expect(again.spec.template?.raw == direct.spec.template?.raw, "undo's and the diff's template")
        }
        #expect(store.related(direct, of: .rollout).replicaSets.map(\.metadata.name) == ["web-aaa", "web-bbb"])
        #expect(store.objects(.rollouts, labelled: "team", "a").map(\.metadata.name) == ["web"])
        #expect(store.objects(.rollouts, labelled: "team", "b").isEmpty)
        // The detail's watches keep theirs typed while the detail is open.
        _ = store.apply(.upserted(try Self.watched(ReplicaSet.self, Self.replicaSets[0])), from: WatchSpec(resource: .replicaSets, namespace: "shop"))
        _ = store.apply(.upserted(try Self.watched(Pod.self, #"{"metadata":{"name":"web-bbb-1","namespace":"shop"}}"#)), from: WatchSpec(resource: .pods, namespace: "shop"))
        store.settle()
        #expect(store.kept(.pods, key: "shop/web-bbb-1")?.isTextOnly == false)
        #expect(store.objects(in: "shop").replicaSets.map(\.metadata.name) == ["web-aaa", "web-bbb"])
    }

    /// A Rollout's typed form is held until its ReplicaSets are listed (their first list builds
    /// every Rollout's row again, from it rather than from its text decoded again).
    @Test func rolloutsAreSettledOnceTheirReplicaSetsAreListed() throws {
        var store = ObjectStore(registry: .standard)
        _ = store.apply(.replaced([try Self.watched(Rollout.self, Self.rollout)]), from: WatchSpec(resource: .rollouts, namespace: nil))
        store.settle()
        #expect(store.kept(.rollouts, key: "shop/web")?.isTextOnly == false)
        _ = store.apply(.replaced([]), from: ArgoRolloutsAdapter.replicaSets(nil))
        store.settle()
        #expect(store.kept(.rollouts, key: "shop/web")?.isTextOnly == true)
    }

    @Test func rowsPlanFromTheKeptTextsAsFromTheObjects() throws {
        let (fed, touched) = try Self.store()
        var store = fed
        let rows = LiveRows(touched, store: store, registry: .standard, detail: nil, now: Fixtures.now).rows
        let row = try #require(rows.first)
        #expect(rows.map(\.ref.description) == [row.ref.description] && row.ref.name == "web")
        // Asked while the batch still holds its typed objects (as `PermissionBook` asks), then from the texts.
        let held = MutationKind.allCases.flatMap { PlansOnDemandTests.describe(row.plan($0), as: $0.rawValue) }
        store.settle()
        #expect(store.kept(.rollouts, key: "shop/web")?.isTextOnly == true)
        let settled = MutationKind.allCases.flatMap { PlansOnDemandTests.describe(row.plan($0), as: $0.rawValue) }
        let rollout = try ScanningJSONDecoder().decode(Rollout.self, from: Data(Self.rollout.utf8))
        let related = ObjectSet(replicaSets: try Self.replicaSets.map { try ScanningJSONDecoder().decode(ReplicaSet.self, from: Data($0.utf8)) })
        let direct = RolloutRowBuilder.plans(rollout, objects: related, now: Fixtures.now)
        let expected = MutationKind.allCases.flatMap { PlansOnDemandTests.describe(direct[$0] ?? .disabled(reason: "none"), as: $0.rawValue) }
        #expect(held == expected)
        #expect(settled == expected)
        // The plans that matter here are planned, not refused: promote, and undo to revision 1's template.
        guard case let .ready(label, requests, _) = row.plan(.promote) else { Issue.record("promote: \(row.plan(.promote))"); return }
        #expect(label == "promote to step 2/4 (setWeight: 60)" && !requests.isEmpty)
        guard case let .ready(_, undo, _) = row.plan(.undo) else { Issue.record("undo: \(row.plan(.undo))"); return }
        #expect(undo.contains { String(decoding: $0.body ?? Data(), as: UTF8.self).contains("rollouts-demo:green") })
    }

    @Test func setImagePutsTheWatchedTextWithOnlyTheImageChanged() throws {
        let (fed, touched) = try Self.store()
        var store = fed
        let row = try #require(LiveRows(touched, store: store, registry: .standard, detail: nil, now: Fixtures.now).rows.first)
        store.settle()
        guard case let .needsArgument(planner) = row.plan(.setImage) else { Issue.record("\(row.plan(.setImage))"); return }
        #expect(planner.initial == "web=argoproj/rollouts-demo:blue" && planner.basis == "42")
        guard case let .ready(_, requests, _) = planner.plan("web=argoproj/rollouts-demo:yellow") else { Issue.record("\(planner.plan("web=argoproj/rollouts-demo:yellow"))"); return }
        #expect(requests.map { "\($0.method.rawValue) \($0.path)" } == ["PUT /apis/argoproj.io/v1alpha1/namespaces/shop/rollouts/web"])
        let expected = Self.rollout.replacingOccurrences(of: "rollouts-demo:blue", with: "rollouts-demo:yellow")
        #expect(requests.first.flatMap { $0.body.map { String(decoding: $0, as: UTF8.self) } } == expected)
    }
}
