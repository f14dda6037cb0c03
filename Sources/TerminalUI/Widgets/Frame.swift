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
        let inner = String(repeating: glyphs.horizontal, count: rect.width - 2)
        grid.put(glyphs.topLeft + inner + glyphs.topRight, at: rect.x, rect.y, role: role, maxWidth: rect.width)
        grid.put(glyphs.bottomLeft + inner + glyphs.bottomRight, at: rect.x, rect.maxY - 1, role: role, maxWidth: rect.width)
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
