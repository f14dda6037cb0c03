import Foundation
import KubeModel

/// How a Canary releases (`DeploymentStrategy` in Flagger's `canary.go`).
public enum CanaryStrategyKind: String, Sendable, Hashable, Codable {
    case canary = "Canary"
    case abTesting = "A/B"
    case blueGreen = "BlueGreen"
}

/// The computed view of one Flagger Canary: strategy, phase, progress, checks, gates, and the
/// primary and canary Deployments with their pods.
public struct CanaryInfo: Sendable, Hashable, Codable {
    public var name: String
    public var namespace: String
    public var creationTimestamp: KubeTime?
    public var phase: String
    public var icon: StatusIcon
    /// The `Promoted` condition's message, if any.
    public var message: String
    public var strategy: CanaryStrategyKind
    /// `mirror: true` on a strategy that mirrors (blue/green each iteration, canary one step first).
    public var mirroring: Bool
    public var provider: String
    public var targetKind: String
    public var targetName: String
    /// Weight-based progress (canary strategy).
    public var weight: Int32?
    public var maxWeight: Int32?
    /// Iteration-based progress (blue/green, A/B).
    public var iteration: Int32?
    public var iterations: Int32?
    public var failedChecks: Int32
    public var threshold: Int32
    public var interval: String
    public var suspended: Bool
    public var skipAnalysis: Bool
    /// Set when `skipAnalysis` is not scoped to the release in progress (left from an earlier
    /// release, or set outside rollscope): every release skips its analysis until it is cleared.
    public var skipAnalysisWarning: String?
    public var lastTransitionTime: KubeTime?
    /// When the current phase began (`conditions[Promoted].lastUpdateTime`).
    public var phaseSince: KubeTime?
    public var gates: [CanaryGate]
    /// The newest Warning event about the canary: the only place a failure's reason survives,
    /// since Flagger resets `failedChecks` when it marks the canary Failed.
    public var lastWarning: String?
    public var primary: WorkloadInfo?
    public var canary: WorkloadInfo?

    /// `3/10` or `20/50`, the progress text.
    public var progress: String {
        if let iterations { return "\(iteration ?? 0)/\(iterations)" }
        return "\(weight ?? 0)/\(maxWeight ?? 100)"
    }

    /// Computes the view of `canary` from the objects of its snapshot.
    public init(_ canary: Canary, objects: ObjectSet) {
        let analysis = canary.analysis
        let s = canary.status
        name = canary.metadata.name
        namespace = canary.metadata.namespace ?? ""
        creationTimestamp = canary.metadata.creationTimestamp
        phase = (s.phase ?? "").isEmpty ? "Initializing" : s.phase!
        icon = CanaryInfo.icon(phase)
        let promoted = s.conditions?.first { $0.type == "Promoted" }
        message = promoted?.message ?? ""
        phaseSince = promoted?.lastUpdateTime
        provider = canary.spec.provider ?? ""
        targetKind = canary.spec.targetRef?.kind ?? "Deployment"
        targetName = canary.spec.targetRef?.name ?? ""
        let configured = analysis?.iterations ?? 0
        let hasMatch = !(analysis?.match ?? []).isEmpty
        if provider == "kubernetes" {
            strategy = .blueGreen
        } else if analysis == nil {
            strategy = .canary
        } else if hasMatch, configured > 0 {
            strategy = .abTesting
        } else if configured > 0 {
            strategy = .blueGreen
        } else {
            strategy = .canary
        }
        mirroring = analysis?.mirror == true && strategy != .abTesting
        if strategy == .canary {
            weight = s.canaryWeight ?? 0
            if let last = analysis?.stepWeights?.last { maxWeight = last } else { maxWeight = (analysis?.maxWeight ?? 0) > 0 ? analysis!.maxWeight! : 100 }
        } else {
            iteration = s.iterations ?? 0
            iterations = configured > 0 ? configured : 10
        }
        failedChecks = s.failedChecks ?? 0
        threshold = (analysis?.threshold ?? 0) > 0 ? analysis!.threshold! : 1
        interval = analysis?.interval ?? "60s"
        suspended = canary.spec.suspend == true
        skipAnalysis = canary.spec.skipAnalysis == true
        skipAnalysisWarning = Self.skipAnalysisLeftSet(canary)
            ? "not for the release in progress: every release skips its analysis until it is cleared" : nil
        lastTransitionTime = s.lastTransitionTime
        gates = canary.webhooks.map(CanaryGate.init)
        lastWarning = objects.events(about: "Canary", named: name, namespace: canary.metadata.namespace).last { $0.type == "Warning" }?.message
        let ns = canary.metadata.namespace
        if targetKind == "DaemonSet" {
            primary = objects.daemonSet(named: "\(targetName)-primary", namespace: ns).map { WorkloadInfo($0, role: "primary", objects: objects) }
            self.canary = objects.daemonSet(named: targetName, namespace: ns).map { WorkloadInfo($0, role: "canary", objects: objects) }
        } else {
            primary = objects.deployment(named: "\(targetName)-primary", namespace: ns).map { WorkloadInfo($0, role: "primary", objects: objects) }
            self.canary = objects.deployment(named: targetName, namespace: ns).map { WorkloadInfo($0, role: "canary", objects: objects) }
        }
    }

    /// The annotation `rollscope promote --full` (and the console's `P`) sets with
    /// `skipAnalysis`: the release (`status.lastAppliedSpec`) it was set for.
    public static let skipAnalysisReleaseKey = "rollscope.io/skip-analysis-release"

    /// `skipAnalysis` is set but not for a release under way now: rollscope set it for an earlier
    /// release and stopped before clearing it, or someone set it outside rollscope.
    public static func skipAnalysisLeftSet(_ canary: Canary) -> Bool {
        guard canary.spec.skipAnalysis == true else { return false }
        guard let release = canary.metadata.annotations?[skipAnalysisReleaseKey] else { return true }
        let finished = ["", "Initializing", "Initialized", "Succeeded", "Failed"].contains(canary.status.phase ?? "")
        return finished || release != (canary.status.lastAppliedSpec ?? "")
    }

    /// Phase → icon.
    public static func icon(_ phase: String) -> StatusIcon {
        switch phase {
        case "Initializing", "Waiting": .waiting
        case "Initialized", "Succeeded": .ok
        case "Progressing", "Promoting", "Finalising": .progressing
        case "WaitingPromotion": .paused
        case "Failed": .bad
        case "Terminating", "Terminated": .neutral
        default: .unknown
        }
    }
}
