import Foundation
import Kube
import KubeModel
import Testing
import Delivery
@testable import Console

/// The registry of delivery adapters and the pure parts of the live source: the store and its
/// relations, the rows a batch touched, the connection from the informers' states, follow-ups.
@Suite struct DeliveryRegistryTests {
    static func decode<T: Decodable>(_ json: String) throws -> T { try JSONDecoder().decode(T.self, from: Data(json.utf8)) }

    static func rollout(_ name: String = "web", namespace: String = "shop") throws -> Rollout {
        try decode(#"{"metadata": {"name": "\#(name)", "namespace": "\#(namespace)", "uid": "u-\#(name)", "resourceVersion": "1"}, "spec": {"replicas": 1}}"#)
    }

    static func replicaSet(_ name: String, owner: String?, namespace: String = "shop") throws -> ReplicaSet {
        let owners = owner.map { #", "ownerReferences": [{"apiVersion": "argoproj.io/v1alpha1", "kind": "Rollout", "name": "\#($0)", "uid": "u-\#($0)"}]"# } ?? ""
        return try decode(#"{"metadata": {"name": "\#(name)", "namespace": "\#(namespace)"\#(owners)}, "spec": {"replicas": 1}}"#)
    }

    static func deployment(_ name: String, namespace: String = "test") throws -> Deployment {
        try decode(#"{"metadata": {"name": "\#(name)", "namespace": "\#(namespace)"}, "spec": {"replicas": 2}, "status": {"replicas": 2, "readyReplicas": 1}}"#)
    }

    /// Events as text: `ConsoleEvent` is not Equatable.
    static func text(_ events: [ConsoleEvent]) -> String { "\(events)" }

    static let list = WatchSpec(resource: .replicaSets, namespace: nil, labelSelector: "rollouts-pod-template-hash")
    static let detail = WatchSpec(resource: .replicaSets, namespace: "shop")

    @Test func everyKindComesFromTheRegistry() {
        for adapter in DeliveryRegistry.registered {
            // Each kind's own resource is decoded, listed and watched through the one table.
            #expect(ObjectSetKind.served(by: adapter.resource)?.kind == adapter.kind.rawValue, "\(adapter.kind)")
            #expect(adapter.kind.resource == adapter.resource)
            for relation in adapter.relations { #expect(ObjectSetKind.served(by: relation.resource) != nil) }
        }
        #expect(DeliveryRegistry.standard.listResources == [.rollouts, .canaries])
        // Discovery's missing tools are the registered tools' names.
        #expect(ServedKinds(groups: []).missingText == "Argo Rollouts and Flagger not installed")
        #expect(ServedKinds(groups: ["argoproj.io", "flagger.app"]).missingText == nil)
        #expect(ObjectSet.kinds == Set(ObjectSetKind.all.map(\.kind)))
    }

    @Test func kindsAreChosenByName() throws {
        #expect(try DeliveryRegistry.enabling(["canaries"]).adapters.map(\.kind) == [.canary])
        #expect(try DeliveryRegistry.enabling(["Canary", "ro"]).adapters.map(\.kind) == [.rollout, .canary])
        #expect(throws: KindsError.self) { try DeliveryRegistry.enabling(["statefulsets"]) }
    }

    @Test func theStoreIndexesARolloutsReplicaSets() throws {
        var store = ObjectStore(registry: .standard)
        let rollout = try Self.rollout()
        _ = store.apply(.replaced([rollout]), from: WatchSpec(resource: .rollouts, namespace: nil))
        let touched = store.apply(.replaced([try Self.replicaSet("web-1", owner: "web"), try Self.replicaSet("other", owner: nil)]), from: Self.list)
        #expect(touched.rows[.rollout] == ["shop/web"])
        #expect(store.related(rollout, of: .rollout).replicaSets.map(\.metadata.name) == ["web-1"])
        // A detail's narrower watch of the same ReplicaSet closing takes nothing from the list.
        _ = store.apply(.upserted(try Self.replicaSet("web-1", owner: "web")), from: Self.detail)
        #expect(store.drop(Self.detail).rows.isEmpty)
        #expect(store.related(rollout, of: .rollout).replicaSets.count == 1)
        // The list's closing does: the Rollout's row is built again without it.
        #expect(store.drop(Self.list).rows[.rollout] == ["shop/web"])
        #expect(store.related(rollout, of: .rollout).replicaSets.isEmpty)
    }

    @Test func aReplicaSetThatChangesOwnerLeavesTheOldRow() throws {
        var store = ObjectStore(registry: .standard)
        _ = store.apply(.replaced([try Self.rollout("a"), try Self.rollout("b")]), from: WatchSpec(resource: .rollouts, namespace: nil))
        _ = store.apply(.upserted(try Self.replicaSet("rs", owner: "a")), from: Self.list)
        let touched = store.apply(.upserted(try Self.replicaSet("rs", owner: "b")), from: Self.list)
        #expect(touched.rows[.rollout] == ["shop/a", "shop/b"])
        #expect(store.related(try Self.rollout("a"), of: .rollout).replicaSets.isEmpty)
    }

    @Test func aCanaryRowReadsItsTargetAndPrimary() throws {
        var store = ObjectStore(registry: .standard)
        let canary = try ListTruthTests.canary(phase: "Progressing")
        _ = store.apply(.upserted(canary), from: WatchSpec(resource: .canaries, namespace: nil))
        let deployments = WatchSpec(resource: .deployments, namespace: nil)
        let touched = store.apply(.replaced([try Self.deployment("podinfo-primary"), try Self.deployment("podinfo"), try Self.deployment("other")]), from: deployments)
        #expect(touched.rows[.canary] == ["test/podinfo"])
        let rows = LiveRows(touched, store: store, registry: .standard, detail: nil, now: Fixtures.now)
        #expect(rows.rows.map(\.ref) == [ObjectRef(kind: .canary, namespace: "test", name: "podinfo")])
        #expect(rows.rows.first?.ready == 1 && rows.rows.first?.replicas == 2)
    }

    @Test func rowsEndWhereTheBatchEnds() throws {
        var store = ObjectStore(registry: .standard)
        let spec = WatchSpec(resource: .rollouts, namespace: nil)
        var touched = store.apply(.upserted(try Self.rollout()), from: spec)
        touched.formUnion(store.apply(.deleted(try Self.rollout()), from: spec))
        var rows = LiveRows(touched, store: store, registry: .standard, detail: nil, now: Fixtures.now)
        #expect(rows.rows.isEmpty && rows.removed == [ObjectRef(kind: .rollout, namespace: "shop", name: "web")])
        touched.formUnion(store.apply(.upserted(try Self.rollout()), from: spec))
        rows = LiveRows(touched, store: store, registry: .standard, detail: nil, now: Fixtures.now)
        #expect(rows.rows.count == 1 && rows.removed.isEmpty)
    }

    @Test func theDetailIsBuiltWhenItsNamespaceChanges() throws {
        var store = ObjectStore(registry: .standard)
        _ = store.apply(.upserted(try Self.rollout()), from: WatchSpec(resource: .rollouts, namespace: nil))
        let ref = ObjectRef(kind: .rollout, namespace: "shop", name: "web")
        let elsewhere = store.apply(.upserted(try Self.replicaSet("x", owner: nil, namespace: "other")), from: Self.list)
        #expect(LiveRows(elsewhere, store: store, registry: .standard, detail: ref, now: Fixtures.now).detail == nil)
        let here = store.apply(.upserted(try Self.replicaSet("x", owner: nil)), from: Self.detail)
        let built = LiveRows(here, store: store, registry: .standard, detail: ref, now: Fixtures.now)
        #expect(built.detail?.ref == ref)
        #expect(built.rows.map(\.ref) == [ref], "the detail's row is built with it")
    }

    /// Another kind needs its adapter and a registry naming it: rows follow with no other code.
    struct BareReplicaSets: DeliveryAdapter {
        var kind: DeliveryKind { DeliveryKind(rawValue: "ReplicaSet") }
        var resource: ResourceType { .replicaSets }
        /// `get rs NAME` prints its name; `list rs` a NAME column.
        var commandLine: CommandLineKind {
            CommandLineKind(resource: .replicaSets, summary: "A ReplicaSet.",
                            get: .init(reads: [.replicaSets], notFoundName: "replicasets.apps", find: { set, name in
                                set.replicaSets.first { $0.metadata.name == name }.map { ($0.metadata.name, nil) }
                            }, text: { name, _, _ in "replicaset \(name)\n" }, document: { ViewDocument(kind: "ReplicaSetView", item: $0) }),
                            list: .init(reads: { _ in [.replicaSets] }, table: { set, _, _ in
                                TextTable(header: ["NAME"], rows: set.replicaSets.map { [$0.metadata.name] })
                            }, document: { ViewList(kind: "ReplicaSetViewList", items: $0.replicaSets.map(\.metadata.name)) }, watching: .once))
        }
        func detailWatches(of ref: ObjectRef, row: DeliveryRow?) -> [WatchSpec] { [WatchSpec(resource: .pods, namespace: ref.namespace)] }
        func row(_ object: any KubeObject, related: ObjectSet, now: Date) -> DeliveryRow? {
            DeliveryRow(ref: ref(object), strategy: "-", status: .healthy, message: "", progress: .none, plans: [:])
        }
        func detail(_ object: any KubeObject, objects: ObjectSet, now: Date) -> DetailModel? { DetailModel(ref: ref(object)) }
    }

    @Test func anotherAdapterShowsRows() throws {
        let registry = DeliveryRegistry(DeliveryRegistry.standard.adapters + [BareReplicaSets()])
        var store = ObjectStore(registry: registry)
        let touched = store.apply(.upserted(try Self.replicaSet("api", owner: nil)), from: WatchSpec(resource: .replicaSets, namespace: nil))
        let live = LiveRows(touched, store: store, registry: registry, detail: nil, now: Fixtures.now)
        #expect(live.rows.map(\.ref.description) == ["replicaset/api"])
        let snapshot = SnapshotSource(objects: ObjectSet(replicaSets: [try Self.replicaSet("api", owner: nil)]), name: "dump", now: Fixtures.now, registry: registry)
        snapshot.start(wake: {})
        let rows = snapshot.drain().compactMap { if case let .rows(upserted, _) = $0 { upserted } else { nil } }.flatMap { $0 }
        #expect(rows.map(\.ref.kind.rawValue) == ["ReplicaSet"])
        var state = ConsoleState(identity: ClusterIdentity(context: "c", server: "s", user: "u"), scope: .all, watchAllNamespaces: true, now: Fixtures.now)
        state.deliveries = registry
        #expect(state.neededWatches.contains(WatchSpec(resource: .replicaSets, namespace: nil)))
    }

    @Test func theListsDecideTheConnection() {
        var tracker = ConnectionTracker(listResources: [.rollouts, .canaries])
        let rollouts = WatchSpec(resource: .rollouts, namespace: nil), canaries = WatchSpec(resource: .canaries, namespace: nil)
        let since = Fixtures.now
        #expect(tracker.state(.connecting, of: canaries).events.isEmpty)
        #expect(tracker.state(.live, of: rollouts).events.isEmpty, "the canaries have not settled")
        #expect(Self.text(tracker.state(.live, of: canaries).events) == Self.text([.connection(.live)]))
        #expect(Self.text(tracker.state(.reconnecting(since: since, message: "EOF"), of: canaries).events) == Self.text([.connection(.reconnecting(since: since, reason: "EOF"))]))
        // A list that stopped (its tool went away) no longer holds the connection back.
        #expect(Self.text(tracker.closed([canaries])) == Self.text([.connection(.live)]))
        // A ReplicaSet watch's failure is told once and never decides the connection.
        let replicaSets = WatchSpec(resource: .replicaSets, namespace: nil)
        #expect(tracker.state(.failed("boom"), of: replicaSets).events.count == 1)
        #expect(tracker.state(.failed("boom"), of: replicaSets).events.isEmpty)
        #expect(tracker.connection == .live)
    }

    @Test func aNamespaceIsForbiddenThenReadable() {
        var tracker = ConnectionTracker(listResources: [.rollouts, .canaries])
        let rollouts = WatchSpec(resource: .rollouts, namespace: "shop"), canaries = WatchSpec(resource: .canaries, namespace: "shop")
        #expect(Self.text(tracker.state(.forbidden("no"), of: rollouts).events) == Self.text([.namespaceForbidden("shop", message: "no")]))
        _ = tracker.state(.live, of: canaries)
        #expect(Self.text(tracker.state(.live, of: rollouts).events) == Self.text([.namespaceReadable("shop")]))
    }

    @Test func failuresAskTheSourceToAct() {
        var tracker = ConnectionTracker(listResources: [.rollouts])
        let events = WatchSpec(resource: .events, namespace: "shop", fieldSelector: "involvedObject.name=web")
        #expect(tracker.state(.failed("field selector"), of: events).action == .watchEventsUnselected(WatchSpec(resource: .events, namespace: "shop")))
        let missing = tracker.state(.failed("Error from server (NotFound): rollouts"), of: WatchSpec(resource: .rollouts, namespace: nil))
        #expect(missing.action == .rediscover && missing.events.isEmpty)
        #expect(Self.text(tracker.served(.known(groups: []))) == Self.text([.served(.known(groups: [])), .connection(.live)]))
    }
}

/// The follow-up book on plain values: an adapter's follow-up waits for its mutation, opens once
/// it succeeded, and is due when its object has moved.
@Suite struct FollowUpBookTests {
    struct Gate: AwaitedFollowUp {
        var ref: ObjectRef
        var opened: String { "the gate" }
        var awaited: String { "leave Waiting" }
        func isDue(_ object: any KubeObject) -> Bool { object.metadata.resourceVersion == "2" }
        func closing(_ object: any KubeObject) -> FollowUp? {
            FollowUp(kind: .promote, label: "close the gate", target: ref, requests: [],
                     after: AutomaticOrigin(label: "approve", time: Fixtures.now))
        }
    }

    static let ref = ObjectRef(kind: .canary, namespace: "test", name: "podinfo")

    static func canary(version: String) throws -> Canary {
        try DeliveryRegistryTests.decode(#"{"metadata": {"name": "podinfo", "namespace": "test", "resourceVersion": "\#(version)"}, "spec": {}}"#)
    }

    static func mutation(id: Int) -> Mutation {
        Mutation(id: id, kind: .promote, label: "approve", target: ref, context: "c", requests: [])
    }

    @Test func aFollowUpOpensAndFallsDue() throws {
        var book = FollowUpBook()
        book.sending(Self.mutation(id: 1), Gate(ref: Self.ref))
        let before = try Self.canary(version: "1"), after = try Self.canary(version: "2")
        #expect(book.finished(2, .succeeded, object: { _ in before }).isEmpty, "another mutation")
        let opened = book.finished(1, .succeeded, object: { _ in before })
        #expect(DeliveryRegistryTests.text(opened).contains("followUpOpened"))
        #expect(book.due(changed: [Self.ref], object: { _ in before }).isEmpty, "not moved yet")
        #expect(book.due(changed: [], object: { _ in after }).isEmpty, "not among the changed")
        #expect(DeliveryRegistryTests.text(book.due(changed: [Self.ref], object: { _ in after })).contains("followUpDue"))
        #expect(book.isEmpty)
    }

    @Test func aFailedMutationOpensNothing() throws {
        var book = FollowUpBook()
        book.sending(Self.mutation(id: 1), Gate(ref: Self.ref))
        let canary = try Self.canary(version: "2")
        #expect(book.finished(1, .unreachable("timeout"), object: { _ in canary }).isEmpty)
        #expect(book.isEmpty)
    }
}

/// The command line's table: each registered tool's facet, and Experiments beside them.
@Suite struct CommandLineKindsTests {
    @Test func everyRegisteredAdapterHasItsCommandLineKind() {
        for adapter in DeliveryRegistry.registered {
            #expect(adapter.commandLine.resource == adapter.resource, "\(adapter.kind)")
            #expect(DeliveryRegistry.commandLineKinds.contains { $0.resource == adapter.resource }, "\(adapter.kind)")
        }
        #expect(DeliveryRegistry.commandLineKinds.map(\.resource.plural) == ["rollouts", "canaries", "deployments", "experiments"])
    }

    @Test func thePluginsAndKubectlsNamesResolve() throws {
        let expected: [String: ResourceType] = [
            "rollout": .rollouts, "rollouts": .rollouts, "ro": .rollouts, "rollouts.argoproj.io": .rollouts, "Rollout": .rollouts,
            "experiment": .experiments, "experiments": .experiments, "exp": .experiments, "experiment.argoproj.io": .experiments,
            "canary": .canaries, "canaries": .canaries, "canaries.flagger.app": .canaries,
            "deployment": .deployments, "deployments": .deployments, "deploy": .deployments, "deployments.apps": .deployments,
        ]
        for (name, resource) in expected {
            #expect(try DeliveryRegistry.commandLineKinds.resolve(name).resource == resource, "\(name)")
        }
        #expect(throws: UnknownKind(name: "pods")) { try DeliveryRegistry.commandLineKinds.resolve("pods") }
    }

    /// A registered kind is reachable by `get` and `list` through its facet alone.
    @Test func anotherAdaptersKindIsOnTheCommandLine() throws {
        let table = DeliveryRegistry.commandLineKinds(DeliveryRegistry.registered + [DeliveryRegistryTests.BareReplicaSets()])
        let kind = try table.resolve("rs")
        #expect(try table.resolve("replicasets.apps").resource == .replicaSets)
        let set = ObjectSet(replicaSets: [try DeliveryRegistryTests.replicaSet("api", owner: nil)])
        let shown = try #require(kind.get.show(set, "api"))
        #expect(shown.text(Fixtures.now, .plain) == "replicaset api\n")
        #expect(try shown.document(.json).contains(#""kind" : "ReplicaSetView""#))
        #expect(kind.get.show(set, "web") == nil)
        #expect(try kind.list.render(set, .init(), Fixtures.now) == "NAME\napi\n")
        #expect(try kind.list.render(set, .init(format: .json), Fixtures.now).contains(#""kind" : "ReplicaSetViewList""#))
    }

    @Test func noNameResolvesToTwoKinds() {
        let kinds = DeliveryRegistry.commandLineKinds
        for (i, a) in kinds.enumerated() {
            for b in kinds[(i + 1)...] { #expect(a.names.isDisjoint(with: b.names), "\(a.resource.plural) and \(b.resource.plural)") }
        }
    }
}
