import KubeModel

/// A Deployment or DaemonSet in a Canary's tree (primary or canary), with its pods.
public struct WorkloadInfo: Sendable, Hashable, Codable {
    public var name: String
    /// `Deployment` or `DaemonSet`.
    public var kind: String
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
        self.init(d.metadata, kind: "Deployment", role: role, desired: d.spec.replicas ?? 1, ready: d.status.readyReplicas ?? 0,
                  available: d.status.availableReplicas ?? 0, updated: d.status.updatedReplicas, selector: d.spec.selector,
                  template: d.spec.template, objects: objects)
    }

    /// A DaemonSet's desired count is the nodes it is scheduled on (Flagger parks the idle one on none).
    init(_ d: DaemonSet, role: String, objects: ObjectSet) {
        self.init(d.metadata, kind: "DaemonSet", role: role, desired: d.status.desiredNumberScheduled ?? 0, ready: d.status.numberReady ?? 0,
                  available: d.status.numberAvailable ?? 0, updated: d.status.updatedNumberScheduled, selector: d.spec.selector,
                  template: d.spec.template, objects: objects)
    }

    private init(_ meta: ObjectMeta, kind: String, role: String, desired: Int32, ready: Int32, available: Int32, updated: Int32?,
                 selector: LabelSelector?, template: PodTemplateSpec?, objects: ObjectSet) {
        name = meta.name
        self.kind = kind
        self.role = role
        creationTimestamp = meta.creationTimestamp
        self.desired = desired
        self.ready = ready
        if desired == 0 {
            status = "ScaledDown"
        } else if available >= desired, (updated ?? desired) >= desired {
            status = "Healthy"
        } else {
            status = "Progressing"
        }
        icon = StatusIcon.replicaSet(status)
        images = template?.images ?? []
        pods = objects.pods.filter { pod in
            guard pod.metadata.namespace == meta.namespace, let selector,
                  !((selector.matchLabels ?? [:]).isEmpty && (selector.matchExpressions ?? []).isEmpty) else { return false }
            return selector.matches(pod.metadata.labels ?? [:])
        }
        .sorted { $0.metadata.name < $1.metadata.name }
        .map(PodInfo.init)
    }
}
