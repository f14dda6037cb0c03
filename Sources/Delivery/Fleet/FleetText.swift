import KubeModel

/// `rollscope fleet`: the lineup as a table (APP CLUSTER REVISION IMAGE STATUS STEP-WEIGHT
/// WAITING, a row per application and cluster), then one summary line per application; and
/// its `-o json|yaml` document.
public enum FleetText {
    /// The table and the summaries; empty when there is no application (say "No resources found.").
    public static func lineup(_ lineup: FleetLineup) -> String {
        let rows = lineup.applications.flatMap { app in
            app.entries.map { e in
                [app.name, e.cluster, e.revision + (e.stableRevision.map { " (stable \($0))" } ?? ""),
                 e.images.isEmpty ? "-" : e.images.joined(separator: ","), e.status, e.progress, e.waitingFor ?? "-"].map(TerminalSafe.text)
            }
        }
        let table = TextTable(header: ["APP", "CLUSTER", "REVISION", "IMAGE", "STATUS", "STEP-WEIGHT", "WAITING"], rows: rows).text
        guard !table.isEmpty else { return "" }
        return table + "\n" + lineup.applications.map { TerminalSafe.text("\($0.name): \($0.summary)") + "\n" }.joined()
    }

    /// `-o json|yaml`: `{"apiVersion":"rollscope/v1","kind":"FleetApplicationList","items":[…]}`.
    public static func document(_ lineup: FleetLineup) -> ViewList<FleetApplication> {
        ViewList(kind: "FleetApplicationList", items: lineup.applications)
    }
}
