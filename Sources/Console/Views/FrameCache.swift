import TerminalUI

/// The last frame and what it was drawn from, so that a frame only the clock asked for (an age
/// or a countdown moving on, nothing else in the state changed) costs what its changed lines
/// cost rather than a screen: it starts from the last grid; draws only the deliveries list's
/// changed cells (`ListView.drawChanges`); draws the header and the summary again
/// only when their one clock text moved; draws again whole the clusters pane and the detail
/// (which read the clock in many places); and keeps the rest (the namespaces pane, the status
/// line, the footer), which never read it. Any other frame, or one under an overlay, is
/// `ConsoleView.render` in full. Either way the grid is the one `ConsoleView.render` gives for
/// the same state (`FrameCacheTests` compare them).
///
/// Trusts its caller on `clockOnly`: the main loop knows that only `.tick` events reached the
/// reducer since the last frame (a tick changes nothing but `ConsoleState.now`).
public struct FrameCache {
    /// What a frame cost: drawn in full, or the list's lines and the regions drawn again.
    public struct Work: Equatable, Sendable {
        public enum Region: Equatable, Sendable { case header, clusters, deliveries, summary, detail }
        public var full: Bool
        /// Lines of the deliveries list drawn again (a frame in full counts none).
        public var listLines = 0
        /// Regions drawn again whole, in drawing order.
        public var regions: [Region] = []
    }

    private var grid: Grid?
    private var glyphs: Glyphs?
    private var list: ListView?
    private var headerClock = ""
    private var summaryClock: String?
    /// What the last frame cost.
    public private(set) var lastWork = Work(full: true)

    public init() {}

    public mutating func render(_ state: ConsoleState, glyphs: Glyphs, clockOnly: Bool) -> Grid {
        let result: Grid
        if clockOnly, let last = grid, glyphs == self.glyphs, state.overlay == nil, let layout = state.layout,
           last.width == state.width, last.height == state.height {
            result = drawClock(state, glyphs: glyphs, over: last, layout: layout)
        } else {
            var drawn: ListView?
            result = ConsoleView.render(state, glyphs: glyphs, drawnList: &drawn)
            list = drawn
            lastWork = Work(full: true)
        }
        grid = result
        self.glyphs = glyphs
        headerClock = HeaderView.connectionText(state)
        summaryClock = state.layout?.summary == nil ? nil : SummaryView.clockText(state, glyphs: glyphs)
        return result
    }

    /// The last grid with what the clock moved drawn again (regions don't overlap, and each
    /// view draws only inside its rect, on a blank one as in a full render).
    private mutating func drawClock(_ state: ConsoleState, glyphs: Glyphs, over last: Grid, layout: ConsoleLayout) -> Grid {
        var grid = last
        var work = Work(full: false)
        if HeaderView.connectionText(state) != headerClock {
            grid.fill(layout.header)
            grid.fill(layout.scopeBar)
            HeaderView.draw(state, into: &grid, header: layout.header, scopeBar: layout.scopeBar, glyphs: glyphs)
            work.regions.append(.header)
        }
        if let rect = layout.clusters {
            grid.fill(rect)
            ClustersPaneView.draw(state, into: &grid, in: rect, glyphs: glyphs)
            work.regions.append(.clusters)
        }
        // The list that is not installed reads no clock; kept.
        if let rect = layout.deliveries, !state.served.servesNone(of: state.deliveries.listResources) {
            let now = DeliveryListView.list(state, in: rect, glyphs: glyphs)
            if let previous = list, let lines = now.drawChanges(from: previous, into: &grid, in: rect, glyphs: glyphs) {
                work.listLines = lines
            } else {
                now.draw(into: &grid, in: rect, glyphs: glyphs)
                work.regions.append(.deliveries)
            }
            list = now
        }
        if let rect = layout.summary, SummaryView.clockText(state, glyphs: glyphs) != summaryClock {
            grid.fill(rect)
            SummaryView.draw(state, plans: PlanSheet(state), into: &grid, in: rect, glyphs: glyphs)
            work.regions.append(.summary)
        }
        if let rect = layout.detail {
            grid.fill(rect)
            ConsoleView.drawDetail(state, into: &grid, in: rect, glyphs: glyphs)
            work.regions.append(.detail)
        }
        lastWork = work
        return grid
    }
}
