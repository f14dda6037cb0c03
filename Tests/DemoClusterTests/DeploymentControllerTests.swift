import Foundation
import JSONValue
import KubeModel
import Testing
@testable import APIServer
@testable import DemoCluster
@testable import Delivery

/// The simulated Deployment controller on plain Deployments, driven by the exact requests of
/// `kubectl rollout` (`DeploymentRequests`) and read back through `kubectl rollout status`'s rules.
@Suite struct DeploymentControllerTests {
    static func deployment(_ name: String, replicas: Int64 = 4, image: String = "web:1", extra: JSON = [:]) -> JSON {
        var spec: JSON = ["replicas": .int(replicas), "selector": ["matchLabels": ["app": .string(name)]],
                          "template": TestManifests.template(name, image)]
        for m in extra.objectValue ?? JSONObject() { spec[m.key] = m.value }
        return ["apiVersion": "apps/v1", "kind": "Deployment", "metadata": ["name": .string(name)], "spec": spec]
    }

    /// The Deployment as the `Delivery` model reads it, with the namespace's objects.
    static func read(_ c: TestCluster, _ name: String) throws -> (Deployment, ObjectSet) {
        let set = try c.objectSet()
        return (try #require(set.deployment(named: name, namespace: "demo")), set)
    }

    static func status(_ c: TestCluster, _ name: String) throws -> DeploymentStatus {
        DeploymentStatus.of(try read(c, name).0)
    }

    /// Sends `action`'s plan to the store as the API server would receive it.
    static func run(_ action: DeploymentAction, on name: String, in c: TestCluster) throws {
        let (d, set) = try read(c, name)
        let plan = try DeploymentRequests.plan(action, for: d, objects: set, now: c.clock.now)
        for request in plan.requests {
            let type = try #require(APIRequest.PatchType(rawValue: request.contentType ?? ""))
            #expect(request.path == "/apis/apps/v1/namespaces/demo/deployments/\(name)")
            try c.store.patch(.deployments, namespace: "demo", name: name, type: type, patch: try JSON(parsing: request.body ?? Data()))
        }
    }

    /// Owned ReplicaSets: name → (revision annotation, spec.replicas).
    static func replicaSets(_ c: TestCluster, _ name: String) throws -> [String: (revision: String, replicas: Int64)] {
        var out: [String: (String, Int64)] = [:]
        for rs in try c.list(.replicaSets) where rs.controllerOwner?.name == name {
            out[rs.name] = (rs.annotation("deployment.kubernetes.io/revision") ?? "", rs[path: ["spec", "replicas"]]?.intValue ?? -1)
        }
        return out
    }

    static func rolledOut(_ c: TestCluster, _ name: String, revision: String) -> Bool {
        guard let s = try? status(c, name), let d = try? c.get(.deployments, name) else { return false }
        return s.verdict == .rolledOut && d.annotation("deployment.kubernetes.io/revision") == revision
    }

    /// A new image rolls within maxSurge 25% / maxUnavailable 25% of 4 (one extra pod, one
    /// missing at most): both ReplicaSets run pods at once, their sizes never sum above 5.
    @Test func rollingUpdate() throws {
        let c = try TestCluster()
        try c.create(.deployments, Self.deployment("web"))
        #expect(c.advance(until: { Self.rolledOut(c, "web", revision: "1") }, limit: 120))
        #expect(try Self.status(c, "web") == DeploymentStatus(verdict: .rolledOut, message: #"deployment "web" successfully rolled out"#, phase: .healthy))
        try c.setImage(.deployments, "web", "web:2")
        var overlapped = false
        var sawWaiting = false
        let done = try c.advance(until: {
            let sets = try Self.replicaSets(c, "web").values
            #expect(sets.reduce(0) { $0 + $1.replicas } <= 5)
            if sets.filter({ $0.replicas > 0 }).count == 2 { overlapped = true }
            if try Self.status(c, "web").message.hasPrefix(#"Waiting for deployment "web" rollout to finish"#) { sawWaiting = true }
            return Self.rolledOut(c, "web", revision: "2")
        }, limit: 300)
        #expect(done && overlapped && sawWaiting)
        let sets = try Self.replicaSets(c, "web")
        #expect(sets.count == 2)
        #expect(Set(sets.values.map { "\($0.revision):\($0.replicas)" }) == ["1:0", "2:4"])
        let progressing = try c.get(.deployments, "web").condition("Progressing")
        #expect(progressing?["reason"]?.stringValue == "NewReplicaSetAvailable")
    }

    /// `kubectl rollout pause` holds a new template back (no new ReplicaSet); resume lets it roll.
    @Test func pauseHolds() throws {
        let c = try TestCluster()
        try c.create(.deployments, Self.deployment("web", replicas: 2))
        #expect(c.advance(until: { Self.rolledOut(c, "web", revision: "1") }, limit: 120))
        try Self.run(.pause, on: "web", in: c)
        try c.setImage(.deployments, "web", "web:2")
        c.advance(120)
        #expect(try Self.replicaSets(c, "web").count == 1)
        let paused = try c.get(.deployments, "web").condition("Progressing")
        #expect(paused?["status"]?.stringValue == "Unknown" && paused?["reason"]?.stringValue == "DeploymentPaused")
        #expect(try Self.status(c, "web").phase == .paused)
        #expect(throws: ActionError(#"deployments.apps "web" is already paused"#)) { try Self.run(.pause, on: "web", in: c) }
        try Self.run(.resume, on: "web", in: c)
        #expect(try c.get(.deployments, "web")[path: ["spec", "paused"]] == nil)
        #expect(c.advance(until: { Self.rolledOut(c, "web", revision: "2") }, limit: 300))
        #expect(try Self.replicaSets(c, "web").count == 2)
    }

    /// `kubectl rollout restart` makes a new revision with the same image.
    @Test func restartRolls() throws {
        let c = try TestCluster()
        try c.create(.deployments, Self.deployment("web", replicas: 2))
        #expect(c.advance(until: { Self.rolledOut(c, "web", revision: "1") }, limit: 120))
        try Self.run(.restart, on: "web", in: c)
        #expect(c.advance(until: { Self.rolledOut(c, "web", revision: "2") }, limit: 300))
        let current = try #require(try c.list(.replicaSets).first { $0.annotation("deployment.kubernetes.io/revision") == "2" })
        #expect(current[path: ["spec", "template", "metadata", "annotations", "kubectl.kubernetes.io/restartedAt"]] != nil)
        #expect(current[path: ["spec", "template", "spec", "containers"]]?.arrayValue?.first?["image"]?.stringValue == "web:1")
    }

    /// `kubectl rollout undo` brings revision 1's template back: the controller reuses its
    /// ReplicaSet, numbered 3 now, with 1 in its revision history.
    @Test func undoReusesTheOldReplicaSet() throws {
        let c = try TestCluster()
        try c.create(.deployments, Self.deployment("web", replicas: 2))
        #expect(c.advance(until: { Self.rolledOut(c, "web", revision: "1") }, limit: 120))
        let first = try #require(try Self.replicaSets(c, "web").keys.first)
        try c.setImage(.deployments, "web", "web:2")
        #expect(c.advance(until: { Self.rolledOut(c, "web", revision: "2") }, limit: 300))
        try Self.run(.undo(toRevision: nil), on: "web", in: c)
        #expect(c.advance(until: { Self.rolledOut(c, "web", revision: "3") }, limit: 300))
        let sets = try Self.replicaSets(c, "web")
        #expect(sets.count == 2)
        #expect(sets[first]?.revision == "3" && sets[first]?.replicas == 2)
        let reused = try c.get(.replicaSets, first)
        #expect(reused.annotation("deployment.kubernetes.io/revision-history") == "1")
        #expect(reused[path: ["spec", "template", "spec", "containers"]]?.arrayValue?.first?["image"]?.stringValue == "web:1")
        // Undoing again goes back to revision 2's ReplicaSet.
        try Self.run(.undo(toRevision: nil), on: "web", in: c)
        #expect(c.advance(until: { Self.rolledOut(c, "web", revision: "4") }, limit: 300))
        #expect(try Self.replicaSets(c, "web").count == 2)
    }

    /// Pods that never become ready: past `progressDeadlineSeconds` the Progressing condition
    /// turns ProgressDeadlineExceeded and kubectl reports the failure.
    @Test func deadlineExceeded() throws {
        let c = try TestCluster()
        try c.create(.deployments, Self.deployment("web", replicas: 2, extra: ["progressDeadlineSeconds": 30]))
        #expect(c.advance(until: { Self.rolledOut(c, "web", revision: "1") }, limit: 120))
        try c.setImage(.deployments, "web", "web:does-not-exist")
        let start = c.clock.now
        #expect(c.advance(until: { (try? Self.status(c, "web"))?.verdict == .failed }, limit: 200))
        #expect(c.clock.now.timeIntervalSince(start) >= 30)
        #expect(try Self.status(c, "web") == DeploymentStatus(verdict: .failed, message: #"deployment "web" exceeded its progress deadline"#, phase: .degraded))
        let condition = try c.get(.deployments, "web").condition("Progressing")
        #expect(condition?["status"]?.stringValue == "False")
        #expect(condition?["message"]?.stringValue?.hasSuffix("has timed out progressing.") == true)
        // The old pods keep serving: maxUnavailable 25% of 2 rounds down to 0.
        #expect(try c.get(.deployments, "web")[path: ["status", "availableReplicas"]]?.intValue == 2)
    }

    /// The rolling-update arithmetic, case by case against kube-controller-manager's.
    @Test func scalingArithmetic() {
        let four = DeploymentScaling(replicas: 4, strategy: nil)
        #expect(four.maxSurge == 1 && four.maxUnavailable == 1)
        // Start: the new set may grow by the surge only.
        #expect(four.newReplicas(new: .init(spec: 0, pods: 0, available: 0), old: [.init(spec: 4, pods: 4, available: 4)]) == 1)
        // Old sets shrink down to the minimum available (3), counting the new set's available pods.
        #expect(four.oldReplicas(new: .init(spec: 1, pods: 1, available: 0), old: [.init(spec: 4, pods: 4, available: 4)]) == [3])
        #expect(four.oldReplicas(new: .init(spec: 2, pods: 2, available: 2), old: [.init(spec: 3, pods: 3, available: 3)]) == [1])
        // Unhealthy old pods go first, even below the available minimum's reach.
        #expect(four.oldReplicas(new: .init(spec: 1, pods: 1, available: 1), old: [.init(spec: 2, pods: 2, available: 0), .init(spec: 2, pods: 2, available: 2)]) == [0, 2])
        let explicit = DeploymentScaling(replicas: 10, strategy: ["rollingUpdate": ["maxSurge": 3, "maxUnavailable": "15%"]])
        #expect(explicit.maxSurge == 3 && explicit.maxUnavailable == 1)
        let zero = DeploymentScaling(replicas: 3, strategy: ["rollingUpdate": ["maxSurge": 0, "maxUnavailable": 0]])
        #expect(zero.maxUnavailable == 1)
        let recreate = DeploymentScaling(replicas: 3, strategy: ["type": "Recreate"])
        #expect(recreate.oldReplicas(new: .init(spec: 0, pods: 0, available: 0), old: [.init(spec: 3, pods: 3, available: 3)]) == [0])
        #expect(recreate.newReplicas(new: .init(spec: 0, pods: 0, available: 0), old: [.init(spec: 0, pods: 1, available: 0)]) == 0)
        #expect(recreate.newReplicas(new: .init(spec: 0, pods: 0, available: 0), old: [.init(spec: 0, pods: 0, available: 0)]) == 3)
    }
}
