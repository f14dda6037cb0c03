import KubeModel

/// What changes from the revision serving now to the one being released: a Rollout's stable
/// (blue/green: active) ReplicaSet against its canary (preview) one, a Flagger Canary's
/// `-primary` workload against its target. Pure: computed from a snapshot's objects.
public struct RevisionDiff: Sendable, Hashable {
    /// One side of the diff: which revision, in which role, from which object.
    public struct Side: Codable, Sendable, Hashable {
        /// `stable`, `canary`, `active`, `preview`, `primary`.
        public var role: String
        /// The Rollout revision (`rollout.argoproj.io/revision`); nil for a Canary's workloads.
        public var revision: Int?
        public var name: String

        public init(role: String, revision: Int?, name: String) {
            self.role = role
            self.revision = revision
            self.name = name
        }

        /// `revision 30 (stable, canary-demo-877894d5b)`, or `podinfo-primary (primary)`.
        public var title: String {
            if let revision { return "revision \(revision) (\(role), \(name))" }
            return "\(name) (\(role))"
        }

        /// The short form, for a title with little room: `revision 30 (stable)`, `podinfo-primary (primary)`.
        public var label: String {
            if let revision { return "revision \(revision) (\(role))" }
            return title
        }
    }

    public var old: Side
    public var new: Side
    public var diff: UnifiedDiff

    public init(old: Side, new: Side, oldLines: [String], newLines: [String]) {
        self.old = old
        self.new = new
        diff = UnifiedDiff(old: oldLines, new: newLines)
    }

    /// What `rollscope diff` prints when the templates are the same.
    public var identicalMessage: String { "no difference between \(old.title) and \(new.title)" }

    /// The unified diff, headed with the two sides; empty when they are the same. With `color`,
    /// as `git diff` colours it: the headers bold, hunk lines cyan, removed red, added green.
    public func text(color: Bool = false) -> String {
        let plain = diff.text(old: old.title, new: new.title)
        guard color else { return plain }
        return plain.split(separator: "\n", omittingEmptySubsequences: false).map { line -> String in
            let code = line.hasPrefix("---") || line.hasPrefix("+++") ? "1" : line.hasPrefix("@@") ? "36"
                : line.hasPrefix("-") ? "31" : line.hasPrefix("+") ? "32" : nil
            return code.map { "\u{1B}[\($0)m\(line)\u{1B}[0m" } ?? String(line)
        }.joined(separator: "\n")
    }

    /// The diff of a Rollout: canary, stable against the current pod hash's ReplicaSet; blue/green,
    /// active against preview (against the current one once promoted, which is then the active).
    public static func of(_ rollout: Rollout, objects: ObjectSet) -> Result<RevisionDiff, RevisionDiffError> {
        let owned = objects.replicaSets.filter { $0.metadata.isOwned(by: rollout.metadata.uid) }
        let s = rollout.status
        let roles: (old: String, oldHash: String?, new: String, newHash: String?)
        if rollout.isBlueGreen {
            roles = ("active", s.blueGreen?.activeSelector ?? s.stableRS, "preview", s.blueGreen?.previewSelector ?? s.currentPodHash)
        } else {
            roles = ("stable", s.stableRS, "canary", s.currentPodHash)
        }
        func side(_ role: String, _ hash: String?) -> Result<(Side, [String]), RevisionDiffError> {
            guard let hash, !hash.isEmpty else { return .failure(.noRevision(role: role, of: "Rollout \(rollout.metadata.name)")) }
            guard let rs = owned.first(where: { $0.podTemplateHash == hash }) else {
                return .failure(.missing(role: role, what: "ReplicaSet with pod template hash \(hash)"))
            }
            return .success((Side(role: role, revision: rs.revision ?? 0, name: rs.metadata.name), templateLines(rs.spec.template)))
        }
        return side(roles.old, roles.oldHash).flatMap { old in
            side(roles.new, roles.newHash).map { new in
                RevisionDiff(old: old.0, new: new.0, oldLines: old.1, newLines: new.1)
            }
        }
    }

    /// The diff of a Flagger Canary: the `-primary` workload's template against the target's.
    /// Flagger renames the primary's `NAME` label values to `NAME-primary`; they are compared as `NAME`.
    public static func of(_ canary: Canary, objects: ObjectSet) -> Result<RevisionDiff, RevisionDiffError> {
        let ns = canary.metadata.namespace
        guard let target = canary.spec.targetRef?.name, !target.isEmpty else {
            return .failure(.noRevision(role: "target", of: "Canary \(canary.metadata.name)"))
        }
        let primaryName = "\(target)-primary"
        func template(_ name: String) -> PodTemplateSpec?? {
            if canary.spec.targetRef?.kind == "DaemonSet" { return objects.daemonSet(named: name, namespace: ns).map(\.spec.template) }
            return objects.deployment(named: name, namespace: ns).map(\.spec.template)
        }
        let kind = canary.spec.targetRef?.kind ?? "Deployment"
        guard let primary = template(primaryName) else { return .failure(.missing(role: "primary", what: "\(kind) \(primaryName)")) }
        guard let canaryTemplate = template(target) else { return .failure(.missing(role: "canary", what: "\(kind) \(target)")) }
        return .success(RevisionDiff(old: Side(role: "primary", revision: nil, name: primaryName),
                                     new: Side(role: "canary", revision: nil, name: target),
                                     oldLines: templateLines(primary, relabel: [primaryName: target]),
                                     newLines: templateLines(canaryTemplate)))
    }

    private static func templateLines(_ template: PodTemplateSpec?, relabel: [String: String] = [:]) -> [String] {
        template?.raw.map { PodTemplateText.lines($0, relabel: relabel) } ?? []
    }
}

/// Why there is no diff to show.
public enum RevisionDiffError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The object names no revision in that role (a Rollout not reconciled yet).
    case noRevision(role: String, of: String)
    /// The revision is named but its object is not there.
    case missing(role: String, what: String)

    public var description: String {
        switch self {
        case let .noRevision(role, of): "\(of) has no \(role) revision yet"
        case let .missing(role, what): "the \(role) revision's \(what) is not there"
        }
    }
}
