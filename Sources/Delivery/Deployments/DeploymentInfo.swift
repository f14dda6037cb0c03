import KubeModel

/// A plain Deployment as a delivery: its rollout status as `kubectl rollout status` sees it, its
/// counts, and its revision tree (ReplicaSets newest revision first, each with its pods). What
/// `get deployment`, `list deployments` and the console show; built from one `ObjectSet`.
public struct DeploymentInfo: Sendable, Hashable, Codable {
    public var name: String
    public var namespace: String
    public var creationTimestamp: KubeTime?
    /// The phase word (`Healthy`, `Progressing`, `Paused`, `Degraded`).
    public var status: String
    /// kubectl's `rollout status` line.
    public var message: String
    public var verdict: DeploymentStatus.Verdict
    public var icon: StatusIcon
    /// `RollingUpdate` or `Recreate`.
    public var strategy: String
    public var paused: Bool
    /// The Deployment's `deployment.kubernetes.io/revision` (0 when absent or unreadable).
    public var revision: Int64
    /// `spec.replicas` (1 when absent, as the API server defaults it).
    public var desired: Int32
    /// `status.replicas`: pods of every ReplicaSet.
    public var current: Int32
    public var updated: Int32
    public var ready: Int32
    public var available: Int32
    /// Images of the ReplicaSets that run pods, tagged `new` (the current revision) or `old`.
    public var images: [ImageInfo]
    public var conditions: [Condition]
    /// Newest first.
    public var revisions: [DeploymentRevisionInfo]

    /// `deployment` and its ReplicaSets and pods in `objects`.
    public init(_ deployment: Deployment, objects: ObjectSet) {
        let meta = deployment.metadata
        let verdict = DeploymentStatus.of(deployment)
        name = meta.name
        namespace = meta.namespace ?? ""
        creationTimestamp = meta.creationTimestamp
        status = verdict.phase.rawValue
        message = verdict.message
        self.verdict = verdict.verdict
        icon = StatusIcon.rollout(status)
        strategy = deployment.spec.strategy?.type ?? "RollingUpdate"
        paused = deployment.spec.paused == true
        revision = deployment.revision ?? 0
        let s = deployment.status
        desired = deployment.spec.replicas ?? 1
        current = s.replicas ?? 0
        updated = s.updatedReplicas ?? 0
        ready = s.readyReplicas ?? 0
        available = s.availableReplicas ?? 0
        conditions = s.conditions ?? []
        let sets = DeploymentInfo.replicaSets(of: deployment, in: objects)
            .map { DeploymentReplicaSetInfo($0, current: deployment.revision, objects: objects) }
        var numbers: [Int64] = []
        for rs in sets where !numbers.contains(rs.revision) { numbers.append(rs.revision) }
        revisions = numbers.map { n in DeploymentRevisionInfo(revision: n, replicaSets: sets.filter { $0.revision == n }) }
        var images: [ImageInfo] = []
        for rs in sets where rs.replicas > 0 || rs.isNew {
            for image in rs.images { ImageInfo.merge(ImageInfo(image: image, tags: [rs.isNew ? "new" : "old"]), into: &images) }
        }
        self.images = images
    }

    /// The ReplicaSets whose controller is `deployment` (kubectl's `GetAllReplicaSets`: same
    /// namespace, controller reference to its UID), newest revision first, then by name.
    public static func replicaSets(of deployment: Deployment, in objects: ObjectSet) -> [ReplicaSet] {
        guard let uid = deployment.metadata.uid, !uid.isEmpty else { return [] }
        return objects.replicaSets
            .filter { rs in
                rs.metadata.namespace == deployment.metadata.namespace
                    && (rs.metadata.ownerReferences ?? []).contains { $0.controller == true && $0.uid == uid }
            }
            .sorted {
                let a = $0.deploymentRevision ?? 0, b = $1.deploymentRevision ?? 0
                return a != b ? a > b : $0.metadata.name < $1.metadata.name
            }
    }
}

/// One revision of a Deployment's tree: usually one ReplicaSet.
public struct DeploymentRevisionInfo: Sendable, Hashable, Codable {
    public var revision: Int64
    public var replicaSets: [DeploymentReplicaSetInfo]
}

/// A ReplicaSet of a Deployment, with its pods (oldest first).
public struct DeploymentReplicaSetInfo: Sendable, Hashable, Codable {
    public var name: String
    public var namespace: String
    public var creationTimestamp: KubeTime?
    /// `deployment.kubernetes.io/revision` (0 when absent or unreadable).
    public var revision: Int64
    /// The `pod-template-hash` label.
    public var podTemplateHash: String
    /// Whether it holds the Deployment's current revision.
    public var isNew: Bool
    /// `Healthy`, `Progressing`, `ScaledDown` or `ReplicaFailure`, as for a Rollout's ReplicaSets.
    public var status: String
    public var icon: StatusIcon
    /// `spec.replicas`.
    public var desired: Int32
    /// `status.replicas`, `readyReplicas`, `availableReplicas`.
    public var replicas: Int32
    public var ready: Int32
    public var available: Int32
    public var images: [String]
    public var pods: [PodInfo]

    init(_ rs: ReplicaSet, current: Int64?, objects: ObjectSet) {
        name = rs.metadata.name
        namespace = rs.metadata.namespace ?? ""
        creationTimestamp = rs.metadata.creationTimestamp
        revision = rs.deploymentRevision ?? 0
        podTemplateHash = rs.metadata.labels?[DeploymentAnnotations.podTemplateHash] ?? ""
        isNew = current != nil && rs.deploymentRevision == current
        status = ReplicaSetInfo.health(rs)
        icon = StatusIcon.replicaSet(status)
        desired = rs.spec.replicas ?? 1
        replicas = rs.status.replicas ?? 0
        ready = rs.status.readyReplicas ?? 0
        available = rs.status.availableReplicas ?? 0
        images = rs.spec.template?.images ?? []
        pods = PodInfo.owned(by: rs.metadata.uid, objects: objects)
    }
}
