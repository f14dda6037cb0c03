import Foundation
import KubeModel

/// The text of `kubectl argo rollouts get rollout` and `get experiment` (`cmd/get`), byte for byte
/// with `--no-color`, trailing spaces trimmed from every line. Every view is drawn through
/// `TerminalSafe.sanitized` first: no field of an object reaches the terminal raw.
public enum RolloutText {
    /// `%-17s%v`: the header lines.
    static func field(_ label: String, _ value: String) -> String {
        label.padding(toLength: max(17, label.count), withPad: " ", startingAt: 0) + value + "\n"
    }

    /// The `Replicas:` block of a workload's header (a Rollout's, a Deployment's).
    static func replicas<N: BinaryInteger>(desired: N, current: N, updated: N, ready: N, available: N) -> String {
        "Replicas:\n" + field("  Desired:", String(desired)) + field("  Current:", String(current))
            + field("  Updated:", String(updated)) + field("  Ready:", String(ready)) + field("  Available:", String(available))
    }

    static func images(_ images: [ImageInfo], style: TextStyle) -> String {
        var out = ""
        for (i, image) in images.enumerated() {
            let tags = image.tags.map { tag in
                // An experiment's `Σ:<template>` tag takes the style's experiment glyph (`E:` in ASCII).
                style.paint(tag.hasPrefix(ImageInfo.experimentTag) ? style.glyphs.experiment + ":" + tag.dropFirst(ImageInfo.experimentTag.count) : tag, as: tag)
            }
            let text = tags.isEmpty ? image.image : "\(image.image) (\(tags.joined(separator: ", ")))"
            out += field(i == 0 ? "Images:" : "", text)
        }
        return out
    }

    /// `get rollout NAME`.
    public static func rollout(_ info: RolloutInfo, now: Date, style: TextStyle = .plain) -> String {
        let info = TerminalSafe.sanitized(info)
        var out = field("Name:", info.name)
        out += field("Namespace:", info.namespace)
        out += field("Status:", style.icon(info.icon) + " " + info.status)
        if !info.message.isEmpty { out += field("Message:", info.message) }
        out += field("Strategy:", info.strategy)
        if info.strategy == "Canary" {
            out += field("  Step:", info.step)
            out += field("  SetWeight:", info.setWeight.map(String.init) ?? "")
            out += field("  ActualWeight:", info.actualWeight.map(String.init) ?? "")
        }
        out += images(info.images, style: style)
        out += RolloutText.replicas(desired: info.desired, current: info.current, updated: info.updated, ready: info.ready,
                                    available: info.available)
        out += "\n"
        out += safeTree(info, now: now, style: style)
        return trimmingTrailingSpaces(out)
    }

    /// The NAME KIND STATUS AGE INFO tree of a rollout alone.
    public static func tree(_ info: RolloutInfo, now: Date, style: TextStyle = .plain) -> String {
        safeTree(TerminalSafe.sanitized(info), now: now, style: style)
    }

    private static func safeTree(_ info: RolloutInfo, now: Date, style: TextStyle) -> String {
        var rows = TreeRows(style: style, now: now)
        rows.header()
        rows.row("", style.glyphs.rollout, info.name, kind: "Rollout", icon: info.icon, status: info.status,
                 age: HumanDuration.age(info.creationTimestamp?.date, now: now), info: "")
        for (i, revision) in info.revisions.enumerated() {
            let (prefix, sub) = style.branches(last: i == info.revisions.count - 1, "")
            rows.revision(revision, prefix: prefix, sub: sub)
        }
        return TabWriter().format(rows.text)
    }

    /// `get experiment NAME`.
    public static func experiment(_ info: ExperimentInfo, now: Date, style: TextStyle = .plain) -> String {
        let info = TerminalSafe.sanitized(info)
        var out = field("Name:", info.name)
        out += field("Namespace:", info.namespace)
        out += field("Status:", style.icon(info.icon) + " " + info.status)
        if !info.message.isEmpty { out += field("Message:", info.message) }
        out += images(info.images, style: style)
        out += "\n"
        var rows = TreeRows(style: style, now: now)
        rows.header()
        rows.experiment(info, prefix: "", sub: "")
        out += TabWriter().format(rows.text)
        return trimmingTrailingSpaces(out)
    }
}

/// Accumulates the tab-separated rows of a plugin tree.
struct TreeRows {
    let style: TextStyle
    let now: Date
    var text = ""

    mutating func header() { text += "NAME\tKIND\tSTATUS\tAGE\tINFO\n" }

