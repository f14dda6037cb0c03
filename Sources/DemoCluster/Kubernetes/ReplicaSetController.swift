import APIServer
import Foundation
import JSONValue
import KubeModel

/// The ReplicaSet controller and the kubelet, simulated: keeps each ReplicaSet's pod count at
/// `spec.replicas` (creating realistic pods, deleting the newest first), starts new pods after a
/// seeded delay (Running and Ready, or failing as the template asks), and writes the
/// ReplicaSet's replica counts into its status.
final class ReplicaSetController: @unchecked Sendable {
    private let writer: ObjectWriter
    private let clock: any DemoClock
    private let options: DemoOptions
    private let factory: PodFactory
    private let random: DemoRandom
    private var queue: ReconcileQueue!
    /// Pods whose start is already scheduled (confined to the clock's context).
    private var starting: Set<String> = []

    init(store: ObjectStore, clock: any DemoClock, options: DemoOptions, random: DemoRandom) {
        writer = ObjectWriter(store: store)
        self.clock = clock
        self.options = options
        self.random = random
        factory = PodFactory(random: random)
        queue = ReconcileQueue(clock: clock) { [weak self] key in self?.reconcile(key) }
    }

    func start(_ watcher: StoreWatcher) throws {
        try watcher.watch(.replicaSets, clock: clock) { [weak self] _, rs in self?.queue.enqueue(rs.key) }
        try watcher.watch(.pods, clock: clock) { [weak self] kind, pod in
            guard let self else { return }
            if let owner = pod.controllerOwner, owner.kind == "ReplicaSet" { queue.enqueue("\(pod.namespace)/\(owner.name)") }
            if kind == .added, pod[path: ["status", "startTime"]] == nil { scheduleStart(pod) }
        }
    }

    func stop() { queue.stop() }

    private func scheduleStart(_ pod: JSON) {
        guard starting.insert(pod.key).inserted else { return }
        let delay = options.scaled(options.podStartSeconds + random.double(in: 0...max(0, options.podStartJitter)))
        clock.schedule(after: delay) { [weak self] in
            guard let self else { return }
            starting.remove(pod.key)
            guard let current = writer.get(.pods, namespace: pod.namespace, name: pod.name),
                  current[path: ["status", "startTime"]] == nil else { return }
            writer.writeStatus(.pods, current, factory.startedStatus(of: current, fault: PodFault(pod: current), at: clock.now))
        }
    }

    private func reconcile(_ key: String) {
        let (ns, name) = splitKey(key)
        guard let rs = writer.get(.replicaSets, namespace: ns, name: name) else {
            for pod in ((try? writer.store.list(.pods, namespace: ns).items) ?? []).map(\.json)
            where pod.controllerOwner?.kind == "ReplicaSet" && pod.controllerOwner?.name == name {
                _ = try? writer.store.delete(.pods, namespace: ns, name: pod.name)
            }
            return
        }
        let desired = rs[path: ["spec", "replicas"]]?.replicaCount ?? 1
        var pods = writer.owned(.pods, namespace: ns, by: rs.uid, matchLabels: rs[path: ["spec", "selector", "matchLabels"]])
        if pods.count < desired {
            for _ in pods.count..<desired {
                if let pod = writer.create(.pods, namespace: ns, factory.pod(for: rs)) { pods.append(pod) }
            }
        } else if pods.count > desired {
            let doomed = pods.sorted { (isReady($0) ? 1 : 0, $0.name) < (isReady($1) ? 1 : 0, $1.name) }.prefix(pods.count - desired)
            for pod in doomed { _ = try? writer.store.delete(.pods, namespace: ns, name: pod.name) }
            let gone = Set(doomed.map(\.name))
            pods.removeAll { gone.contains($0.name) }
        }
        let ready = pods.filter(isReady).count
        var status = rs["status"] ?? [:]
        status["replicas"] = .int(Int64(pods.count))
        status["fullyLabeledReplicas"] = .int(Int64(pods.count))
        status["readyReplicas"] = .int(Int64(ready))
        status["availableReplicas"] = .int(Int64(ready))
        status["observedGeneration"] = .int(rs.generation)
        if !writer.writeStatus(.replicaSets, rs, status) { queue.enqueue(key) }
    }

    private func isReady(_ pod: JSON) -> Bool { pod.condition("Ready")?["status"]?.stringValue == "True" }
}
