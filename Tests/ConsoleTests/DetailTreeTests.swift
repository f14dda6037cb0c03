import APIServer
import DemoCluster
import Foundation
import JSONValue
import KubeModel
import Delivery
import Testing
@testable import Console

/// The console's detail shows the same tree as `rollscope get rollout` for the same objects:
/// the objects the detail's watches deliver (each `WatchSpec` applied as the API server applies
/// it: namespace, then label selector) are enough for the text `get` prints from everything.
@Suite struct DetailTreeTests {
    static let identity = ClusterIdentity(context: "test", server: "https://127.0.0.1:6443", user: "admin")
    static let argo = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/argo-rollouts/pkg/kubectl-argo-rollouts/info/testdata")

    /// Every YAML file of a fixture folder, in file-name order, as the plugin's tests load them.
    static func folder(_ name: String) throws -> ObjectSet {
        let url = argo.appendingPathComponent(name)
        var set = ObjectSet()
        for file in try FileManager.default.contentsOfDirectory(atPath: url.path).filter({ $0.hasSuffix(".yaml") }).sorted() {
            set.append(try ManifestReader.read(String(contentsOf: url.appendingPathComponent(file), encoding: .utf8), file: file))
        }
        return set
    }

    /// The watches the console opens for the detail of `rollout`, given its list row.
    static func detailWatches(_ rollout: Rollout, objects: ObjectSet, now: Date) -> Set<WatchSpec> {
        var state = ConsoleState(identity: identity, scope: .all, watchAllNamespaces: true, now: now)
        let row = RolloutRowBuilder.row(rollout, objects: ObjectSet(), now: now)
        _ = Reducer.reduce(&state, .rows(upserted: [row], removed: []))
        state.screen = .detail(row.ref)
        return state.neededWatches
    }

    /// What those watches deliver from `all`, as the server would filter it, each object once
    /// however many watches deliver it (as the source's `KindCache` reads them).
    static func delivered(_ all: ObjectSet, _ watches: Set<WatchSpec>) throws -> ObjectSet {
        func kept<T: KubeResource>(_ items: [T], _ resource: ResourceType) throws -> [T] {
            var keys: Set<String> = []
            for spec in watches where spec.resource == resource {
                let selector = try LabelSelector(spec.labelSelector ?? "")
                for item in items where (spec.namespace == nil || item.metadata.namespace == spec.namespace)
                    && selector.matches(item.metadata.labels ?? [:]) {
                    keys.insert(item.metadata.key)
                }
            }
            return items.filter { keys.contains($0.metadata.key) }
        }
        return ObjectSet(rollouts: try kept(all.rollouts, .rollouts), replicaSets: try kept(all.replicaSets, .replicaSets),
                         pods: try kept(all.pods, .pods), analysisRuns: try kept(all.analysisRuns, .analysisRuns),
                         experiments: try kept(all.experiments, .experiments), deployments: try kept(all.deployments, .deployments),
                         canaries: try kept(all.canaries, .canaries))
    }

    /// The detail's text lines and `get rollout`'s for every Rollout of `all`; returns how many
    /// tree lines were Experiment ReplicaSets (so a run that never had one is seen).
    @discardableResult
    static func compare(_ all: ObjectSet, now: Date, _ where_: String) throws -> Int {
        var experimentSets = 0
        for rollout in all.rollouts {
            let seen = try delivered(all, detailWatches(rollout, objects: all, now: now))
            let detail = DetailBuilder.detail(rollout, objects: seen, now: now)
            let get = RolloutText.rollout(RolloutInfo(rollout, objects: all), now: now)
                .split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            #expect(detail.text == (get.last == "" ? Array(get.dropLast()) : get),
                    "\(where_): \(rollout.metadata.namespace ?? "")/\(rollout.metadata.name)")
            let experimentNames = Set(all.replicaSets.filter { $0.metadata.ownerReferences?.contains { $0.kind == "Experiment" } == true }
                .map(\.metadata.name))
            experimentSets += detail.text.filter { line in experimentNames.contains { line.contains($0) } }.count
        }
        return experimentSets
    }

    @Test(arguments: ["canary", "blue-green", "experiment-step", "experiment-analysis", "rollout-aborted", "rollout-invalid"])
    func everyFixtureFolder(folder: String) throws {
        let all = try Self.folder(folder)
        let experiments = try Self.compare(all, now: Date(timeIntervalSince1970: 1_767_225_600), folder)
        if folder.hasPrefix("experiment") { #expect(experiments > 0, "the Experiment's ReplicaSets are in the tree") }
    }

    /// The default demo scenario through its first six minutes, every 30 s.
    @Test func theDemosDefaultScenario() throws {
        let clock = VirtualClock(start: Date(timeIntervalSince1970: 1_790_000_000))
        let server = try EmbeddedAPIServer(options: .init(tls: false), store: ObjectStore(clock: { clock.now }))
        let cluster = try DemoCluster(server: server, options: DemoOptions(scenario: .default, seed: 42), clock: clock)
        try cluster.start()
        defer { cluster.stop() }
        var experiments = 0
        for _ in 0..<12 {
            clock.advance(by: 30, step: 1)
            var items: [JSON] = []
            for r in [ResourceType.rollouts, .replicaSets, .pods, .analysisRuns, .experiments, .deployments] {
                items += try server.store.list(r, namespace: nil).items.map(\.json)
            }
            let list: JSON = ["apiVersion": "v1", "kind": "List", "items": .array(items)]
            let all = try ManifestReader.read(list.data, file: "demo.json")
            experiments += try Self.compare(all, now: clock.now, "demo at \(clock.now)")
        }
        #expect(experiments > 0, "an Experiment ran in those six minutes")
    }
}
