import Testing
import TerminalUI

/// A composed console screen (header, namespaces, rollouts, detail tree with a gauge,
/// status and footer) drawn through `ScreenLayout` at several sizes.
@Suite struct SampleScreenSnapshotTests {
    static func compose(size: Size, glyphs: Glyphs) -> Grid {
        var grid = Grid(size: size)
        switch ScreenLayout(size: size) {
        case .tooSmall(let actual):
            TooSmallView(size: actual).draw(into: &grid)
        case .regular(let panes):
            HeaderBar(segments: ["rollscope", "ctx: prod-eu", "ns: shop"], trailing: "42 rollouts").draw(into: &grid, in: panes.header, glyphs: glyphs)
            if let side = panes.side {
                let inner = Frame(title: "Namespaces").draw(into: &grid, in: side, glyphs: glyphs)
                ListView(columns: [ListColumn("NAMESPACE", width: .flexible(min: 5, weight: 1)), ListColumn("#", width: .fixed(3), alignment: .right)],
                         rows: [ListRow(["all", "42"]), ListRow(["shop", "12"]), ListRow(["payments", "30"], role: .warning)],
                         state: ListState(selected: 1), showsHeader: false, isFocused: false)
                    .draw(into: &grid, in: inner, glyphs: glyphs)
            }
            var state = ListState(selected: 2)
            let rows = WidgetSnapshotTests.rollRows(12, glyphs: glyphs)
            let list = ListView(columns: WidgetSnapshotTests.statusColumns, rows: rows, state: state)
            state.scrollToSelection(count: rows.count, visible: list.visibleRowCount(in: panes.list))
            list.draw(into: &grid, in: panes.list, glyphs: glyphs)
            if let detail = panes.detail {
                let inner = Frame(title: "checkout-2-api-gateway-frontend").draw(into: &grid, in: detail, glyphs: glyphs)
                let (gaugeRow, treeArea) = inner.splitTop(2)
                Gauge(fraction: 0.375, label: "step 3/8, weight 20%", role: .paused).draw(into: &grid, in: gaugeRow, glyphs: glyphs)
                TreeView(columns: WidgetSnapshotTests.treeColumns, roots: WidgetSnapshotTests.sampleTree(glyphs: glyphs), isFocused: false)
                    .draw(into: &grid, in: treeArea, glyphs: glyphs)
            }
            StatusLine("Paused: CanaryPauseStep", role: .paused).draw(into: &grid, in: panes.status, glyphs: glyphs)
            FooterBar(hints: [KeyHint("enter", "open"), KeyHint("P", "promote"), KeyHint("A", "abort"), KeyHint("/", "filter"), KeyHint("?", "help"), KeyHint("q", "quit")])
                .draw(into: &grid, in: panes.footer, glyphs: glyphs)
        }
        return grid
    }

    @Test(arguments: [Size(width: 80, height: 24), Size(width: 120, height: 40), Size(width: 50, height: 12)], Variant.allCases)
    func sampleScreen(_ size: Size, _ variant: Variant) {
        let grid = Self.compose(size: size, glyphs: variant.glyphs)
        assertSnapshot(grid.dump(capability: variant.capability), named: "screen-\(size)-\(variant.rawValue)")
    }
}
