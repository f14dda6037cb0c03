import Foundation
import KubeModel

/// Where each release stands across clusters: the Rollouts and Canaries of several clusters
/// lined up by application (the same namespace and name, or the same value of a label the caller
/// names), each cluster's revision, image, status, step or weight and whether it waits for
/// someone, with a one-line summary per application and whether the clusters disagree.
/// Pure: the caller brings each cluster's objects (`ClusterObjects`); the status rules are
/// `RolloutInfo`'s and `CanaryInfo`'s.
public struct FleetLineup: Sendable, Hashable {
    /// How the same application is recognised in two clusters.
    public enum Match: Sendable, Hashable {
        /// The same namespace and name (`shop/cart`).
        case namespaceAndName
        /// The same value of this label (`app.kubernetes.io/name`); an object without it is
        /// matched by namespace and name.
        case label(String)
    }

    /// Sorted by name.
    public var applications: [FleetApplication]

    /// Lines up the delivery objects of `clusters` (their order is the order of each
    /// application's entries), keeping only the applications `named` names when given (an
    /// application's name, or the name of one of its objects).
    public init(_ clusters: [ClusterObjects], match: Match = .namespaceAndName, named: String? = nil) {
        var entries: [String: [FleetEntry]] = [:]
        for cluster in clusters {
            let objects = cluster.objects
            for rollout in objects.rollouts {
                entries[Self.key(rollout.metadata, match), default: []].append(FleetEntry(cluster: cluster.cluster, rollout: rollout, objects: objects))
            }
            for canary in objects.canaries {
                entries[Self.key(canary.metadata, match), default: []].append(FleetEntry(cluster: cluster.cluster, canary: canary, objects: objects))
            }
        }
        let names = clusters.map(\.cluster)
        applications = entries.keys.sorted().compactMap { key in
            let lined = entries[key]!
            if let named, key != named, !lined.contains(where: { $0.name == named }) { return nil }
            return FleetApplication(name: key, entries: lined, clusters: names)
        }
    }

    /// An object's application: `namespace/name`, or its value of the label.
    static func key(_ meta: ObjectMeta, _ match: Match) -> String {
        if case .label(let label) = match, let value = meta.labels?[label], !value.isEmpty { return value }
        return "\(meta.namespace ?? "")/\(meta.name)"
    }
}

/// One application across the clusters.
public struct FleetApplication: Sendable, Hashable, Codable {
    /// `namespace/name`, or the label's value.
    public var name: String
    /// One per object found, in the clusters' order.
    public var entries: [FleetEntry]
    /// The clusters read that have none of it.
    public var missingFrom: [String]
    /// The clusters are not all on the same revision.
    public var revisionsDiffer: Bool
    /// The clusters do not all release the same images.
    public var imagesDiffer: Bool
    /// Each cluster's state in a phrase: `prod-eu paused at step 2/4 on revision 12; prod-us runs 11`.
    public var summary: String

    init(name: String, entries: [FleetEntry], clusters: [String]) {
        self.name = name
        self.entries = entries
        missingFrom = clusters.filter { cluster in !entries.contains { $0.cluster == cluster } }
        revisionsDiffer = Set(entries.map(\.revision)).count > 1
        imagesDiffer = Set(entries.map(\.images)).count > 1
        summary = "" // every property set: the parts can be read
        summary = summaryParts.map(\.text).joined()
    }

    /// A piece of `summary`: a cluster's name (which a screen may colour as that cluster), or
    /// the text around the names.
    public struct SummaryPart: Sendable, Hashable {
        /// The cluster this piece names; nil for the text between.
        public var cluster: String?
        public var text: String
    }

    /// `summary` in pieces, each cluster's name apart: joined, they are `summary`.
    public var summaryParts: [SummaryPart] {
        var parts: [SummaryPart] = []
        for (index, entry) in entries.enumerated() {
            if index > 0 { parts.append(SummaryPart(text: "; ")) }
            parts += [SummaryPart(cluster: entry.cluster, text: entry.cluster), SummaryPart(text: " " + entry.predicate)]
        }
        if !missingFrom.isEmpty {
            parts.append(SummaryPart(text: (entries.isEmpty ? "" : "; ") + "none in "))
            for (index, cluster) in missingFrom.enumerated() {
                if index > 0 { parts.append(SummaryPart(text: ", ")) }
                parts.append(SummaryPart(cluster: cluster, text: cluster))
            }
        }
        let differ = [revisionsDiffer ? "revision" : nil, imagesDiffer ? "image" : nil].compactMap { $0 }
        if !differ.isEmpty { parts.append(SummaryPart(text: " (clusters differ on \(differ.joined(separator: " and ")))")) }
        return parts
    }
}

