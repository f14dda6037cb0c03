import Testing
@testable import TerminalUI

/// The glyph sets and colour capabilities every snapshot is taken in.
enum Variant: String, CaseIterable, CustomTestStringConvertible {
    case utf8Color, asciiColor, utf8NoColor, asciiNoColor

    var glyphs: Glyphs { self == .utf8Color || self == .utf8NoColor ? .unicode : .ascii }
    var capability: ColorCapability { self == .utf8Color || self == .asciiColor ? .colors256 : .none }
    var testDescription: String { rawValue }
}

/// Every widget as snapshot text, in UTF-8 and ASCII, with colour and without.
@Suite struct WidgetSnapshotTests {
    static let statusColumns = [
        ListColumn("NAME", width: .flexible(min: 12, weight: 3)),
        ListColumn("STRATEGY", width: .fixed(9)),
        ListColumn("STEP", width: .fixed(5), alignment: .right),
        ListColumn("STATUS", width: .flexible(min: 10, weight: 1)),
        ListColumn("AGE", width: .fixed(5), alignment: .right),
    ]

    static func rollRows(_ count: Int, glyphs: Glyphs) -> [ListRow] {
        (0..<count).map { index in
            let (status, role, icon): (String, Role, String) = switch index % 4 {
            case 0: ("Healthy", .healthy, glyphs.ok)
            case 1: ("Progressing", .progressing, glyphs.progressing)
            case 2: ("Paused", .paused, glyphs.paused)
            default: ("Degraded", .degraded, glyphs.bad)
            }
            return ListRow(["checkout-\(index)-api-gateway-frontend", index % 3 == 0 ? "BlueGreen" : "Canary",
                            "\(index % 8)/8", "\(icon) \(status)", "\(index + 1)m"],
                           cellRoles: [nil, nil, nil, role, .dim])
        }
    }

    static func sampleTree(glyphs g: Glyphs) -> [TreeNode] {
        func pod(_ name: String, _ status: String, _ role: Role, _ icon: String) -> TreeNode {
            TreeNode(id: name, row: ListRow(["\(g.pod) \(name)", "Pod", "\(icon) \(status)", "25s", "ready:1/1"],
                                            cellRoles: [nil, .dim, role, .dim]))
        }
        let stable = TreeNode(id: "rs-stable", row: ListRow(["\(g.replicaSet) canary-demo-6cbb8d5c8f", "ReplicaSet", "\(g.ok) Healthy", "7d", "stable"],
                                                           cellRoles: [nil, .dim, .healthy, .dim, .healthy]),
                              children: [pod("canary-demo-6cbb8d5c8f-4nlcg", "Running", .healthy, g.ok),
                                         pod("canary-demo-6cbb8d5c8f-lxq7z", "Running", .healthy, g.ok)])
        let canary = TreeNode(id: "rs-canary", row: ListRow(["\(g.replicaSet) canary-demo-877894d5b", "ReplicaSet", "\(g.progressing) Progressing", "25s", "canary"],
                                                           cellRoles: [nil, .dim, .progressing, .dim, .paused]),
                              children: [pod("canary-demo-877894d5b-9xqcp", "ContainerCreating", .progressing, g.progressing)])
        let old = TreeNode(id: "rev1", row: ListRow(["\(g.revision) revision:1"]),
                           children: [TreeNode(id: "rs-old", row: ListRow(["\(g.replicaSet) canary-demo-65fb5ffc84", "ReplicaSet", "\(g.neutral) ScaledDown", "8d"]),
                                               children: [pod("gone", "Terminating", .dim, g.progressing)], isExpanded: false)])
        return [TreeNode(id: "root", row: ListRow(["\(g.rollout) canary-demo", "Rollout", "\(g.paused) Paused", "7d"], cellRoles: [.title, .dim, .paused, .dim]),
                         children: [TreeNode(id: "rev3", row: ListRow(["\(g.revision) revision:3"]), children: [canary]),
                                    TreeNode(id: "rev2", row: ListRow(["\(g.revision) revision:2"]), children: [stable]),
                                    old])]
    }

    static let treeColumns = [
        ListColumn("NAME", width: .flexible(min: 20, weight: 1)),
        ListColumn("KIND", width: .fixed(10)),
        ListColumn("STATUS", width: .fixed(20)),
        ListColumn("AGE", width: .fixed(4), alignment: .right),
        ListColumn("INFO", width: .fixed(10)),
    ]

    @Test(arguments: Variant.allCases)
    func listScrolledWithSelection(_ variant: Variant) {
        var grid = Grid(width: 80, height: 24)
        let rows = Self.rollRows(5000, glyphs: variant.glyphs)
        var state = ListState()
        state.select(2500, count: rows.count, visible: 23)
        ListView(columns: Self.statusColumns, rows: rows, state: state).draw(into: &grid, in: grid.bounds, glyphs: variant.glyphs)
        assertSnapshot(grid.dump(capability: variant.capability), named: "list-80x24-\(variant.rawValue)")
    }

