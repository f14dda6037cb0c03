import Testing
@testable import TerminalUI

/// `ListView.drawChanges`: over the grid holding the list as it was, drawing only the changed
/// lines leaves what a full draw of the new list leaves; anything but the rows' contents
/// changing asks for a full draw.
@Suite struct ListViewChangesTests {
    static let columns = [ListColumn("NAME", width: .flexible(min: 6, weight: 1)), ListColumn("STATUS", width: .fixed(8)),
                          ListColumn("AGE", width: .fixed(5), alignment: .right)]

    static func list(ages: [String], selected: Int = 2, highlight: String = "", window: (Int, Int)? = (10, 40)) -> ListView {
        let rows = ages.enumerated().map { ListRow(["app-\($0.offset)", $0.offset % 3 == 0 ? "Paused" : "Healthy", $0.element],
                                                  cellRoles: [nil, .warning, .dim]) }
        return ListView(columns: columns, rows: rows, state: ListState(selected: selected), highlight: highlight, window: window)
    }

    @Test(arguments: [ListViewChangesTests.Case.plain, .filtered, .wholeList], [Glyphs.unicode, .ascii])
    func drawingTheChangedLinesIsDrawingTheList(kind: Case, glyphs: Glyphs) throws {
        let rect = Rect(x: 3, y: 1, width: 40, height: 8)
        let window: (Int, Int)? = kind == .wholeList ? nil : (10, 40)
        let highlight = kind == .filtered ? "p-" : ""
        let before = Self.list(ages: (0..<7).map { "\($0)s" }, highlight: highlight, window: window)
        // The first line (▲), the selected one and the last (▼) move on; the others stay.
        var ages = (0..<7).map { "\($0)s" }
        for index in [0, 2, 6] { ages[index] = "\(index + 1)s" }
        let after = Self.list(ages: ages, highlight: highlight, window: window)
        var grid = Grid(width: 50, height: 10)
        before.draw(into: &grid, in: rect, glyphs: glyphs)
        var full = Grid(width: 50, height: 10)
        after.draw(into: &full, in: rect, glyphs: glyphs)
        #expect(after.drawChanges(from: before, into: &grid, in: rect, glyphs: glyphs) == 3)
        #expect(grid == full, "\(grid.text)\n---\n\(full.text)")
    }

    enum Case: CaseIterable { case plain, filtered, wholeList }

    @Test func anythingButTheRowsChangingAsksForAFullDraw() {
        let rect = Rect(x: 0, y: 0, width: 40, height: 8)
        let before = Self.list(ages: ["1s", "2s", "3s"])
        var grid = Grid(width: 40, height: 8)
        before.draw(into: &grid, in: rect, glyphs: .unicode)
        let untouched = grid
        var wider = Self.list(ages: ["1s", "2s", "3s"])
        wider.columns[2] = ListColumn("AGE", width: .fixed(6), alignment: .right)
        for changed in [wider, Self.list(ages: ["1s", "2s", "3s"], selected: 1), Self.list(ages: ["1s", "2s"]),
                        Self.list(ages: ["1s", "2s", "3s"], window: (11, 40))] {
            #expect(changed.drawChanges(from: before, into: &grid, in: rect, glyphs: .unicode) == nil)
            #expect(grid == untouched)
        }
        #expect(before.drawChanges(from: before, into: &grid, in: rect, glyphs: .unicode) == 0)
        #expect(grid == untouched)
    }

    /// Rows added, removed and moved, the selection and the scroll moving, the list growing
    /// past the screen and shrinking under it: drawn over the last grid, moved lines copied from
    /// it, the grid is what a full draw of the new list leaves.
    @Test(arguments: [false, true], [Glyphs.unicode, .ascii])
    func movedLinesAreCopiedAndTheGridIsTheFullDraw(filtered: Bool, glyphs: Glyphs) throws {
        let rect = Rect(x: 3, y: 1, width: 40, height: 8)
        func list(_ names: [String], selected: Int, offset: Int = 0, total: Int? = nil) -> ListView {
            let rows = names.map { ListRow([$0, $0.hasSuffix("3") ? "Paused" : "Healthy", "5m"], cellRoles: [nil, .warning, .dim]) }
            return ListView(columns: Self.columns, rows: rows, state: ListState(selected: selected), highlight: filtered ? "p-" : "",
                            window: (offset, total ?? offset + names.count))
        }
        let names = (0..<7).map { "app-\($0)" }
        let steps: [(String, ListView)] = [
            ("added at the top", list(["app-new"] + names, selected: 3, total: 20)),
            ("the selection follows its row", list(["app-new"] + names, selected: 4, total: 20)),
            ("removed in the middle", list(["app-new"] + names.filter { $0 != "app-3" }, selected: 3, total: 19)),
            ("scrolled down one", list(names.filter { $0 != "app-3" } + ["app-7"], selected: 3, offset: 1, total: 19)),
            ("shrunk under the screen", list(["app-0", "app-1"], selected: 1, total: 2)),
            ("a few rows of a longer list", list(["app-0", "app-1", "app-2"], selected: 0, total: 20)),
            ("grown again", list(names, selected: 0, total: 7)),
            ("one changed in place", list(names.map { $0 == "app-2" ? "app-2b" : $0 }, selected: 0, total: 7)),
            // Lines moved by different distances in one frame: down one, up one, and back in place.
            ("added at the top, two swapped, one removed", list(["app-x", "app-0", "app-1", "app-2b", "app-5", "app-4", "app-6"],
                                                                 selected: 0, total: 7)),
        ]
        var previous = list(names, selected: 2, total: 20)
        var grid = Grid(width: 50, height: 10)
        previous.draw(into: &grid, in: rect, glyphs: glyphs)
        for (name, now) in steps {
            var full = Grid(width: 50, height: 10)
            now.draw(into: &full, in: rect, glyphs: glyphs)
            let old = grid
            let touched = try #require(now.drawChanges(from: previous, drawnIn: old, into: &grid, in: rect, glyphs: glyphs), "\(name)")
            #expect(touched > 0, "\(name)")
            #expect(grid == full, "\(name):\n\(grid.text)\n---\n\(full.text)")
            previous = now
        }
    }

    /// A row added at the top moves every line below it: each is copied, none drawn from its
    /// cells (their cells are taken from the old grid, so a line the old grid shows otherwise
    /// stays as the old grid shows it).
    @Test func aMovedLineIsCopiedFromTheOldGrid() throws {
        let rect = Rect(x: 0, y: 0, width: 40, height: 8)
        let before = Self.list(ages: ["1s", "2s", "3s"], selected: 0, window: nil)
        var old = Grid(width: 40, height: 8)
        before.draw(into: &old, in: rect, glyphs: .unicode)
        // Marked where app-1 was drawn: a copied line carries the mark to its new place.
        old.put("#", at: 30, 2)
        let rows = [ListRow(["app-new", "Healthy", "0s"], cellRoles: [nil, .warning, .dim])] + before.rows
        let after = ListView(columns: Self.columns, rows: rows, state: ListState(selected: 1))
        var grid = old
        #expect(after.drawChanges(from: before, drawnIn: old, into: &grid, in: rect, glyphs: .unicode) == 4)
        #expect(grid[30, 3].grapheme == "#")
    }
}

