import TerminalUI

/// The header row (who and where, connection state) and the scope bar under it (namespace,
/// counts by status, sort and filter).
enum HeaderView {
    static func draw(_ state: ConsoleState, into grid: inout Grid, header: Rect, scopeBar: Rect, glyphs: Glyphs) {
        var segments = ["rollscope"]
        // Dropped in this order when the connection state would not fit beside them.
        var optional: [String] = []
        if case let .snapshot(source) = state.connection {
            segments.append("snapshot of \(source)")
        } else {
            segments.append("ctx \(state.identity.context)")
            optional = ["user \(state.identity.user)", state.identity.server]
        }
        let trailing = connectionText(state)
        while !optional.isEmpty {
            let all = segments + optional.reversed() + (state.readOnly ? ["read-only"] : [])
            let used = 1 + all.joined(separator: " \(glyphs.separator) ").displayWidth
            if used + 3 + trailing.displayWidth <= header.width { break }
            optional.removeLast()
        }
        segments += optional.reversed()
        if state.readOnly { segments.append("read-only") }
        HeaderBar(segments: segments, trailing: trailing).draw(into: &grid, in: header, glyphs: glyphs)
        let connectionRole: Role? = switch state.connection {
        case .reconnecting, .connecting: .warning
        case .forbidden: .error
        case .live, .snapshot: nil
        }
        if let connectionRole {
            let text = connectionText(state) + " "
            let x = header.maxX - text.displayWidth
            if x > header.x + 20 { grid.paint(Rect(x: x, y: header.y, width: text.displayWidth - 1, height: 1), role: connectionRole) }
        }
        drawScopeBar(state, into: &grid, in: scopeBar, glyphs: glyphs)
    }

    static func connectionText(_ state: ConsoleState) -> String {
        switch state.connection {
        case .connecting: "connecting…"
        case .live: "● live"
        case let .reconnecting(since, _):
            "reconnecting since \(TimeText.clock(since, now: state.now)) (\(TimeText.countdown(state.now.timeIntervalSince(since))))"
        case let .forbidden(message): "forbidden: \(message)"
        case .snapshot: "offline"
        }
    }

    private static func drawScopeBar(_ state: ConsoleState, into grid: inout Grid, in rect: Rect, glyphs: Glyphs) {
        guard !rect.isEmpty else { return }
        grid.fill(rect)
        var x = rect.x + 1
        x += grid.put("ns ", at: x, rect.y, role: .dim)
        x += grid.put(state.scope.title, at: x, rect.y, role: .title, maxWidth: rect.maxX - x)
        let counts = state.scopeCounts
        for status in DeliveryStatus.counted {
            let count = counts[status] ?? 0
            let text = rect.width >= 100 ? "  \(status.glyph(glyphs)) \(count) \(status.rawValue)" : "  \(status.glyph(glyphs))\(count)"
            guard x + text.displayWidth < rect.maxX else { break }
            x += grid.put(text, at: x, rect.y, role: count > 0 ? status.role : .dim)
        }
        // The filter matters more than the sort: it hides rows. The sort goes first when room is short.
        let sort = "sort \(state.sort.column.rawValue)\(state.sort.ascending ? "" : " desc")"
        let filter = state.filters[.rollouts].map { "filter /\($0)" }
        for text in [filter.map { "\($0)  \(sort)" }, filter, sort].compactMap({ $0 }) where x + 2 + text.displayWidth < rect.maxX {
            grid.put(text, at: rect.maxX - text.displayWidth - 1, rect.y, role: filter == nil ? .dim : .warning)
            break
        }
    }
}