    @Test(arguments: Variant.allCases)
    func listEmptyAndUnfocusedNarrow(_ variant: Variant) {
        var grid = Grid(width: 60, height: 8)
        ListView(columns: Self.statusColumns, rows: [], emptyText: "No rollouts in namespace shop").draw(into: &grid, in: Rect(x: 0, y: 0, width: 60, height: 3), glyphs: variant.glyphs)
        ListView(columns: Self.statusColumns, rows: Self.rollRows(3, glyphs: variant.glyphs), state: ListState(selected: 1), isFocused: false)
            .draw(into: &grid, in: Rect(x: 0, y: 4, width: 40, height: 4), glyphs: variant.glyphs)
        assertSnapshot(grid.dump(capability: variant.capability), named: "list-empty-narrow-\(variant.rawValue)")
    }

    @Test(arguments: Variant.allCases)
    func listWithFilterMatchesHighlighted(_ variant: Variant) {
        var grid = Grid(width: 80, height: 6)
        ListView(columns: Self.statusColumns, rows: Self.rollRows(5, glyphs: variant.glyphs), state: ListState(selected: 1), highlight: "API")
            .draw(into: &grid, in: grid.bounds, glyphs: variant.glyphs)
        assertSnapshot(grid.dump(capability: variant.capability), named: "list-highlight-\(variant.rawValue)")
    }

    @Test(arguments: Variant.allCases)
    func treeWithGuideLines(_ variant: Variant) {
        var grid = Grid(width: 80, height: 12)
        TreeView(columns: Self.treeColumns, roots: Self.sampleTree(glyphs: variant.glyphs), state: ListState(selected: 2))
            .draw(into: &grid, in: grid.bounds, glyphs: variant.glyphs)
        assertSnapshot(grid.dump(capability: variant.capability), named: "tree-\(variant.rawValue)")
    }

    @Test(arguments: Variant.allCases)
    func gauges(_ variant: Variant) {
        var grid = Grid(width: 40, height: 4)
        Gauge(fraction: 0.6, label: "step 3/5").draw(into: &grid, in: Rect(x: 0, y: 0, width: 40, height: 1), glyphs: variant.glyphs)
        Gauge(fraction: 0, role: .paused).draw(into: &grid, in: Rect(x: 0, y: 1, width: 40, height: 1), glyphs: variant.glyphs)
        Gauge(fraction: 1.7, label: "weight 100").draw(into: &grid, in: Rect(x: 0, y: 2, width: 40, height: 1), glyphs: variant.glyphs)
        Gauge(fraction: 0.33, label: "a label much too long for this gauge").draw(into: &grid, in: Rect(x: 2, y: 3, width: 20, height: 1), glyphs: variant.glyphs)
        assertSnapshot(grid.dump(capability: variant.capability), named: "gauge-\(variant.rawValue)")
    }

    /// A metric's measurements: bars in their phase's role, the threshold line at 0.95 with its
    /// label, a value-less point's marker on the bottom row; a sparkline; a marker-only chart.
    @Test(arguments: Variant.allCases)
    func barCharts(_ variant: Variant) {
        let g = variant.glyphs
        var grid = Grid(width: 44, height: 12)
        let values: [(Double?, Role, String)] = [(0.99, .healthy, g.ok), (0.97, .healthy, g.ok), (0.96, .healthy, g.ok), (nil, .degraded, g.warning),
                                                 (0.93, .warning, g.unknown), (0.90, .degraded, g.bad), (0.80, .degraded, g.bad)]
        let chart = BarChart(points: values.map { BarChart.Point(value: $0.0, role: $0.1, marker: $0.2) }, lines: [0.95])
        chart.draw(into: &grid, in: Rect(x: 0, y: 0, width: 30, height: 6), glyphs: g)
        _ = chart.drawSparkline(into: &grid, x: 32, y: 0, width: 10, glyphs: g)
        let phases = BarChart(points: [(Role.degraded, g.bad), (.healthy, g.ok), (.warning, g.unknown)].map { BarChart.Point(value: nil, role: $0.0, marker: $0.1) })
        phases.draw(into: &grid, in: Rect(x: 0, y: 7, width: 20, height: 3), glyphs: g)
        // More points than columns: the newest are shown.
        let many = BarChart(points: (1...40).map { BarChart.Point(value: Double($0), role: .progressing, marker: "") })
        many.draw(into: &grid, in: Rect(x: 22, y: 7, width: 20, height: 4), glyphs: g)
        assertSnapshot(grid.dump(capability: variant.capability), named: "barchart-\(variant.rawValue)")
    }

    @Test func barChartScaleAndLevels() {
        let chart = BarChart(points: [BarChart.Point(value: 0, role: .normal, marker: ""), BarChart.Point(value: 10, role: .normal, marker: "")])
        #expect(chart.eighths(0, height: 4) == 1)
        #expect(chart.eighths(10, height: 4) == 32)
        #expect(BarChart(points: [BarChart.Point(value: 5, role: .normal, marker: "")]).scale! == (0, 5))
        #expect(BarChart(points: [BarChart.Point(value: 0, role: .normal, marker: "")]).scale! == (0, 1))
        #expect(BarChart(points: []).scale == nil)
        #expect(BarChart(points: [], lines: [.nan, .infinity]).lines.isEmpty)
    }

