import Foundation
import KubeModel

/// The objects of one snapshot, by kind, in the order they were read (a live cache, a dump, a
/// fixture folder). Every derived view (`RolloutInfo`, `CanaryInfo`) is computed from one of these.
public struct ObjectSet: Sendable, Hashable {
    public var rollouts: [Rollout] = []
    public var replicaSets: [ReplicaSet] = []
    public var pods: [Pod] = []
    public var analysisRuns: [AnalysisRun] = []
    public var experiments: [Experiment] = []
    public var deployments: [Deployment] = []
    public var daemonSets: [DaemonSet] = []
    public var events: [KubeEvent] = []
    public var canaries: [Canary] = []
    /// Objects that exist but did not decode: kept by name with the reason, so a command reports
    /// them as unreadable, never as missing.
    public var unreadable: [UnreadableEntry] = []

    public init(rollouts: [Rollout] = [], replicaSets: [ReplicaSet] = [], pods: [Pod] = [], analysisRuns: [AnalysisRun] = [],
                experiments: [Experiment] = [], deployments: [Deployment] = [], events: [KubeEvent] = [], canaries: [Canary] = [],
                daemonSets: [DaemonSet] = []) {
        self.rollouts = rollouts
        self.replicaSets = replicaSets
        self.pods = pods
        self.analysisRuns = analysisRuns
        self.experiments = experiments
        self.deployments = deployments
        self.daemonSets = daemonSets
        self.events = events
        self.canaries = canaries
    }

    /// The kinds an `ObjectSet` holds, by their `kind` field.
    public static let kinds = Set(ObjectSetKind.all.map(\.kind))

    /// Appends the objects of another set (later reads after earlier ones).
    public mutating func append(_ other: ObjectSet) {
        rollouts += other.rollouts
        replicaSets += other.replicaSets
        pods += other.pods
        analysisRuns += other.analysisRuns
        experiments += other.experiments
        deployments += other.deployments
        daemonSets += other.daemonSets
        events += other.events
        canaries += other.canaries
        unreadable += other.unreadable
    }

    /// The unreadable object of `kind` (`Rollout`) named `name`, if there is one.
    public func unreadable(_ kind: String, named name: String, namespace: String?) -> UnreadableEntry? {
        unreadable.first { $0.kind == kind && $0.name == name && (namespace == nil || $0.namespace == namespace) }
    }

    public var isEmpty: Bool {
        rollouts.isEmpty && replicaSets.isEmpty && pods.isEmpty && analysisRuns.isEmpty && experiments.isEmpty
            && deployments.isEmpty && daemonSets.isEmpty && events.isEmpty && canaries.isEmpty
    }

    public func rollout(named name: String, namespace: String?) -> Rollout? {
        rollouts.first { $0.metadata.name == name && (namespace == nil || $0.metadata.namespace == namespace) }
    }

    public func experiment(named name: String, namespace: String?) -> Experiment? {
        experiments.first { $0.metadata.name == name && (namespace == nil || $0.metadata.namespace == namespace) }
    }

    public func canary(named name: String, namespace: String?) -> Canary? {
        canaries.first { $0.metadata.name == name && (namespace == nil || $0.metadata.namespace == namespace) }
    }

    public func deployment(named name: String, namespace: String?) -> Deployment? {
        deployments.first { $0.metadata.name == name && $0.metadata.namespace == namespace }
    }

    public func daemonSet(named name: String, namespace: String?) -> DaemonSet? {
        daemonSets.first { $0.metadata.name == name && $0.metadata.namespace == namespace }
    }

    /// The events about one object, oldest first (by last occurrence).
    public func events(about kind: String, named name: String, namespace: String?) -> [KubeEvent] {
        events.filter { $0.involvedObject.kind == kind && $0.involvedObject.name == name && ($0.involvedObject.namespace ?? $0.metadata.namespace) == namespace }
            .sorted { ($0.time?.date ?? .distantPast) < ($1.time?.date ?? .distantPast) }
    }

    /// The namespaces that hold at least one object, sorted.
    public var namespaces: [String] {
        var all = Set<String>()
        for ns in rollouts.map(\.metadata.namespace) + canaries.map(\.metadata.namespace) + replicaSets.map(\.metadata.namespace) {
            if let ns { all.insert(ns) }
        }
        return all.sorted()
    }
}

/// An object the server has but that could not be read as its kind, and why.
public struct UnreadableEntry: Sendable, Hashable {
    /// `Rollout`, `Canary`, `Experiment`, ...
    public var kind: String
    public var namespace: String
    public var name: String
    public var reason: String

    public init(kind: String, namespace: String, name: String, reason: String) {
        self.kind = kind
        self.namespace = namespace
        self.name = name
        self.reason = reason
    }

    /// `Rollout shop/web cannot be read: .spec.replicas: expected Int32`, safe to print.
    public var description: String {
        TerminalSafe.text("\(kind) \(namespace.isEmpty ? "" : namespace + "/")\(name) cannot be read: \(reason)")
    }
}

/// Ownership tests shared by the views: does an object list this UID among its owners?
extension ObjectMeta {
    func isOwned(by uid: String?) -> Bool {
        guard let uid, !uid.isEmpty else { return false }
        return (ownerReferences ?? []).contains { $0.uid == uid }
    }
}
