import KubeModel

/// A Deployment in a Canary's tree (primary or canary), with its pods.
public struct WorkloadInfo: Sendable, Hashable, Codable {
    public var name: String
    /// `primary` or `canary`.
    public var role: String
    public var creationTimestamp: KubeTime?
    /// `Healthy`, `Progressing` or `ScaledDown`.
    public var status: String
    public var icon: StatusIcon
    public var desired: Int32
    public var ready: Int32
    public var images: [String]
    public var pods: [PodInfo]

    init(_ d: Deployment, role: String, objects: ObjectSet) {
        name = d.metadata.name
        self.role = role
        creationTimestamp = d.metadata.creationTimestamp
        desired = d.spec.replicas ?? 1
        ready = d.status.readyReplicas ?? 0
        if desired == 0 {
            status = "ScaledDown"
        } else if (d.status.availableReplicas ?? 0) >= desired, (d.status.updatedReplicas ?? desired) >= desired {
            status = "Healthy"
        } else {
            status = "Progressing"
        }
        icon = StatusIcon.replicaSet(status)
        images = d.spec.template?.images ?? []
        let selector = d.spec.selector
        pods = objects.pods.filter { pod in
            pod.metadata.namespace == d.metadata.namespace && selector.map { !(($0.matchLabels ?? [:]).isEmpty && ($0.matchExpressions ?? []).isEmpty) && $0.matches(pod.metadata.labels ?? [:]) } == true
        }
        .sorted { $0.metadata.name < $1.metadata.name }
        .map(PodInfo.init)
    }
}
