import Foundation
import KubeModel

/// How a Canary releases (`DeploymentStrategy` in Flagger's `canary.go`).
public enum CanaryStrategyKind: String, Sendable, Hashable, Codable {
    case canary = "Canary"
    case abTesting = "A/B"
    case blueGreen = "BlueGreen"
}

/// One webhook a Canary declares, classified for the console.
public struct CanaryGate: Sendable, Hashable, Codable {
    /// What the webhook's URL does on the flagger-loadtester.
    public enum Mechanism: String, Sendable, Hashable, Codable {
        /// `/gate/check`: opened and closed by an operator.
        case gate
        /// `/gate/halt`: always refuses; only `skipAnalysis` gets past it.
        case halt
        /// `/gate/approve`: always approves.
        case approve
        /// `/rollback/check`: an operator opens it to roll back.
        case rollbackGate
        /// Anything else (load tests, notifications, an external service).
        case other
    }

    public var name: String
    public var type: String
    public var url: String
    public var mechanism: Mechanism
    /// The loadtester Service reached through the API server's proxy (`name:port`), when the URL names one.
    public var service: String?
    /// The Service's namespace; nil when the URL has none (Flagger's own namespace applies).
    public var serviceNamespace: String?

    /// Classifies a webhook. `type` defaults to `rollout`, as in Flagger.
    public init(_ hook: Canary.Webhook) {
        name = hook.name ?? ""
        type = (hook.type ?? "").isEmpty ? "rollout" : hook.type!
        url = hook.url ?? ""
        var path = ""
        if let u = URLComponents(string: url), let host = u.host, u.scheme == "http" || u.scheme == "https" {
            path = u.path
            let parts = host.split(separator: ".")
            service = "\(parts[0]):\(u.port ?? (u.scheme == "https" ? 443 : 80))"
            serviceNamespace = parts.count > 1 ? String(parts[1]) : nil
        }
        switch path {
        case "/gate/check": mechanism = .gate
        case "/gate/halt": mechanism = .halt
        case "/gate/approve": mechanism = .approve
        case "/rollback/check": mechanism = .rollbackGate
        default: mechanism = .other
        }
    }

    /// A confirm-* hook (they halt the canary until they answer 2xx).
    public var isConfirm: Bool { ["confirm-rollout", "confirm-traffic-increase", "confirm-promotion"].contains(type) }
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
    public var lastTransitionTime: KubeTime?
    /// When the current phase began (`conditions[Promoted].lastUpdateTime`).
    public var phaseSince: KubeTime?
    public var gates: [CanaryGate]
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
        lastTransitionTime = s.lastTransitionTime
        gates = canary.webhooks.map(CanaryGate.init)
        let ns = canary.metadata.namespace
        primary = objects.deployment(named: "\(targetName)-primary", namespace: ns).map { WorkloadInfo($0, role: "primary", objects: objects) }
        self.canary = objects.deployment(named: targetName, namespace: ns).map { WorkloadInfo($0, role: "canary", objects: objects) }
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
