import Foundation
import KubeModel

/// The plugin's computed view of one Rollout (`info/rollout_info.go`): what `get rollout`,
/// `list rollouts`, the console and `-o json` all show. Built by `RolloutInfo.init(_:objects:)`; ages are
/// computed when rendering, from the creation times it keeps.
public struct RolloutInfo: Sendable, Hashable, Codable {
    public var name: String
    public var namespace: String
    public var creationTimestamp: KubeTime?
    public var status: String
    public var message: String
    public var icon: StatusIcon
    /// `Canary`, `BlueGreen`, or empty.
    public var strategy: String
    /// `i/n` (0-based steps completed), empty when there is no current index or no steps.
    public var step: String
    /// Canary only: the desired weight and the weight traffic actually has.
    public var setWeight: Int32?
    public var actualWeight: Int32?
    public var desired: Int32
    public var current: Int32
    public var updated: Int32
    public var ready: Int32
    public var available: Int32
    public var images: [ImageInfo]
    /// Newest first.
    public var revisions: [RevisionInfo]
    /// A canary's steps with where the rollout stands (absent for blue-green and step-less canaries).
    public var steps: [StepInfo]?

    /// Every ReplicaSet of the rollout (revision order).
    public var replicaSets: [ReplicaSetInfo] { revisions.flatMap(\.replicaSets) }
    public var experiments: [ExperimentInfo] { revisions.flatMap(\.experiments) }
    public var analysisRuns: [AnalysisRunInfo] { revisions.flatMap(\.analysisRuns) }
}

/// One revision of the tree: its ReplicaSets, then Experiments, then AnalysisRuns.
public struct RevisionInfo: Sendable, Hashable, Codable {
    public var revision: Int
    public var replicaSets: [ReplicaSetInfo]
    public var experiments: [ExperimentInfo]
    public var analysisRuns: [AnalysisRunInfo]
}

/// A ReplicaSet row: health, role tags, scale-down deadline and pods.
public struct ReplicaSetInfo: Sendable, Hashable, Codable {
    public var name: String
    public var namespace: String
    public var creationTimestamp: KubeTime?
    /// `Healthy`, `Progressing`, `ScaledDown` or `ReplicaFailure`.
    public var status: String
    public var icon: StatusIcon
    public var revision: Int
    public var stable = false
    public var canary = false
    public var active = false
    public var preview = false
    public var ping = false
    public var pong = false
    /// The `scale-down-deadline` annotation text, if any.
    public var scaleDownDeadline: String?
    public var replicas: Int32
    public var availableReplicas: Int32
    /// The experiment template it runs (`experiment.argoproj.io/template-name`).
    public var template: String?
    public var images: [String]
    public var pods: [PodInfo]

    /// Role tags in the plugin's order: stable, then canary or active or preview, then ping, pong.
    public var tags: [String] {
        var t: [String] = []
        if stable { t.append("stable") }
        if canary { t.append("canary") } else if active { t.append("active") } else if preview { t.append("preview") }
        if ping { t.append("ping") }
        if pong { t.append("pong") }
        return t
    }

    /// `ScaleDownDelay`: the time left before the scale-down deadline, `passed`, or empty when unparsable.
    public func scaleDownDelay(now: Date) -> String? {
        guard let text = scaleDownDeadline else { return nil }
        guard let deadline = KubeTime.parse(text) else { return "" }
        if deadline < now { return "passed" }
        return HumanDuration.format(deadline.timeIntervalSince(now))
    }
}

/// A Pod row.
public struct PodInfo: Sendable, Hashable, Codable {
    public var name: String
    public var creationTimestamp: KubeTime?
    public var status: String
    public var icon: StatusIcon
    /// `ready/total` containers.
    public var ready: String
    public var restarts: Int
}

/// An AnalysisRun row with its measurement counts and Job children.
public struct AnalysisRunInfo: Sendable, Hashable, Codable {
    public var name: String
    public var namespace: String
    public var creationTimestamp: KubeTime?
    public var revision: Int
    public var status: String
    public var icon: StatusIcon
    public var message: String
    public var successful: Int32
    public var failed: Int32
    public var inconclusive: Int32
    public var error: Int32
    public var jobs: [JobInfo]
    /// Each metric with its measurements (absent when the run has no metric results yet).
    public var metrics: [MetricInfo]?
}

/// One canary step of a Rollout (`-o json`): its index from 0, the plugin's text, the step as
/// written, and whether it is done or the current one.
public struct StepInfo: Sendable, Hashable, Codable {
    public var index: Int
    public var text: String
    public var step: CanaryStep
    public var done: Bool
    public var current: Bool
}

/// One metric of an AnalysisRun (`-o json`): its phase and every measurement.
public struct MetricInfo: Sendable, Hashable, Codable {
    public var name: String
    public var phase: String
    public var dryRun: Bool?
    public var successCondition: String?
    public var failureCondition: String?
    public var measurements: [MeasurementInfo]
}

/// One measurement of a metric, as the controller recorded it.
public struct MeasurementInfo: Sendable, Hashable, Codable {
    public var value: String?
    public var phase: String
    public var startedAt: KubeTime?
    public var finishedAt: KubeTime?
    public var message: String?
}

/// A Job a measurement ran (`job-name` in the measurement's metadata).
public struct JobInfo: Sendable, Hashable, Codable {
    public var name: String
    public var namespace: String
    public var metric: String
    public var status: String
    public var icon: StatusIcon
    public var startedAt: KubeTime?
}

/// An Experiment: its ReplicaSets (with pods) and AnalysisRuns (`info/experiment_info.go`).
public struct ExperimentInfo: Sendable, Hashable, Codable {
    public var name: String
    public var namespace: String
    public var creationTimestamp: KubeTime?
    public var revision: Int
    public var status: String
    public var icon: StatusIcon
    public var message: String
    public var replicaSets: [ReplicaSetInfo]
    public var analysisRuns: [AnalysisRunInfo]

    /// Images of its running ReplicaSets, tagged `Σ:<template>` when the ReplicaSet carries the
    /// template-name annotation, sorted (what `get experiment` prints).
    public var images: [ImageInfo] {
        var images: [ImageInfo] = []
        for rs in replicaSets where rs.replicas > 0 {
            let tags = rs.template.map { ["Σ:\($0)"] } ?? []
            for image in rs.images { ImageInfo.merge(ImageInfo(image: image, tags: tags), into: &images) }
        }
        return images
    }
}
