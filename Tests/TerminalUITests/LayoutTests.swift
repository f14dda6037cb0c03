import Testing
import TerminalUI

/// Screen layout, list state, column widths, tree flattening and wrapping.
@Suite struct LayoutTests {
    @Test func belowMinimumIsTooSmall() {
        #expect(ScreenLayout(size: Size(width: 59, height: 40)) == .tooSmall(Size(width: 59, height: 40)))
        #expect(ScreenLayout(size: Size(width: 200, height: 15)) == .tooSmall(Size(width: 200, height: 15)))
    }

    @Test(arguments: [Size(width: 60, height: 16), Size(width: 80, height: 24), Size(width: 120, height: 40), Size(width: 300, height: 90)])
    func panesTileTheScreen(_ size: Size) throws {
        guard case .regular(let panes) = ScreenLayout(size: size) else { Issue.record("too small"); return }
        #expect(panes.header == Rect(x: 0, y: 0, width: size.width, height: 1))
        #expect(panes.footer == Rect(x: 0, y: size.height - 1, width: size.width, height: 1))
        #expect(panes.status.y == size.height - 2)
        #expect(panes.body.height == size.height - 3)
        #expect((panes.side != nil) == (size.width >= 100))
        #expect((panes.detail != nil) == (size.height >= 32))
        if let side = panes.side { #expect(panes.main.x == side.maxX + 1) }
        if let detail = panes.detail { #expect(panes.list.maxY == detail.y && detail.maxY == panes.body.maxY) }
        #expect(panes.main.maxX == size.width)
    }

    @Test func listStateKeepsSelectionVisible() {
        var state = ListState()
        state.move(by: 30, count: 100, visible: 10)
        #expect(state == ListState(selected: 30, offset: 21))
        state.page(-1, count: 100, visible: 10)
        #expect(state.selected == 21 && state.offset == 21)
        state.select(1000, count: 100, visible: 10)
        #expect(state == ListState(selected: 99, offset: 90))
        state.scrollToSelection(count: 5, visible: 10)
        #expect(state == ListState(selected: 4, offset: 0))
        state.select(3, count: 0, visible: 10)
        #expect(state == ListState(selected: 0, offset: 0))
    }

    @Test func columnWidthsShareSpaceAndShrinkFromTheRight() {
        let columns = [ListColumn("A", width: .flexible(min: 4, weight: 2)), ListColumn("B", width: .fixed(5)),
                       ListColumn("C", width: .flexible(min: 2, weight: 1))]
        #expect(ListColumn.widths(of: columns, available: 23) == [10, 5, 6])
        #expect(ListColumn.widths(of: columns, available: 8) == [4, 2, 0])
    }

    @Test func treeFlattenHonoursCollapse() {
        let tree = [TreeNode(id: "r", row: ListRow(["root"]), children: [
            TreeNode(id: "a", row: ListRow(["a"]), children: [TreeNode(id: "a1", row: ListRow(["a1"]))], isExpanded: false),
            TreeNode(id: "b", row: ListRow(["b"]), children: [TreeNode(id: "b1", row: ListRow(["b1"]))]),
        ])]
        let lines = TreeView.flatten(tree, glyphs: .ascii)
        #expect(lines.map(\.id) == ["r", "a", "b", "b1"])
        #expect(lines.map { $0.row.cells[0] } == ["root", "|--+ a", "`--b", "   `--b1"])
        #expect(lines.map(\.depth) == [0, 1, 1, 2])
    }

    @Test func wrapBreaksAtSpacesAndInsideLongWords() {
        #expect(TextWrap.wrap("promote the canary now", width: 10) == ["promote", "the canary", "now"])
        #expect(TextWrap.wrap("abcdefghijkl x", width: 5) == ["abcde", "fghij", "kl x"])
        #expect(TextWrap.wrap("a\n\nb", width: 5) == ["a", "", "b"])
    }
}
