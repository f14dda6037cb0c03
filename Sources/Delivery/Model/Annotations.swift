/// The annotation and label keys Argo Rollouts writes.
public enum Annotations {
    public static let revision = "rollout.argoproj.io/revision"
    public static let podTemplateHash = "rollouts-pod-template-hash"
    public static let scaleDownDeadline = "scale-down-deadline"
    public static let experimentTemplateName = "experiment.argoproj.io/template-name"
    public static let workloadGeneration = "rollout.argoproj.io/workload-generation"

    /// The revision annotation as the plugin parses it: absent → 0, unparsable → nil.
    public static func revision(_ annotations: [String: String]?) -> Int? {
        guard let text = annotations?[revision] else { return 0 }
        return Int(text)
    }
}
