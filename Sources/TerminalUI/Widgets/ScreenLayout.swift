/// Where the parts of the screen go for a terminal size.
///
/// From the top: a header row, the body, a status row and a footer row of key hints.
/// At 100 columns and more the body gains a side pane on the left (namespaces); at
/// 32 rows and more the main area is tall enough to split into a list and a detail
/// pane. Below `minimum` (60x16) nothing fits and the layout is `tooSmall`.
public enum ScreenLayout: Hashable, Sendable {
    case tooSmall(Size)
    case regular(Panes)

    /// The smallest size the console is usable at.
    public static let minimum = Size(width: 60, height: 16)
    /// From this width on, the side pane is shown.
    public static let sidePaneThreshold = 100
    /// From this height on, the main area is split into list and detail.
    public static let splitThreshold = 32

    /// The rectangles of a usable screen.
    public struct Panes: Hashable, Sendable {
        public var header: Rect
        /// Everything between header and status row.
        public var body: Rect
        /// The left pane, when wide enough.
        public var side: Rect?
        /// The body minus the side pane (and its separator column).
        public var main: Rect
        /// The upper part of `main` when split, else `main`.
        public var list: Rect
        /// The lower part of `main` when split.
        public var detail: Rect?
        public var status: Rect
        public var footer: Rect
    }

    public init(size: Size) {
        guard size.covers(ScreenLayout.minimum) else { self = .tooSmall(size); return }
        let all = Rect(size)
        let (header, rest) = all.splitTop(1)
        let (upper, footer) = rest.splitBottom(1)
        let (body, status) = upper.splitBottom(1)
        var side: Rect?
        var main = body
        if size.width >= ScreenLayout.sidePaneThreshold {
            let sideWidth = min(32, max(20, size.width / 6))
            let (left, right) = body.splitLeft(sideWidth)
            side = left
            main = right.splitLeft(1).1
        }
        var list = main
        var detail: Rect?
        if size.height >= ScreenLayout.splitThreshold {
            let (top, bottom) = main.splitTop(main.height * 2 / 5)
            list = top
            detail = bottom
        }
        self = .regular(Panes(header: header, body: body, side: side, main: main, list: list,
                              detail: detail, status: status, footer: footer))
    }
}

/// The message shown instead of the console when the terminal is below `ScreenLayout.minimum`.
public struct TooSmallView: Sendable {
    public var size: Size

    public init(size: Size) {
        self.size = size
    }

    public func draw(into grid: inout Grid) {
        grid.fill(grid.bounds)
        let minimum = ScreenLayout.minimum
        let lines: [(String, Role)] = [
            ("Terminal too small", .warning),
            ("\(size.width)x\(size.height), needs \(minimum.width)x\(minimum.height)", .normal),
            ("Enlarge the window, or q to quit", .dim),
        ]
        let top = max(0, (grid.height - lines.count) / 2)
        for (index, line) in lines.enumerated() {
            let text = line.0.truncated(toWidth: grid.width, ellipsis: "")
            grid.put(text, at: max(0, (grid.width - text.displayWidth) / 2), top + index, role: line.1)
        }
    }
}