    @Test(arguments: Variant.allCases)
    func dialogOverAList(_ variant: Variant) {
        var grid = Grid(width: 80, height: 24)
        ListView(columns: Self.statusColumns, rows: Self.rollRows(30, glyphs: variant.glyphs)).draw(into: &grid, in: grid.bounds, glyphs: variant.glyphs)
        Dialog(title: "Promote canary-demo?",
               message: ["Promote rollout shop/canary-demo from step 3/8 to the next step. Traffic to the canary goes from 20% to 40%."],
               buttons: ["Cancel", "Promote"], focusedButton: 0, messageRole: .warning)
            .draw(into: &grid, in: grid.bounds, glyphs: variant.glyphs)
        assertSnapshot(grid.dump(capability: variant.capability), named: "dialog-\(variant.rawValue)")
    }

    @Test(arguments: Variant.allCases)
    func textViewClippedAndWrapped(_ variant: Variant) {
        var grid = Grid(width: 40, height: 10)
        let lines = ["apiVersion: argoproj.io/v1alpha1", "kind: Rollout", "metadata:", "  name: canary-demo",
                     "  annotations: {rollout.argoproj.io/revision: \"3\", note: a very long annotation value}", "spec:", "  replicas: 5"]
        TextView(lines: lines, offset: 1).draw(into: &grid, in: Rect(x: 0, y: 0, width: 40, height: 4), glyphs: variant.glyphs)
        TextView(lines: lines, offset: 2, wraps: true, role: .info).draw(into: &grid, in: Rect(x: 0, y: 5, width: 30, height: 5), glyphs: variant.glyphs)
        assertSnapshot(grid.dump(capability: variant.capability), named: "text-\(variant.rawValue)")
    }

    @Test(arguments: Variant.allCases)
    func bars(_ variant: Variant) {
        var grid = Grid(width: 80, height: 6)
        HeaderBar(segments: ["rollscope", "ctx: prod-eu", "ns: shop"], trailing: "watching 42 rollouts").draw(into: &grid, in: Rect(x: 0, y: 0, width: 80, height: 1), glyphs: variant.glyphs)
        HeaderBar(segments: ["rollscope", "ctx: a-very-long-context-name-for-a-cluster"], trailing: "dropped first").draw(into: &grid, in: Rect(x: 0, y: 1, width: 50, height: 1), glyphs: variant.glyphs)
        StatusLine("Promoted shop/canary-demo to step 4/8", role: .healthy).draw(into: &grid, in: Rect(x: 0, y: 2, width: 80, height: 1), glyphs: variant.glyphs)
        StatusLine("error: rollouts.argoproj.io \"x\" is forbidden: user cannot patch\nsecond line", role: .error).draw(into: &grid, in: Rect(x: 0, y: 3, width: 60, height: 1), glyphs: variant.glyphs)
        let hints = [KeyHint("enter", "open"), KeyHint("p", "promote"), KeyHint("a", "abort"), KeyHint("/", "filter"),
                     KeyHint("?", "help"), KeyHint("q", "quit"), KeyHint("ctrl-r", "refresh"), KeyHint("R", "retry")]
        FooterBar(hints: hints).draw(into: &grid, in: Rect(x: 0, y: 4, width: 80, height: 1), glyphs: variant.glyphs)
        FooterBar(hints: hints).draw(into: &grid, in: Rect(x: 0, y: 5, width: 40, height: 1), glyphs: variant.glyphs)
        assertSnapshot(grid.dump(capability: variant.capability), named: "bars-\(variant.rawValue)")
    }

    static let helpSections = [
        HelpSection("Global", [KeyHint("?", "this help"), KeyHint("q", "quit"), KeyHint(":", "command"), KeyHint("/", "filter"), KeyHint("esc", "back")]),
        HelpSection("Rollouts", [KeyHint("enter", "open detail"), KeyHint("P", "promote"), KeyHint("shift-p", "promote fully"), KeyHint("A", "abort"), KeyHint("R", "retry")]),
        HelpSection("Movement", [KeyHint("j/down", "down"), KeyHint("k/up", "up"), KeyHint("g/home", "top"), KeyHint("G/end", "bottom"), KeyHint("pgdn", "page down")]),
    ]

    @Test(arguments: [Size(width: 80, height: 24), Size(width: 120, height: 40), Size(width: 60, height: 16)])
    func helpOverlay(_ size: Size) {
        var grid = Grid(size: size)
        HelpOverlay(sections: Self.helpSections).draw(into: &grid, in: grid.bounds, glyphs: .unicode)
        assertSnapshot(grid.dump(capability: .colors256), named: "help-\(size)")
    }

    @Test func helpOverlayScrolledInASCII() {
        var grid = Grid(width: 60, height: 16)
        HelpOverlay(sections: Self.helpSections, offset: 4).draw(into: &grid, in: grid.bounds, glyphs: .ascii)
        assertSnapshot(grid.dump(capability: .none), named: "help-scrolled-ascii")
    }
}
