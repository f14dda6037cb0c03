import TerminalUI

/// The last frame and what it was drawn from, so that a frame costs what its changed lines cost
/// rather than a screen. It starts from the last grid; draws the two lists (the deliveries and
/// the namespaces) by their changes (`ListView.drawChanges`: a line whose row moved, a row added
/// or removed above it, is copied from where the last grid has it; a changed row is drawn, only
/// its changed cells when it can); draws again whole, each in its blanked rect, the clusters pane
/// and the detail; and draws the header, the summary, the status line and the footer again only
/// when what they show changed: the header's and the summary's inputs (`HeaderView.Inputs`,
/// `SummaryView.Inputs`: the selected row and its plans, counts, connection texts, the clock's
/// texts), the status line's message and the footer's hints. The plans the summary and the
/// footer read are the last frame's sheet carried over (`PlanSheet.Carried`): an event on
/// another row plans nothing again. A frame only the clock asked for (an age or a countdown
/// moving on, nothing else in the state changed) keeps the namespaces pane, the status line and
/// the footer, which never read it. A frame under an overlay, or the first after one, or after a
/// change of size, layout or glyphs, is `ConsoleView.render` in full. Either way the grid is the
/// one `ConsoleView.render` gives for the same state (`FrameCacheTests` compare them).
///
/// Trusts its caller on `clockOnly`: the main loop knows that only `.tick` events reached the
/// reducer since the last frame (a tick changes nothing but `ConsoleState.now`).
public struct FrameCache {
    /// What a frame cost: drawn in full, or the lists' lines and the regions drawn again.
    public struct Work: Equatable, Sendable {
        public enum Region: Equatable, Sendable { case header, clusters, namespaces, deliveries, summary, detail, status, footer }
        public var full: Bool
        /// Lines of the deliveries list drawn or moved (a frame in full counts none).
        public var listLines = 0
        /// Regions drawn again whole, in drawing order.
        public var regions: [Region] = []
        /// Lines of the namespaces pane drawn or moved.
        public var namespaceLines = 0
    }

    private var grid: Grid?
    private var glyphs: Glyphs?
    /// The layout the last grid was drawn in; nil when it was drawn under an overlay.
    private var layout: ConsoleLayout?
    private var drawn = ConsoleView.Drawn()
    /// What the last frame drew the header and the summary from, its status line and footer as
    /// drawn (nil: draw them next frame), and its plans.
    private var header: HeaderView.Inputs?
    private var summary: SummaryView.Inputs?
    private var status: StatusLine?
    private var footer: FooterBar?
    private var plans: PlanSheet.Carried?
    /// What the last frame cost.
    public private(set) var lastWork = Work(full: true)

    public init() {}

    public mutating func render(_ state: ConsoleState, glyphs: Glyphs, clockOnly: Bool) -> Grid {
        let result: Grid
        if let last = grid, glyphs == self.glyphs, state.overlay == nil, let layout = state.layout, layout == self.layout,
           last.width == state.width, last.height == state.height {
            result = drawChanges(state, glyphs: glyphs, over: last, layout: layout, clockOnly: clockOnly)
        } else {
            result = ConsoleView.render(state, glyphs: glyphs, drawn: &drawn)
            lastWork = Work(full: true)
            // The sheet holds the frame's state: only its plans are kept (`PlanSheet.Carried`).
            let sheet = drawn.plans
            drawn.plans = nil
            plans = sheet?.carried
            if state.overlay == nil, let plans = sheet {
                header = HeaderView.Inputs(state)
                summary = state.layout?.summary == nil ? nil : SummaryView.Inputs(state, glyphs: glyphs)
                status = ConsoleView.statusLine(state)
                footer = FooterBar(hints: FooterHints.hints(state, plans: plans))
            } else {
                (header, summary, status, footer) = (nil, nil, nil, nil)
            }
        }
        grid = result
        self.glyphs = glyphs
        layout = state.overlay == nil ? state.layout : nil
        return result
    }

    /// The last grid with what changed drawn again (regions don't overlap, and each view draws
    /// only inside its rect, on a blank one as in a full render).
    private mutating func drawChanges(_ state: ConsoleState, glyphs: Glyphs, over last: Grid, layout: ConsoleLayout,
                                      clockOnly: Bool) -> Grid {
        var grid = last
        var work = Work(full: false)
        let plans = PlanSheet(state, carrying: self.plans)
        defer { self.plans = plans.carried }
        func redraw(_ region: Work.Region, _ rect: Rect, _ draw: (inout Grid) -> Void) {
            grid.fill(rect)
            draw(&grid)
            work.regions.append(region)
        }
        let header = HeaderView.Inputs(state)
        if header != self.header {
            grid.fill(layout.header)
            redraw(.header, layout.scopeBar) {
                HeaderView.draw(state, into: &$0, header: layout.header, scopeBar: layout.scopeBar, glyphs: glyphs)
            }
            self.header = header
        }
        if let rect = layout.clusters {
            redraw(.clusters, rect) { ClustersPaneView.draw(state, into: &$0, in: rect, glyphs: glyphs) }
        }
        // The namespaces pane never reads the clock.
        if !clockOnly, let rect = layout.namespaces {
            let now = NamespaceListView.list(state, in: rect, glyphs: glyphs)
            if let lines = drawn.namespaces.flatMap({ now.drawChanges(from: $0, drawnIn: last, into: &grid, in: rect, glyphs: glyphs) }) {
                work.namespaceLines = lines
            } else {
                redraw(.namespaces, rect) { now.draw(into: &$0, in: rect, glyphs: glyphs) }
            }
            drawn.namespaces = now
        }
        if let rect = layout.deliveries {
            if state.served.servesNone(of: state.deliveries.listResources) {
                // Not installed: no clock read, kept on a clock frame.
                if !clockOnly || drawn.deliveries != nil { redraw(.deliveries, rect) { NotInstalledView.draw(into: &$0, in: rect, glyphs: glyphs) } }
                drawn.deliveries = nil
            } else {
                let now = DeliveryListView.list(state, in: rect, glyphs: glyphs)
                // A clock moves no row to another line: no line is looked for elsewhere.
                if let lines = drawn.deliveries.flatMap({ now.drawChanges(from: $0, drawnIn: last, into: &grid, in: rect, glyphs: glyphs,
                                                                          copyingMoved: !clockOnly) }) {
                    work.listLines = lines
                } else {
                    redraw(.deliveries, rect) { now.draw(into: &$0, in: rect, glyphs: glyphs) }
                }
                drawn.deliveries = now
            }
        }
        if let rect = layout.summary {
            let summary = SummaryView.Inputs(state, glyphs: glyphs)
            if summary != self.summary {
                redraw(.summary, rect) { SummaryView.draw(state, plans: plans, into: &$0, in: rect, glyphs: glyphs) }
                self.summary = summary
            }
        }
        if let rect = layout.detail {
            redraw(.detail, rect) { ConsoleView.drawDetail(state, into: &$0, in: rect, glyphs: glyphs) }
        }
        // Neither reads the clock. (No input line here: it is an overlay, drawn in full.)
        if !clockOnly {
            let status = ConsoleView.statusLine(state)
            if status != self.status {
                redraw(.status, layout.status) { status.draw(into: &$0, in: layout.status, glyphs: glyphs) }
                self.status = status
            }
            let footer = FooterBar(hints: FooterHints.hints(state, plans: plans))
            if footer != self.footer {
                redraw(.footer, layout.footer) { footer.draw(into: &$0, in: layout.footer, glyphs: glyphs) }
                self.footer = footer
            }
        }
        lastWork = work
        return grid
    }
}
