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
}
