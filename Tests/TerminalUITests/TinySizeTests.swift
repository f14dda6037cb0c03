import Testing
import TerminalUI

/// Every widget drawn into rectangles too small for it, down to nothing: it must clip,
/// never trap, and never write outside its rectangle.
@Suite struct TinySizeTests {
    static let sizes = [Size(width: 0, height: 0), Size(width: 1, height: 1), Size(width: 2, height: 1),
                        Size(width: 3, height: 2), Size(width: 5, height: 3), Size(width: 9, height: 4)]

    static func widgets(glyphs: Glyphs) -> [(String, (inout Grid, Rect) -> Void)] {
        let rows = WidgetSnapshotTests.rollRows(20, glyphs: glyphs)
        return [
            ("list", { ListView(columns: WidgetSnapshotTests.statusColumns, rows: rows, state: ListState(selected: 7), highlight: "api").draw(into: &$0, in: $1, glyphs: glyphs) }),
            ("tree", { TreeView(columns: WidgetSnapshotTests.treeColumns, roots: WidgetSnapshotTests.sampleTree(glyphs: glyphs)).draw(into: &$0, in: $1, glyphs: glyphs) }),
            ("gauge", { Gauge(fraction: 0.5, label: "half").draw(into: &$0, in: $1, glyphs: glyphs) }),
            ("dialog", { Dialog(title: "Abort?", message: ["Abort the rollout"], buttons: ["Cancel", "Abort"]).draw(into: &$0, in: $1, glyphs: glyphs) }),
            ("text", { TextView(lines: ["one", "two 漢字"], offset: 5, wraps: true).draw(into: &$0, in: $1, glyphs: glyphs) }),
            ("header", { HeaderBar(segments: ["rollscope", "ns"], trailing: "x").draw(into: &$0, in: $1, glyphs: glyphs) }),
            ("footer", { FooterBar(hints: [KeyHint("q", "quit")]).draw(into: &$0, in: $1, glyphs: glyphs) }),
            ("status", { StatusLine("message").draw(into: &$0, in: $1, glyphs: glyphs) }),
            ("help", { HelpOverlay(sections: WidgetSnapshotTests.helpSections).draw(into: &$0, in: $1, glyphs: glyphs) }),
            ("frame", { Frame(title: "title").draw(into: &$0, in: $1, glyphs: glyphs) }),
            ("prompt", { PromptLine(prefix: "/", editor: LineEditor(text: "filter 漢字")).draw(into: &$0, in: $1, glyphs: glyphs) }),
        ]
    }

    @Test(arguments: [Glyphs.unicode, Glyphs.ascii])
    func widgetsStayInsideTinyRectangles(_ glyphs: Glyphs) {
        for (name, draw) in Self.widgets(glyphs: glyphs) {
            for size in Self.sizes {
                // A marked 12x8 grid with the rectangle at (2, 2): nothing outside may change.
                var grid = Grid(width: 12, height: 8)
                grid.fill(grid.bounds, with: "·", role: .dim)
                let before = grid
                let rect = Rect(x: 2, y: 2, width: size.width, height: size.height)
                draw(&grid, rect)
                for y in 0..<grid.height {
                    for x in 0..<grid.width where !(rect.x..<rect.maxX).contains(x) || !(rect.y..<rect.maxY).contains(y) {
                        #expect(grid[x, y] == before[x, y], "\(name) at \(size) wrote outside its rectangle at \(x),\(y)")
                    }
                }
            }
        }
    }

    @Test func tooSmallScreenAtAnySize() {
        for size in Self.sizes + [Size(width: 59, height: 16), Size(width: 60, height: 15)] {
            var grid = Grid(size: size)
            guard case .tooSmall = ScreenLayout(size: size) else { Issue.record("\(size) is not too small"); continue }
            TooSmallView(size: size).draw(into: &grid)
            #expect(grid.size == size)
        }
    }
}
