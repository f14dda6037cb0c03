/// The annotation and label keys the Deployment controller and `kubectl rollout` write
/// (k8s.io/kubectl `pkg/util/deployment` and `polymorphichelpers`).
public enum DeploymentAnnotations {
    /// On the Deployment and each of its ReplicaSets: the revision number.
    public static let revision = "deployment.kubernetes.io/revision"
    /// On a ReplicaSet reused by a rollback: the revisions it had before, comma-separated.
    public static let revisionHistory = "deployment.kubernetes.io/revision-history"
    public static let desiredReplicas = "deployment.kubernetes.io/desired-replicas"
    public static let maxReplicas = "deployment.kubernetes.io/max-replicas"
    /// Written by `kubectl apply`.
    public static let lastAppliedConfiguration = "kubectl.kubernetes.io/last-applied-configuration"
    /// The extensions/v1beta1 rollback request, long gone but still skipped.
    public static let deprecatedRollbackTo = "deprecated.deployment.rollback.to"
    /// On the pod template: what `kubectl rollout restart` sets.
    public static let restartedAt = "kubectl.kubernetes.io/restartedAt"
    /// The label that tells a Deployment's ReplicaSets and pods apart (`DefaultDeploymentUniqueLabelKey`).
    public static let podTemplateHash = "pod-template-hash"

    /// The annotations `undo` keeps from the Deployment and never copies from the ReplicaSet
    /// (`annotationsToSkip` in rollback.go).
    public static let keptByUndo: Set<String> = [lastAppliedConfiguration, revision, revisionHistory, desiredReplicas, maxReplicas,
                                                 deprecatedRollbackTo]

    /// `deploymentutil.Revision`: the revision annotation, 0 when absent, nil when it is not an integer.
    public static func revision(_ annotations: [String: String]?) -> Int64? {
        guard let text = annotations?[revision] else { return 0 }
        return Int64(text)
    }
}

extension Deployment {
    /// The `deployment.kubernetes.io/revision` annotation: 0 when absent, nil when unparsable.
    public var revision: Int64? { DeploymentAnnotations.revision(metadata.annotations) }
}

extension ReplicaSet {
    /// The `deployment.kubernetes.io/revision` annotation: 0 when absent, nil when unparsable.
    public var deploymentRevision: Int64? { DeploymentAnnotations.revision(metadata.annotations) }
}
