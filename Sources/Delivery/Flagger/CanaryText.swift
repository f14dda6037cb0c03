import Foundation
import KubeModel

/// `rollscope get canary` and `list canaries`: Flagger Canaries in the plugin's style (header
/// fields, then a NAME KIND STATUS AGE INFO tree: Canary → primary and canary Deployments → Pods).
public enum CanaryText {
    /// `get canary NAME`.
    public static func canary(_ info: CanaryInfo, now: Date, style: TextStyle = .plain) -> String {
        let info = TerminalSafe.sanitized(info)
        let field = RolloutText.field
        var out = field("Name:", info.name)
        out += field("Namespace:", info.namespace)
        out += field("Status:", style.icon(info.icon) + " " + info.phase)
        if !info.message.isEmpty { out += field("Message:", info.message) }
        if let warning = info.lastWarning { out += field("LastWarning:", warning) }
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
        if info.skipAnalysis { out += field("  SkipAnalysis:", "true" + (info.skipAnalysisWarning.map { " (\(style.icon(.warning)) \($0))" } ?? "")) }
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
            rows.row(p, style.glyphs.deployment, style.paint(w.name, as: w.role == "primary" ? "stable" : "canary"), kind: w.kind,
                     icon: w.icon, status: w.status, age: HumanDuration.age(w.creationTimestamp?.date, now: now),
                     info: "\(style.paint(w.role, as: w.role == "primary" ? "stable" : "canary")),ready:\(w.ready)/\(w.desired)")
            rows.pods(w.pods, sub: sub)
        }
        out += TabWriter().format(rows.text)
        return trimmingTrailingSpaces(out)
    }

    /// `list canaries [-A] [-o wide]`: NAME STRATEGY STATUS PROGRESS FAILED-CHECKS LAST-TRANSITION,
    /// prefixed by NAMESPACE with `-A`; wide adds PROVIDER TARGET INTERVAL SUSPENDED GATES.
    public static func list(_ infos: [CanaryInfo], allNamespaces: Bool, wide: Bool = false, now: Date) -> String {
        listTable(infos, allNamespaces: allNamespaces, wide: wide, now: now).text
    }

    /// The table of `list canaries` before alignment.
    public static func listTable(_ infos: [CanaryInfo], allNamespaces: Bool, wide: Bool = false, now: Date) -> TextTable {
        var header = ["NAME", "STRATEGY", "STATUS", "PROGRESS", "FAILED-CHECKS", "LAST-TRANSITION"]
        if allNamespaces { header.insert("NAMESPACE", at: 0) }
        if wide { header += ["PROVIDER", "TARGET", "INTERVAL", "SUSPENDED", "GATES"] }
        return TextTable(header: header, rows: infos.map { cells(CanaryRow(TerminalSafe.sanitized($0)), allNamespaces: allNamespaces, wide: wide, now: now) })
    }

    static func cells(_ row: CanaryRow, allNamespaces: Bool, wide: Bool, now: Date) -> [String] {
        var cells = [row.name, row.strategy, row.phase, row.progress, row.checks,
                     row.lastTransition.map { HumanDuration.age($0.date, now: now) } ?? "-"]
        if allNamespaces { cells.insert(row.namespace, at: 0) }
        if wide { cells += [row.provider, row.target, row.interval, row.suspended, row.gates] }
        return cells
    }
}

/// One row of `list canaries`: the state a watch compares (the transition time is shown as an age
/// but not compared, since Flagger rewrites it on every status write).
public struct CanaryRow: Sendable, Hashable {
    public var namespace: String
    public var name: String
    public var strategy: String
    public var phase: String
    public var progress: String
    public var checks: String
    public var provider: String
    public var target: String
    public var interval: String
    public var suspended: String
    public var gates: String
    public var lastTransition: KubeTime?

    public init(_ i: CanaryInfo) {
        namespace = i.namespace
        name = i.name
        strategy = i.strategy.rawValue
        phase = i.phase
        progress = i.progress
        checks = "\(i.failedChecks)/\(i.threshold)"
        provider = i.provider.isEmpty ? "-" : i.provider
        target = "\(i.targetKind)/\(i.targetName)"
        interval = i.interval
        suspended = String(i.suspended)
        let gateList = i.gates.filter { $0.isConfirm || $0.type == "rollback" }.map { "\($0.type):\($0.mechanism.rawValue)" }
        gates = gateList.isEmpty ? "-" : gateList.joined(separator: ",")
        lastTransition = i.lastTransitionTime
    }

    public static func == (a: CanaryRow, b: CanaryRow) -> Bool {
        a.namespace == b.namespace && a.name == b.name && a.strategy == b.strategy && a.phase == b.phase && a.progress == b.progress
            && a.checks == b.checks && a.provider == b.provider && a.target == b.target && a.interval == b.interval
            && a.suspended == b.suspended && a.gates == b.gates
    }

    public func hash(into h: inout Hasher) {
        for part in [namespace, name, strategy, phase, progress, checks, provider, target, interval, suspended, gates] { h.combine(part) }
    }
}

/// `list canaries --watch`: a line for each event that changes a canary's row, aligned on its own.
public struct CanaryListWatch: Sendable {
    public var allNamespaces: Bool
    public var wide: Bool
    private var rows = ListWatch<CanaryRow>()

    /// Starts from the canaries of the initial listing.
    public init(initial: [CanaryInfo], allNamespaces: Bool, wide: Bool = false) {
        self.allNamespaces = allNamespaces
        self.wide = wide
        for info in initial { _ = rows.changed(CanaryRow(info), key: "\(info.namespace)/\(info.name)") }
    }

    /// The line to append for this event, or nil when the row did not change.
    public mutating func update(_ info: CanaryInfo, now: Date) -> String? {
        let row = CanaryRow(info)
        guard rows.changed(row, key: "\(info.namespace)/\(info.name)") else { return nil }
        return trimmingTrailingSpaces(TabWriter().format(CanaryText.cells(CanaryRow(TerminalSafe.sanitized(info)), allNamespaces: allNamespaces, wide: wide, now: now).joined(separator: "\t") + "\n"))
    }
}
