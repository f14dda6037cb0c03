import TerminalUI

/// Above the namespaces pane when several clusters are shown: per cluster, its name (in its
/// colour), its counts by status, and under them its connection (live, reconnecting since T,
/// unauthorized, forbidden), a production cluster marked.
enum ClustersPaneView {
    /// Rows the pane takes for `count` clusters: a title, then two lines each.
    static func height(clusters count: Int) -> Int { 1 + 2 * count }

    static func draw(_ state: ConsoleState, into grid: inout Grid, in rect: Rect, glyphs: Glyphs) {
        guard !rect.isEmpty else { return }
        grid.fill(rect)
        grid.fill(Rect(x: rect.x, y: rect.y, width: rect.width, height: 1), role: .header)
        grid.put(" CLUSTERS", at: rect.x, rect.y, role: .header, maxWidth: rect.width)
        var y = rect.y + 1
        for cluster in state.orderedClusters {
            guard y < rect.maxY else { break }
            let counts = state.rows.countsByCluster[cluster.id] ?? [:]
            let figures = DeliveryStatus.counted.map { (status: $0, text: "\($0.glyph(glyphs))\(counts[$0] ?? 0)") }
            let countsWidth = figures.map(\.text.displayWidth).reduce(0, +) + figures.count - 1
            let name = cluster.displayName + (cluster.settings.production ? " (prod)" : "")
            grid.put(name, at: rect.x + 1, y, role: cluster.role ?? .title, maxWidth: max(0, rect.width - countsWidth - 3))
            var x = rect.maxX - countsWidth - 1
            for figure in figures where x > rect.x + 1 {
                x += grid.put(figure.text, at: x, y, role: (counts[figure.status] ?? 0) > 0 ? figure.status.role : .dim) + 1
            }
            y += 1
            guard y < rect.maxY else { break }
            let (text, role) = connectionText(cluster, state: state)
            grid.put("  " + text, at: rect.x + 1, y, role: role, maxWidth: rect.width - 2)
            y += 1
        }
    }

    /// One word for a connection state (the header sums the clusters by it).
    static func connectionWord(_ status: ConnectionStatus) -> String {
        switch status {
        case .connecting: "connecting"
        case .live: "live"
        case .reconnecting: "reconnecting"
        case .forbidden: "forbidden"
        case .unauthorized: "unauthorized"
        case .snapshot: "offline"
        }
    }

    /// A cluster's connection as the pane says it, and the role it is drawn in.
    static func connectionText(_ cluster: ClusterState, state: ConsoleState) -> (String, Role) {
        switch cluster.connection {
        case .connecting: ("connecting…", .warning)
        case .live: ("live", .healthy)
        case let .reconnecting(since, _):
            ("reconnecting since \(TimeText.clock(since, now: state.now)) (\(TimeText.countdown(state.now.timeIntervalSince(since))))", .warning)
        case .forbidden: ("forbidden", .error)
        case .unauthorized: ("unauthorized", .error)
        case .snapshot: ("offline", .dim)
        }
    }
}
