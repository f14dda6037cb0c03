/// Selection and scroll position of a list: a value the app keeps in its state.
public struct ListState: Hashable, Sendable {
    /// The selected row index (0 when the list is empty).
    public var selected: Int
    /// The first visible row.
    public var offset: Int

    public init(selected: Int = 0, offset: Int = 0) {
        self.selected = selected
        self.offset = offset
    }

    /// Moves the selection by `delta` rows, clamped to `count` rows, and scrolls so that it
    /// stays visible in `visible` rows.
    public mutating func move(by delta: Int, count: Int, visible: Int) {
        select(selected + delta, count: count, visible: visible)
    }

    /// Selects row `index` (clamped) and scrolls to show it.
    public mutating func select(_ index: Int, count: Int, visible: Int) {
        selected = count == 0 ? 0 : min(max(0, index), count - 1)
        scrollToSelection(count: count, visible: visible)
    }

    /// Moves by one page up (negative `pages`) or down.
    public mutating func page(_ pages: Int, count: Int, visible: Int) {
        move(by: pages * max(1, visible - 1), count: count, visible: visible)
    }

    /// Keeps the selection within `count` rows and visible in `visible` rows; also what
    /// to call after the rows or the screen size change.
    public mutating func scrollToSelection(count: Int, visible: Int) {
        selected = count == 0 ? 0 : min(max(0, selected), count - 1)
        guard visible > 0 else { offset = selected; return }
        if selected < offset { offset = selected }
        if selected >= offset + visible { offset = selected - visible + 1 }
        offset = max(0, min(offset, max(0, count - visible)))
    }
}
