/// Scrollable text (YAML, events, messages): lines clipped or wrapped to the width,
/// with `▲`/`▼` when there is more above or below.
public struct TextView: Sendable {
    public var lines: [String]
    /// The first line shown (of the wrapped lines when wrapping).
    public var offset: Int
    public var wraps: Bool
    public var role: Role

    public init(lines: [String], offset: Int = 0, wraps: Bool = false, role: Role = .normal) {
        self.lines = lines
        self.offset = offset
        self.wraps = wraps
        self.role = role
    }

    /// The lines as laid out for `width` columns.
    public func displayLines(width: Int) -> [String] {
        wraps ? lines.flatMap { TextWrap.wrap($0, width: width) } : lines
    }

    /// The largest useful offset for a view of `size`.
    public func maxOffset(for size: Size) -> Int {
        max(0, displayLines(width: size.width).count - size.height)
    }

    /// Draws the text in `rect`.
    public func draw(into grid: inout Grid, in rect: Rect, glyphs: Glyphs) {
        guard !rect.isEmpty else { return }
        grid.fill(rect)
        let shown = displayLines(width: rect.width)
        let start = min(max(0, offset), maxOffset(for: rect.size))
        for (row, line) in shown.dropFirst(start).prefix(rect.height).enumerated() {
            let text = wraps ? line : line.truncated(toWidth: rect.width, ellipsis: glyphs.ellipsis)
            grid.put(text, at: rect.x, rect.y + row, role: role, maxWidth: rect.width)
        }
        if start > 0 { grid.put(glyphs.scrollUp, at: rect.maxX - 1, rect.y, role: .dim) }
        if start + rect.height < shown.count { grid.put(glyphs.scrollDown, at: rect.maxX - 1, rect.maxY - 1, role: .dim) }
    }
}
