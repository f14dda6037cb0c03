import Foundation
import JSONValue
import KubeModel
import Delivery
@testable import APIServer
@testable import DemoCluster

/// A demo cluster on a virtual clock with no scenario objects: tests apply their own through the
/// store, advance time and read back what the simulated controllers wrote.
final class TestCluster {
    let clock = VirtualClock()
    let server: EmbeddedAPIServer
    let cluster: DemoCluster
    var store: ObjectStore { server.store }

    init(scenario: DemoOptions.Scenario = .empty, seed: UInt64 = 7, namespaces: [String] = ["demo"]) throws {
        let clock = self.clock
        server = try EmbeddedAPIServer(options: .init(tls: false), store: ObjectStore(clock: { clock.now }))
        cluster = try DemoCluster(server: server, options: DemoOptions(scenario: scenario, seed: seed), clock: clock)
        for ns in namespaces {
            try server.store.create(.namespaces, namespace: nil, object: ["metadata": ["name": .string(ns)]])
        }
        try cluster.start()
    }

    deinit { cluster.stop() }

    func advance(_ seconds: TimeInterval) { clock.advance(by: seconds, step: 1) }

    func get(_ r: ResourceType, _ name: String, ns: String = "demo") throws -> JSON {
        try store.get(r, namespace: ns, name: name).json
    }

    func list(_ r: ResourceType, ns: String = "demo") throws -> [JSON] {
        try store.list(r, namespace: ns).items.map(\.json)
    }

    func create(_ r: ResourceType, _ object: JSON, ns: String = "demo") throws {
        try store.create(r, namespace: ns, object: object)
    }

    /// The plugin's patches (`kubectl argo rollouts ...`), byte for byte in meaning.
    func mergeStatus(_ name: String, _ patch: JSON, ns: String = "demo") throws {
        try store.patch(.rollouts, namespace: ns, name: name, type: .merge, patch: patch, subresource: "status")
    }

    func mergeSpec(_ r: ResourceType, _ name: String, _ patch: JSON, ns: String = "demo") throws {
        try store.patch(r, namespace: ns, name: name, type: .merge, patch: patch)
    }

    func setImage(_ r: ResourceType, _ name: String, _ image: String, ns: String = "demo") throws {
        try store.patch(r, namespace: ns, name: name, type: .json,
                        patch: [["op": "replace", "path": "/spec/template/spec/containers/0/image", "value": .string(image)]])
    }

    /// Advances one second at a time until `done` holds (at most `limit` seconds); returns whether it did.
    @discardableResult
    func advance(until done: () throws -> Bool, limit: TimeInterval = 600) rethrows -> Bool {
        var elapsed: TimeInterval = 0
        while elapsed < limit {
            if try done() { return true }
            clock.advance(by: 1)
            elapsed += 1
        }
        return try done()
    }

    /// Every version of one object that watchers see from now on.
    func observe(_ r: ResourceType, _ name: String, ns: String = "demo") throws -> Observed {
        let observed = Observed()
        try store.watch(ObjectStore.WatchOptions(resource: r, namespace: ns, resourceVersion: String(store.resourceVersion))) { frame in
            guard case .event(_, let bytes) = frame, let o = try? JSON(parsing: bytes), o.name == name else { return }
            observed.add(o)
        }
        return observed
    }

    /// The namespace's objects as the `Delivery` model reads them (a kubectl List through the manifest reader).
    func objectSet(ns: String = "demo") throws -> ObjectSet {
        var items: [JSON] = []
        for r in [ResourceType.rollouts, .replicaSets, .pods, .analysisRuns, .experiments, .deployments, .events, .canaries] {
            items += try list(r, ns: ns)
        }
        let document: JSON = ["apiVersion": "v1", "kind": "List", "items": .array(items)]
        return try ManifestReader.read(document.data, file: "\(ns).json")
    }