    mutating func row(_ prefix: String, _ kindIcon: String, _ name: String, kind: String, icon: StatusIcon?, status: String,
                      age: String, info: String) {
        let statusCell = icon.map { style.icon($0) + " " + status } ?? " "
        text += "\(prefix)\(kindIcon) \(name)\t\(kind)\t\(statusCell)\t\(age)\t\(info)\n"
    }

    mutating func revision(_ revision: RevisionInfo, prefix: String, sub: String) {
        row(prefix, style.glyphs.revision, "revision:\(revision.revision)", kind: "", icon: nil, status: "", age: "", info: "")
        let total = revision.replicaSets.count + revision.experiments.count + revision.analysisRuns.count
        var n = 0
        for rs in revision.replicaSets {
            n += 1
            let (p, s) = style.branches(last: n == total, sub)
            replicaSet(rs, prefix: p, sub: s)
        }
        for e in revision.experiments {
            n += 1
            let (p, s) = style.branches(last: n == total, sub)
            experiment(e, prefix: p, sub: s)
        }
        for run in revision.analysisRuns {
            n += 1
            let (p, s) = style.branches(last: n == total, sub)
            analysisRun(run, prefix: p, sub: s)
        }
    }

    mutating func replicaSet(_ rs: ReplicaSetInfo, prefix: String, sub: String) {
        var info = rs.tags.map { style.paint($0, as: $0) }
        var name = rs.name
        for tag in rs.tags { name = style.paint(name, as: tag) }
        if let delay = rs.scaleDownDelay(now: now) { info.append("delay:\(delay)") }
        row(prefix, style.glyphs.replicaSet, name, kind: "ReplicaSet", icon: rs.icon, status: rs.status,
            age: HumanDuration.age(rs.creationTimestamp?.date, now: now), info: info.joined(separator: ","))
        pods(rs.pods, sub: sub)
    }

    /// The pod rows under a ReplicaSet or workload whose children are prefixed by `sub`.
    mutating func pods(_ pods: [PodInfo], sub: String) {
        for (i, pod) in pods.enumerated() {
            let (p, _) = style.branches(last: i == pods.count - 1, sub)
            let podInfo = ["ready:\(pod.ready)"] + (pod.restarts > 0 ? ["restarts:\(pod.restarts)"] : [])
            row(p, style.glyphs.pod, pod.name, kind: "Pod", icon: pod.icon, status: pod.status,
                age: HumanDuration.age(pod.creationTimestamp?.date, now: now), info: podInfo.joined(separator: ","))
        }
    }

    mutating func experiment(_ e: ExperimentInfo, prefix: String, sub: String) {
        row(prefix, style.glyphs.experiment, style.paint(e.name, as: e.status), kind: "Experiment", icon: e.icon, status: e.status,
            age: HumanDuration.age(e.creationTimestamp?.date, now: now), info: "")
        let total = e.replicaSets.count + e.analysisRuns.count
        var n = 0
        for rs in e.replicaSets {
            n += 1
            let (p, s) = style.branches(last: n == total, sub)
            replicaSet(rs, prefix: p, sub: s)
        }
        for run in e.analysisRuns {
            n += 1
            let (p, s) = style.branches(last: n == total, sub)
            analysisRun(run, prefix: p, sub: s)
        }
    }

    mutating func analysisRun(_ run: AnalysisRunInfo, prefix: String, sub: String) {
        var counts: [String] = []
        if run.successful > 0 { counts.append("\(style.icon(.ok)) \(run.successful)") }
        if run.failed > 0 { counts.append("\(style.icon(.bad)) \(run.failed)") }
        if run.inconclusive > 0 { counts.append("\(style.icon(.unknown)) \(run.inconclusive)") }
        if run.error > 0 { counts.append("\(style.icon(.warning)) \(run.error)") }
        row(prefix, style.glyphs.analysisRun, style.paint(run.name, as: run.status), kind: "AnalysisRun", icon: run.icon,
            status: run.status, age: HumanDuration.age(run.creationTimestamp?.date, now: now), info: counts.joined(separator: ","))
        for (i, job) in run.jobs.enumerated() {
            let (p, _) = style.branches(last: i == run.jobs.count - 1, sub)
            row(p, style.glyphs.job, style.paint(job.name, as: job.status), kind: "Job", icon: job.icon, status: job.status,
                age: HumanDuration.age(job.startedAt?.date, now: now), info: "")
        }
    }
}
