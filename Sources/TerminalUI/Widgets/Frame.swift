/// A box drawn with the glyph set's frame lines, with an optional title in the top edge.
public struct Frame: Sendable {
    public var title: String?
    public var role: Role
    public var titleRole: Role

    public init(title: String? = nil, role: Role = .border, titleRole: Role = .title) {
        self.title = title
        self.role = role
        self.titleRole = titleRole
    }

    /// Draws the frame on the edge of `rect` and returns the rectangle inside it.
    @discardableResult
    public func draw(into grid: inout Grid, in rect: Rect, glyphs: Glyphs) -> Rect {
        guard rect.width >= 2, rect.height >= 2 else { return Rect(x: rect.x, y: rect.y, width: 0, height: 0) }
        // The edges by `fill`, which measures the line's glyph once rather than once a column.
        for (y, left, right) in [(rect.y, glyphs.topLeft, glyphs.topRight), (rect.maxY - 1, glyphs.bottomLeft, glyphs.bottomRight)] {
            grid.put(left, at: rect.x, y, role: role)
            grid.fill(Rect(x: rect.x + 1, y: y, width: rect.width - 2, height: 1), with: Character(glyphs.horizontal), role: role)
            grid.put(right, at: rect.maxX - 1, y, role: role)
        }
        for y in (rect.y + 1)..<(rect.maxY - 1) {
            grid.put(glyphs.vertical, at: rect.x, y, role: role)
            grid.put(glyphs.vertical, at: rect.maxX - 1, y, role: role)
        }
        if let title, !title.isEmpty, rect.width > 6 {
            grid.put(" \(title.truncated(toWidth: rect.width - 6, ellipsis: glyphs.ellipsis)) ", at: rect.x + 2, rect.y, role: titleRole)
        }
        return rect.inset(by: 1)
    }
}