    /// The plugin's status rules on the simulated Rollout: what `RolloutStatus.of` reports (trusting
    /// the written phase), and what the rules compute from the rest of the status alone.
    func pluginStatus(_ name: String, ns: String = "demo") throws -> (reported: RolloutStatus, computed: RolloutStatus) {
        guard let rollout = try objectSet(ns: ns).rollout(named: name, namespace: ns) else {
            throw APIStatus(code: 404, reason: "NotFound", message: "rollout \(name)")
        }
        return (RolloutStatus.of(rollout), RolloutStatus.calculated(rollout))
    }

    /// `Phase - message` as the plugin prints it, after checking that the rules computed from the
    /// simulated status agree with the phase the simulated controller wrote.
    func pluginLine(_ name: String, ns: String = "demo") throws -> String {
        let (reported, computed) = try pluginStatus(name, ns: ns)
        return reported == computed ? reported.line : "disagree: \(reported.line) / \(computed.line)"
    }

    func phase(_ r: ResourceType, _ name: String, ns: String = "demo") -> String {
        (try? get(r, name, ns: ns))?[path: ["status", "phase"]]?.stringValue ?? ""
    }

    /// Owned ReplicaSets of a Rollout by pod-template hash → spec.replicas.
    func replicaSets(of rollout: String, ns: String = "demo") throws -> [String: Int64] {
        var out: [String: Int64] = [:]
        for rs in try list(.replicaSets, ns: ns) where rs[path: ["metadata", "ownerReferences"]]?[0]?["name"]?.stringValue == rollout {
            out[rs[path: ["metadata", "labels", "rollouts-pod-template-hash"]]?.stringValue ?? ""] = rs[path: ["spec", "replicas"]]?.intValue
        }
        return out
    }
}

/// Versions of an object collected from a watch.
final class Observed: @unchecked Sendable {
    private let lock = NSLock()
    private var storage: [JSON] = []
    func add(_ o: JSON) { lock.lock(); storage.append(o); lock.unlock() }
    var versions: [JSON] { lock.lock(); defer { lock.unlock() }; return storage }
}

/// Manifests the tests apply.
enum TestManifests {
    static func template(_ app: String, _ image: String) -> JSON {
        ["metadata": ["labels": ["app": .string(app)]],
         "spec": ["containers": [["name": .string(app), "image": .string(image),
                                  "ports": [["name": "http", "containerPort": 8080, "protocol": "TCP"]]]]]]
    }

    static func canary(_ name: String, replicas: Int64 = 4, steps: [JSON], annotations: JSON = [:], extra: JSON = [:]) -> JSON {
        var spec: JSON = ["replicas": .int(replicas), "selector": ["matchLabels": ["app": .string(name)]],
                          "template": template(name, "argoproj/rollouts-demo:blue"),
                          "strategy": ["canary": ["steps": .array(steps)]]]
        for m in extra.objectValue ?? JSONObject() { spec[m.key] = m.value }
        return ["apiVersion": "argoproj.io/v1alpha1", "kind": "Rollout",
                "metadata": ["name": .string(name), "annotations": annotations], "spec": spec]
    }

    static func blueGreen(_ name: String, replicas: Int64 = 3, strategy: JSON) -> JSON {
        var s = strategy
        s["activeService"] = .string(name)
        return ["apiVersion": "argoproj.io/v1alpha1", "kind": "Rollout", "metadata": ["name": .string(name)],
                "spec": ["replicas": .int(replicas), "selector": ["matchLabels": ["app": .string(name)]],
                         "template": template(name, "argoproj/rollouts-demo:blue"),
                         "strategy": ["blueGreen": s]]]
    }

    static let analysisTemplate: JSON = [
        "apiVersion": "argoproj.io/v1alpha1", "kind": "AnalysisTemplate", "metadata": ["name": "success-rate"],
        "spec": ["metrics": [["name": "success-rate", "count": 2, "interval": "10s", "successCondition": "result[0] >= 0.95",
                              "provider": ["prometheus": ["address": "http://prometheus:9090", "query": "up"]]]]],
    ]
}
