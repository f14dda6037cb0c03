import TerminalUI

/// The screen the sample program shows: a rollout-like list, a tree with a gauge when the
/// terminal is tall enough, and a status line naming the last event. Pure.
struct SampleScreen {
    var rows: [ListRow]
    var tree: [TreeNode]
    var list = ListState()
    var lastEvent = "none"
    var showsHelp = false

    static let columns = [
        ListColumn("NAME", width: .flexible(min: 16, weight: 3)),
        ListColumn("STRATEGY", width: .fixed(9)),
        ListColumn("STEP", width: .fixed(5), alignment: .right),
        ListColumn("STATUS", width: .flexible(min: 12, weight: 1)),
    ]

    static let treeColumns = [
        ListColumn("NAME", width: .flexible(min: 20, weight: 1)),
        ListColumn("KIND", width: .fixed(10)),
        ListColumn("STATUS", width: .fixed(14)),
    ]

    static let hints = [KeyHint("j/k", "move"), KeyHint("?", "help"), KeyHint("ctrl-l", "redraw"), KeyHint("q", "quit")]

    /// `count` rows cycling through the four statuses.
    static func rows(count: Int, glyphs: Glyphs) -> [ListRow] {
        let statuses: [(String, String, Role)] = [
            (glyphs.ok, "Healthy", .healthy), (glyphs.progressing, "Progressing", .progressing),
            (glyphs.paused, "Paused", .paused), (glyphs.bad, "Degraded", .degraded),
        ]
        return (0..<count).map { index in
            let status = statuses[index % statuses.count]
            return ListRow(["rollout-\(index)", index % 3 == 0 ? "BlueGreen" : "Canary", "\(index % 8)/8", "\(status.0) \(status.1)"],
                           cellRoles: [nil, nil, nil, status.2])
        }
    }

    /// A tree of about `nodes` nodes: one rollout, revisions, ReplicaSets and pods.
    static func tree(nodes: Int, glyphs: Glyphs) -> [TreeNode] {
        var revisions: [TreeNode] = []
        var made = 1
        var revision = 1
        while made < nodes {
            var pods: [TreeNode] = []
            for pod in 0..<min(8, max(0, nodes - made - 2)) {
                pods.append(TreeNode(id: "pod-\(revision)-\(pod)", row: ListRow(["\(glyphs.pod) rollout-\(revision)-pod-\(pod)", "Pod", "\(glyphs.ok) Running"], cellRoles: [nil, .dim, .healthy])))
            }
            let replicaSet = TreeNode(id: "rs-\(revision)", row: ListRow(["\(glyphs.replicaSet) rollout-\(revision)", "ReplicaSet", "\(glyphs.ok) Healthy"], cellRoles: [nil, .dim, .healthy]), children: pods)
            revisions.append(TreeNode(id: "rev-\(revision)", row: ListRow(["\(glyphs.revision) revision:\(revision)"]), children: [replicaSet]))
            made += 2 + pods.count
            revision += 1
        }
        return [TreeNode(id: "root", row: ListRow(["\(glyphs.rollout) rollout", "Rollout", "\(glyphs.ok) Healthy"], cellRoles: [.title, .dim, .healthy]),
                         children: revisions.reversed())]
    }

    /// Rows of the list visible at `size`.
    func visibleRows(at size: Size) -> Int {
        guard case .regular(let panes) = ScreenLayout(size: size) else { return 0 }
        return max(0, panes.list.height - 1)
    }

    func render(size: Size, glyphs: Glyphs) -> Grid {
        var grid = Grid(size: size)
        guard case .regular(let panes) = ScreenLayout(size: size) else {
            TooSmallView(size: size).draw(into: &grid)
            return grid
        }
        HeaderBar(segments: ["tui-sample", "\(rows.count) rows"], trailing: "size \(size)").draw(into: &grid, in: panes.header, glyphs: glyphs)
        if let side = panes.side {
            let inner = Frame(title: "Glyphs").draw(into: &grid, in: side, glyphs: glyphs)
            let sample = [glyphs.ok, glyphs.bad, glyphs.progressing, glyphs.waiting, glyphs.paused, glyphs.warning].joined(separator: " ")
            grid.put(sample, at: inner.x + 1, inner.y, maxWidth: inner.width - 1)
        }
        ListView(columns: SampleScreen.columns, rows: rows, state: list).draw(into: &grid, in: panes.list, glyphs: glyphs)
        if let detail = panes.detail {
            let inner = Frame(title: "Detail").draw(into: &grid, in: detail, glyphs: glyphs)
            let (gaugeRow, treeArea) = inner.splitTop(2)
            Gauge(fraction: Double(list.selected % 9) / 8, label: "step \(list.selected % 9)/8").draw(into: &grid, in: gaugeRow, glyphs: glyphs)
            TreeView(columns: SampleScreen.treeColumns, roots: tree, isFocused: false).draw(into: &grid, in: treeArea, glyphs: glyphs)
        }
        StatusLine("last event: \(lastEvent)", role: .info).draw(into: &grid, in: panes.status, glyphs: glyphs)
        FooterBar(hints: SampleScreen.hints).draw(into: &grid, in: panes.footer, glyphs: glyphs)
        if showsHelp {
            HelpOverlay(sections: [HelpSection("Sample", SampleScreen.hints)]).draw(into: &grid, in: grid.bounds, glyphs: glyphs)
        }
        return grid
    }
}
