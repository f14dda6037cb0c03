import Foundation
import KubeModel
import TerminalUI

/// Above the namespaces pane when several clusters are shown: per cluster, its name (in its
/// colour, a production one marked), its counts by status, and its connection (live,
/// reconnecting since T, unauthorized, forbidden) with the server's version, each on a line of
/// its own so a narrow side pane shows them whole.
enum ClustersPaneView {
    static func draw(_ state: ConsoleState, into grid: inout Grid, in rect: Rect, glyphs: Glyphs) {
        guard !rect.isEmpty else { return }
        grid.fill(rect)
        grid.fill(Rect(x: rect.x, y: rect.y, width: rect.width, height: 1), role: .header)
        grid.put(" CLUSTERS", at: rect.x, rect.y, role: .header, maxWidth: rect.width)
        var lines: [[(text: String, role: Role)]] = []
        for cluster in state.orderedClusters {
            var name = [(cluster.displayName, cluster.role ?? Role.title)]
            if cluster.settings.production { name.append((" PRODUCTION", .error)) }
            let counts = state.rows.countsByCluster[cluster.id] ?? [:]
            let figures = DeliveryStatus.counted.map { status in
                ("\(status.glyph(glyphs))\(counts[status] ?? 0) ", (counts[status] ?? 0) > 0 ? status.role : Role.dim)
            }
            let room = rect.width - 2
            let (text, role) = connectionText(cluster, state: state, width: room)
            // Indented under the name where the pane has the room; the server's version beside
            // the state where it fits.
            let stateText = text.displayWidth + 2 <= room ? "  " + text : text
            let version = cluster.serverVersion.flatMap { Self.versionText($0, room: room - stateText.displayWidth) }.map { [($0, Role.dim)] } ?? []
            lines += [name, [("  ", .normal)] + figures, [(stateText, role)] + version]
        }
        for (offset, line) in lines.prefix(rect.height - 1).enumerated() {
            var x = rect.x + 1
            for part in line where x < rect.maxX - 1 {
                x += grid.put(part.text, at: x, rect.y + 1 + offset, role: part.role, maxWidth: rect.maxX - 1 - x)
            }
        }
    }

    /// ` v1.30.4-eks-a737599` where it fits in `room` columns, else its release alone (` v1.30.4`,
    /// what comes before a `-` or `+` suffix), else nothing.
    static func versionText(_ version: String, room: Int) -> String? {
        let full = " " + TerminalSafe.text(version)
        if full.displayWidth <= room { return full }
        let release = " " + TerminalSafe.text(String(version.prefix { $0 != "-" && $0 != "+" }))
        return release.count > 1 && release.displayWidth <= room ? release : nil
    }

    /// `reconnecting since 07:58:45 (1m15s)`, or `reconnecting 1m15s` where that does not fit.
    private static func reconnectingText(since: Date, now: Date, width: Int) -> (String, Role) {
        let age = TimeText.countdown(now.timeIntervalSince(since))
        let full = "reconnecting since \(TimeText.clock(since, now: now)) (\(age))"
        return (full.displayWidth <= width ? full : "reconnecting \(age)", .warning)
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

    /// A cluster's connection as the pane says it in `width` columns, and the role it is drawn in.
    static func connectionText(_ cluster: ClusterState, state: ConsoleState, width: Int) -> (String, Role) {
        switch cluster.connection {
        case .connecting: ("connecting…", .warning)
        case .live: ("live", .healthy)
        case let .reconnecting(since, _):
            reconnectingText(since: since, now: state.now, width: width)
        case .forbidden: ("forbidden", .error)
        case .unauthorized: ("unauthorized", .error)
        case .snapshot: ("offline", .dim)
        }
    }
}