/// One Rollout or Canary of an application, in one cluster.
public struct FleetEntry: Sendable, Hashable, Codable {
    public var cluster: String
    /// `Rollout` or `Canary`.
    public var kind: String
    public var namespace: String
    public var name: String
    /// The release under way or last made: a Rollout's revision (`12`), a Canary's
    /// `lastAppliedSpec`.
    public var revision: String
    /// What the stable side runs when it is not `revision` (a Rollout's stable or active
    /// ReplicaSet's revision, a Canary's `lastPromotedSpec`); nil when it is the same.
    public var stableRevision: String?
    /// The images of `revision` (a Rollout's current ReplicaSet, else its template; a Canary's target).
    public var images: [String]
    /// The plugin's status word (Rollouts) or Flagger's phase (Canaries).
    public var status: String
    /// A Rollout's step, `2/4`; nil when it has none.
    public var step: String?
    /// A Rollout's set weight or a Canary's weight, in percent.
    public var weight: Int32?
    /// A Canary's iteration, `3/10` (blue/green and A/B).
    public var iteration: String?
    /// What it waits for from someone (`promotion`, `resume`, `approval (confirm-promotion)`);
    /// nil when it goes on by itself or is done.
    public var waitingFor: String?

    init(cluster: String, rollout: Rollout, objects: ObjectSet) {
        let info = RolloutInfo(rollout, objects: objects)
        self.cluster = cluster
        kind = "Rollout"
        namespace = info.namespace
        name = info.name
        let current = Annotations.revision(rollout.metadata.annotations).flatMap { $0 > 0 ? $0 : nil } ?? info.revisions.first?.revision ?? 0
        revision = String(current)
        let blueGreen = info.strategy == "BlueGreen"
        let stable = info.replicaSets.first { blueGreen ? $0.active : $0.stable }?.revision
        stableRevision = stable.flatMap { $0 != current ? String($0) : nil }
        images = info.revisions.first { $0.revision == current }?.replicaSets.first?.images ?? rollout.spec.template?.images ?? []
        status = info.status
        step = info.step.isEmpty ? nil : info.step
        weight = info.setWeight
        waitingFor = Self.waitingFor(rollout, info)
    }

    init(cluster: String, canary: Canary, objects: ObjectSet) {
        let info = CanaryInfo(canary, objects: objects)
        self.cluster = cluster
        kind = "Canary"
        namespace = info.namespace
        name = info.name
        let applied = canary.status.lastAppliedSpec ?? ""
        revision = applied
        stableRevision = canary.status.lastPromotedSpec.flatMap { $0 != applied ? $0 : nil }
        images = info.canary?.images ?? info.primary?.images ?? []
        status = info.phase
        weight = info.weight
        iteration = info.iterations != nil ? info.progress : nil
        waitingFor = switch info.phase {
        case "Waiting": "approval (confirm-rollout)"
        case "WaitingPromotion": "approval (confirm-promotion)"
        default: nil
        }
    }

    /// A Rollout paused by hand waits for a resume; one paused at a step or before a blue/green
    /// promotion waits for a promote, unless the pause ends by itself (a step's duration,
    /// `autoPromotionSeconds`).
    static func waitingFor(_ rollout: Rollout, _ info: RolloutInfo) -> String? {
        guard info.status == RolloutPhase.paused.rawValue else { return nil }
        if rollout.spec.paused == true { return "resume" }
        switch rollout.status.pauseConditions?.first?.reason {
        case "CanaryPauseStep":
            let index = Int(rollout.status.currentStepIndex ?? 0)
            let timed = rollout.steps.indices.contains(index) && rollout.steps[index].pause?.duration != nil
            return timed ? nil : "promotion"
        case "BlueGreenPause":
            return (rollout.spec.strategy?.blueGreen?.autoPromotionSeconds ?? 0) > 0 ? nil : "promotion"
        case nil:
            return nil
        default:
            return "promotion"
        }
    }

    /// The release as a phrase names it: `revision 12`, or a Canary's image.
    var release: String {
        kind == "Rollout" ? "revision \(revision)" : images.first ?? (revision.isEmpty ? "its target" : revision)
    }

    /// `STEP-WEIGHT`: `2/4 (20%)`, `20%`, `3/10`, or `-`.
    public var progress: String {
        let percent = weight.map { "\($0)%" }
        if let iteration { return iteration }
        switch (step, percent) {
        case let (step?, percent?): return "\(step) (\(percent))"
        case let (step?, nil): return step
        case let (nil, percent?): return percent
        case (nil, nil): return "-"
        }
    }

    /// This cluster's state in a phrase after its name (`prod-eu paused at step 2/4 on revision
    /// 12`, `prod-us runs 11`, `staging waits for approval (confirm-promotion) on podinfo:6.0.1`).
    var predicate: String {
        switch status {
        case "Healthy", "Succeeded", "Initialized":
            return "runs \(kind == "Rollout" ? revision : release)"
        case "Paused":
            return "paused\(waitingFor == "resume" ? " by hand" : "")\(step.map { " at step \($0)" } ?? "") on \(release)"
        default:
            if let waitingFor { return "waits for \(waitingFor) on \(release)" }
            let at = step.map { " at step \($0)" } ?? (kind == "Canary" && status == "Progressing" ? " at \(progress)" : "")
            return "\(status.lowercased())\(at) on \(release)"
        }
    }
}
