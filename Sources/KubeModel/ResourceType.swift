/// One kind of object the API serves: where it lives on the wire and what it is called.
/// The same table drives the embedded server's discovery documents and the client's URLs.
public struct ResourceType: Sendable, Hashable {
    /// Empty for the core group.
    public var group: String
    public var version: String
    /// Lower-case plural, as in the URL (`rollouts`).
    public var plural: String
    public var singular: String
    public var kind: String
    public var namespaced: Bool
    public var shortNames: [String]
    /// Subresources served (`status`).
    public var subresources: [String]

    public init(group: String, version: String, plural: String, singular: String, kind: String,
                namespaced: Bool = true, shortNames: [String] = [], subresources: [String] = []) {
        self.group = group
        self.version = version
        self.plural = plural
        self.singular = singular
        self.kind = kind
        self.namespaced = namespaced
        self.shortNames = shortNames
        self.subresources = subresources
    }

    /// `v1` or `argoproj.io/v1alpha1`, as in an object's `apiVersion`.
    public var apiVersion: String { group.isEmpty ? version : "\(group)/\(version)" }

    /// `/api/v1` or `/apis/argoproj.io/v1alpha1`.
    public var groupVersionPath: String { group.isEmpty ? "/api/\(version)" : "/apis/\(group)/\(version)" }

    /// The collection path, in one namespace or (nil) across all of them.
    public func path(namespace: String?) -> String {
        if namespaced, let namespace { return "\(groupVersionPath)/namespaces/\(namespace)/\(plural)" }
        return "\(groupVersionPath)/\(plural)"
    }

    /// The path of one object, optionally of one of its subresources.
    public func path(namespace: String?, name: String, subresource: String? = nil) -> String {
        let base = "\(path(namespace: namespaced ? namespace : nil))/\(name)"
        return subresource.map { "\(base)/\($0)" } ?? base
    }

    public static let namespaces = ResourceType(group: "", version: "v1", plural: "namespaces", singular: "namespace",
                                                kind: "Namespace", namespaced: false, shortNames: ["ns"], subresources: ["status"])
    public static let pods = ResourceType(group: "", version: "v1", plural: "pods", singular: "pod", kind: "Pod",
                                          shortNames: ["po"], subresources: ["status", "log", "proxy"])
    public static let services = ResourceType(group: "", version: "v1", plural: "services", singular: "service",
                                              kind: "Service", shortNames: ["svc"], subresources: ["status", "proxy"])
    public static let events = ResourceType(group: "", version: "v1", plural: "events", singular: "event", kind: "Event",
                                            shortNames: ["ev"])
    public static let deployments = ResourceType(group: "apps", version: "v1", plural: "deployments", singular: "deployment",
                                                 kind: "Deployment", shortNames: ["deploy"], subresources: ["status", "scale"])
    public static let replicaSets = ResourceType(group: "apps", version: "v1", plural: "replicasets", singular: "replicaset",
                                                 kind: "ReplicaSet", shortNames: ["rs"], subresources: ["status", "scale"])
    public static let rollouts = ResourceType(group: "argoproj.io", version: "v1alpha1", plural: "rollouts", singular: "rollout",
                                              kind: "Rollout", shortNames: ["ro"], subresources: ["status", "scale"])
    public static let analysisRuns = ResourceType(group: "argoproj.io", version: "v1alpha1", plural: "analysisruns",
                                                  singular: "analysisrun", kind: "AnalysisRun", shortNames: ["ar"],
                                                  subresources: ["status"])
    public static let analysisTemplates = ResourceType(group: "argoproj.io", version: "v1alpha1", plural: "analysistemplates",
                                                       singular: "analysistemplate", kind: "AnalysisTemplate", shortNames: ["at"])
    public static let experiments = ResourceType(group: "argoproj.io", version: "v1alpha1", plural: "experiments",
                                                 singular: "experiment", kind: "Experiment", shortNames: ["exp"],
                                                 subresources: ["status"])
    public static let canaries = ResourceType(group: "flagger.app", version: "v1beta1", plural: "canaries", singular: "canary",
                                              kind: "Canary", shortNames: ["canary"], subresources: ["status"])

    /// Every type rollscope reads or the embedded server serves.
    public static let all: [ResourceType] = [namespaces, pods, services, events, deployments, replicaSets,
                                             rollouts, analysisRuns, analysisTemplates, experiments, canaries]

    /// Custom resources: generation is bumped on spec changes only, strategic merge is refused.
    public var isCustomResource: Bool { group.hasSuffix("argoproj.io") || group == "flagger.app" }
}
