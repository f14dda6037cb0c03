import Foundation
import KubeModel

/// `rollscope get deployment` and `list deployments`: plain Deployments in the plugin's style
/// (header fields, then a NAME KIND STATUS AGE INFO tree: Deployment → revisions, newest first →
/// ReplicaSets → Pods). Every view is drawn through `TerminalSafe.sanitized` first.
public enum DeploymentText {
    /// `get deployment NAME`.
    public static func deployment(_ info: DeploymentInfo, now: Date, style: TextStyle = .plain) -> String {
        let info = TerminalSafe.sanitized(info)
        let field = RolloutText.field
        var out = field("Name:", info.name)
        out += field("Namespace:", info.namespace)
        out += field("Status:", style.icon(info.icon) + " " + info.status)
        if !info.message.isEmpty { out += field("Message:", info.message) }
        out += field("Strategy:", info.strategy)
        out += field("Revision:", String(info.revision))
        out += RolloutText.images(info.images, style: style)
        out += RolloutText.replicas(desired: info.desired, current: info.current, updated: info.updated, ready: info.ready,
                                    available: info.available)
        out += "\n"
        out += tree(info, now: now, style: style)
        return trimmingTrailingSpaces(out)
    }

    private static func tree(_ info: DeploymentInfo, now: Date, style: TextStyle) -> String {
        var rows = TreeRows(style: style, now: now)
        rows.header()
        rows.row("", style.glyphs.deployment, info.name, kind: "Deployment", icon: info.icon, status: info.status,
                 age: HumanDuration.age(info.creationTimestamp?.date, now: now), info: "ready:\(info.ready)/\(info.desired)")
        for (i, revision) in info.revisions.enumerated() {
            let (prefix, sub) = style.branches(last: i == info.revisions.count - 1, "")
            rows.row(prefix, style.glyphs.revision, "revision:\(revision.revision)", kind: "", icon: nil, status: "", age: "", info: "")
            for (j, rs) in revision.replicaSets.enumerated() {
                let (p, s) = style.branches(last: j == revision.replicaSets.count - 1, sub)
                let tags = (rs.isNew ? ["new"] : []) + ["hash:\(rs.podTemplateHash)", "ready:\(rs.ready)/\(rs.desired)"]
                rows.row(p, style.glyphs.replicaSet, rs.name, kind: "ReplicaSet", icon: rs.icon, status: rs.status,
                         age: HumanDuration.age(rs.creationTimestamp?.date, now: now), info: tags.joined(separator: ","))
                rows.pods(rs.pods, sub: s)
            }
        }
        return TabWriter().format(rows.text)
    }

    /// `list deployments [-A]`: kubectl's `get deployments` columns (NAME READY UP-TO-DATE
    /// AVAILABLE AGE, READY being ready of desired) with the rollout STATUS and REVISION before
    /// AGE, prefixed by NAMESPACE with `-A`; columns three spaces apart, as kubectl's printer.
    public static func list(_ infos: [DeploymentInfo], allNamespaces: Bool, now: Date) -> String {
        listTable(infos, allNamespaces: allNamespaces, now: now).text
    }

    /// The table of `list deployments` before alignment.
    public static func listTable(_ infos: [DeploymentInfo], allNamespaces: Bool, now: Date) -> TextTable {
        var header = ["NAME", "READY", "UP-TO-DATE", "AVAILABLE", "STATUS", "REVISION", "AGE"]
        if allNamespaces { header.insert("NAMESPACE", at: 0) }
        let rows = infos.map(TerminalSafe.sanitized).map { i in
            var cells = [i.name, "\(i.ready)/\(i.desired)", String(i.updated), String(i.available), i.status, String(i.revision),
                         HumanDuration.age(i.creationTimestamp?.date, now: now)]
            if allNamespaces { cells.insert(i.namespace, at: 0) }
            return cells
        }
        return TextTable(header: header, rows: rows, padding: 3)
    }
}
