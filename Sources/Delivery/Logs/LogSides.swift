import KubeModel

/// Whose logs the console's log screen (`l`) sets side by side: the pods of the revision being
/// released (canary, preview, the Flagger target's) against those of the one serving (stable,
/// active, `-primary`'s). Pure: built from the objects a detail already watches.
public struct LogSides: Sendable, Hashable {
    /// One pod whose containers have logs to read.
    public struct PodEntry: Sendable, Hashable {
        public var namespace: String
        public var name: String
        /// The containers, in the pod's order (the first is read unless the operator chooses).
        public var containers: [String]
        /// Restarts of each container so far: a change means a new instance to follow.
        public var restarts: [String: Int]

        public init(namespace: String, name: String, containers: [String], restarts: [String: Int] = [:]) {
            self.namespace = namespace
            self.name = name
            self.containers = containers
            self.restarts = restarts
        }

        init(_ pod: Pod) {
            namespace = pod.metadata.namespace ?? ""
            name = pod.metadata.name
            containers = (pod.spec.containers ?? []).compactMap(\.name)
            var restarts: [String: Int] = [:]
            for s in pod.status.containerStatuses ?? [] { if let n = s.name { restarts[n] = Int(s.restartCount ?? 0) } }
            self.restarts = restarts
        }
    }

    /// `canary`, `preview`.
    public var newRole: String
    /// `stable`, `active`, `primary`.
    public var oldRole: String
    public var new: [PodEntry]
    public var old: [PodEntry]

    public init(newRole: String, oldRole: String, new: [PodEntry], old: [PodEntry]) {
        self.newRole = newRole
        self.oldRole = oldRole
        self.new = new
        self.old = old
    }

    /// A Rollout's: canary against stable, or preview against active (blue/green). While no
    /// release is under way the new side is empty (the serving revision's pods are on the old side).
    public static func of(_ rollout: Rollout, objects: ObjectSet) -> LogSides {
        let s = rollout.status
        let ns = rollout.metadata.namespace
        let (old, oldHash, new, newHash) = rollout.isBlueGreen
            ? ("active", s.blueGreen?.activeSelector ?? s.stableRS, "preview", s.blueGreen?.previewSelector ?? s.currentPodHash)
            : ("stable", s.stableRS, "canary", s.currentPodHash)
        func pods(_ hash: String?) -> [PodEntry] {
            guard let hash, !hash.isEmpty else { return [] }
            return sorted(objects.pods.filter { $0.metadata.namespace == ns && $0.metadata.labels?[Annotations.podTemplateHash] == hash })
        }
        let oldPods = pods(oldHash)
        return LogSides(newRole: new, oldRole: old, new: newHash == oldHash ? [] : pods(newHash), old: oldPods)
    }

    /// A Flagger Canary's: the target Deployment's pods (the canary) against `NAME-primary`'s.
    public static func of(_ canary: Canary, objects: ObjectSet) -> LogSides {
        let ns = canary.metadata.namespace
        func pods(_ deployment: String) -> [PodEntry] {
            guard let d = objects.deployment(named: deployment, namespace: ns), let selector = d.spec.selector else { return [] }
            return sorted(objects.pods.filter { $0.metadata.namespace == ns && selector.matches($0.metadata.labels ?? [:]) })
        }
        let target = canary.spec.targetRef?.name ?? ""
        return LogSides(newRole: "canary", oldRole: "primary", new: target.isEmpty ? [] : pods(target),
                        old: target.isEmpty ? [] : pods("\(target)-primary"))
    }

    private static func sorted(_ pods: [Pod]) -> [PodEntry] {
        pods.map(PodEntry.init).sorted { $0.name < $1.name }
    }
}
