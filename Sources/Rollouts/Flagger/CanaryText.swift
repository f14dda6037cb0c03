import Foundation

/// `rollscope get canary` and `list canaries`: Flagger Canaries in the plugin's style (header
/// fields, then a NAME KIND STATUS AGE INFO tree: Canary → primary and canary Deployments → Pods).
public enum CanaryText {
    /// `get canary NAME`.
    public static func canary(_ info: CanaryInfo, now: Date, style: TextStyle = .plain) -> String {
        let field = RolloutText.field
        var out = field("Name:", info.name)
        out += field("Namespace:", info.namespace)
        out += field("Status:", style.icon(info.icon) + " " + info.phase)
        if !info.message.isEmpty { out += field("Message:", info.message) }
        out += field("Strategy:", info.strategy.rawValue + (info.mirroring ? " (mirrored)" : ""))
        if info.iterations != nil {
            out += field("  Iteration:", info.progress)
        } else {
            out += field("  Weight:", info.progress)
        }
        out += field("  FailedChecks:", "\(info.failedChecks)/\(info.threshold)")
        out += field("  Interval:", info.interval)
        if !info.provider.isEmpty { out += field("  Provider:", info.provider) }
        if info.suspended { out += field("  Suspended:", "true") }
        if info.skipAnalysis { out += field("  SkipAnalysis:", "true") }
        out += field("Target:", "\(info.targetKind)/\(info.targetName)")
        var images: [ImageInfo] = []
        for w in [info.canary, info.primary].compactMap({ $0 }) where w.desired > 0 {
            for image in w.images { ImageInfo.merge(ImageInfo(image: image, tags: [w.role]), into: &images) }
        }
        out += RolloutText.images(images, style: style)
        for (i, gate) in info.gates.enumerated() {
            out += field(i == 0 ? "Webhooks:" : "", "\(gate.type) \(gate.name.isEmpty ? "" : "\"\(gate.name)\" ")\(gate.url)\(gate.mechanism == .other ? "" : " (\(gate.mechanism.rawValue))")")
        }
        if let t = info.lastTransitionTime {
            out += field("LastTransition:", "\(t.rfc3339) (\(HumanDuration.age(t.date, now: now)) ago)")
        }
        out += "\n"
        var rows = TreeRows(style: style, now: now)
        rows.header()
        rows.row("", style.glyphs.canary, info.name, kind: "Canary", icon: info.icon, status: info.phase,
                 age: HumanDuration.age(info.creationTimestamp?.date, now: now), info: info.progress)
        let workloads = [info.primary, info.canary].compactMap { $0 }
        for (i, w) in workloads.enumerated() {
            let (p, sub) = style.branches(last: i == workloads.count - 1, "")
            rows.row(p, style.glyphs.deployment, style.paint(w.name, as: w.role == "primary" ? "stable" : "canary"), kind: "Deployment",
                     icon: w.icon, status: w.status, age: HumanDuration.age(w.creationTimestamp?.date, now: now),
                     info: "\(style.paint(w.role, as: w.role == "primary" ? "stable" : "canary")),ready:\(w.ready)/\(w.desired)")
            for (j, pod) in w.pods.enumerated() {
                let (pp, _) = style.branches(last: j == w.pods.count - 1, sub)
                let podInfo = ["ready:\(pod.ready)"] + (pod.restarts > 0 ? ["restarts:\(pod.restarts)"] : [])
                rows.row(pp, style.glyphs.pod, pod.name, kind: "Pod", icon: pod.icon, status: pod.status,
                         age: HumanDuration.age(pod.creationTimestamp?.date, now: now), info: podInfo.joined(separator: ","))
            }
        }
        out += TabWriter().format(rows.text)
        return trimmingTrailingSpaces(out)
    }

    /// `list canaries [-A] [-o wide]`: NAME STRATEGY STATUS PROGRESS FAILED-CHECKS LAST-TRANSITION,
    /// prefixed by NAMESPACE with `-A`; wide adds PROVIDER TARGET INTERVAL SUSPENDED GATES.
    public static func list(_ infos: [CanaryInfo], allNamespaces: Bool, wide: Bool = false, now: Date) -> String {
        guard !infos.isEmpty else { return "" }
        var header = ["NAME", "STRATEGY", "STATUS", "PROGRESS", "FAILED-CHECKS", "LAST-TRANSITION"]
        if allNamespaces { header.insert("NAMESPACE", at: 0) }
        if wide { header += ["PROVIDER", "TARGET", "INTERVAL", "SUSPENDED", "GATES"] }
        var text = header.joined(separator: "\t") + "\n"
        for i in infos {
            var cells = [i.name, i.strategy.rawValue, i.phase, i.progress, "\(i.failedChecks)/\(i.threshold)",
                         i.lastTransitionTime.map { HumanDuration.age($0.date, now: now) } ?? "-"]
            if allNamespaces { cells.insert(i.namespace, at: 0) }
            if wide {
                let gates = i.gates.filter { $0.isConfirm || $0.type == "rollback" }.map { "\($0.type):\($0.mechanism.rawValue)" }
                cells += [i.provider.isEmpty ? "-" : i.provider, "\(i.targetKind)/\(i.targetName)", i.interval,
                          String(i.suspended), gates.isEmpty ? "-" : gates.joined(separator: ",")]
            }
            text += cells.joined(separator: "\t") + "\n"
        }
        return trimmingTrailingSpaces(TabWriter().format(text))
    }
}
