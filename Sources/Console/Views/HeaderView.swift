import TerminalUI

/// The header row (who and where, connection state) and the scope bar under it (namespace,
/// counts by status, sort and filter).
enum HeaderView {
    /// Everything `draw` reads of the state (the clock only through the connection's texts):
    /// equal inputs draw alike, so a frame draws the header again only when they changed.
    struct Inputs: Equatable {
        var identity: ClusterIdentity
        var connection: ConnectionStatus
        /// Over several clusters, each one's name and connection, in order.
        var clusters: [String]
        var clusterConnections: [ConnectionStatus]
        var missing: String?
        var readOnly: Bool
        var connectionText: String
        var essentialText: String
        var deletedDetail: Bool
        var scopeTitle: String
        var counts: [DeliveryStatus: Int]
        var sort: SortOrder
        var filter: String?

        init(_ state: ConsoleState) {
            identity = state.identity
            connection = state.connection
            let clusters = state.isFleet ? state.orderedClusters : []
            self.clusters = clusters.map(\.displayName)
            clusterConnections = clusters.map(\.connection)
            missing = state.served.missingText
            readOnly = state.readOnly
            connectionText = HeaderView.connectionText(state)
            essentialText = HeaderView.connectionText(state, withReason: false)
            deletedDetail = state.deletedDetail != nil
            scopeTitle = state.scope.title
            counts = state.scopeCounts
            sort = state.sort
            filter = state.filters[.deliveries]
        }
    }

    static func draw(_ state: ConsoleState, into grid: inout Grid, header: Rect, scopeBar: Rect, glyphs: Glyphs) {
        var segments = ["rollscope"]
        // Dropped in this order when the connection state would not fit beside them.
        var optional: [String] = []
        if case let .snapshot(source) = state.connection {
            segments.append("snapshot of \(source)")
        } else if state.isFleet {
            segments.append("\(state.clusterOrder.count) clusters")
            optional = [state.orderedClusters.map(\.displayName).joined(separator: ", ")]
        } else {
            segments.append("ctx \(state.identity.context)")
            optional = ["user \(state.identity.user)", state.identity.server]
        }
        // Never dropped: an unverified server could be anyone's.
        if state.identity.tlsUnverified { segments.append(Self.tlsWarning(glyphs)) }
        if let missing = state.served.missingText { segments.append(missing) }
        // The connection state, its reason included, comes before the user and the server; when
        // even then it does not fit, the reason is cut short.
        let essential = connectionText(state, withReason: false)
        var trailing = connectionText(state)
        func width(_ segments: [String]) -> Int { 1 + segments.joined(separator: " \(glyphs.separator) ").displayWidth }
        while !optional.isEmpty, width(segments + optional.reversed() + (state.readOnly ? ["read-only"] : [])) + 3 + trailing.displayWidth > header.width {
            optional.removeLast()
        }
        segments += optional.reversed()
        if state.readOnly { segments.append("read-only") }
        let room = header.width - width(segments) - 3
        if trailing.displayWidth > room {
            trailing = room > essential.displayWidth ? trailing.truncated(toWidth: room, ellipsis: glyphs.ellipsis) : essential
        }
        HeaderBar(segments: segments, trailing: trailing).draw(into: &grid, in: header, glyphs: glyphs)
        let connectionRole: Role? = state.isFleet ? fleetRole(state) : singleRole(state)
        // Found where it was drawn (a narrow header may have cut it short, then it stays plain).
        if state.identity.tlsUnverified, case let line = grid.line(header.y), let range = line.range(of: Self.tlsWarning(glyphs)) {
            let x = header.x + String(line[..<range.lowerBound]).displayWidth
            grid.paint(Rect(x: x, y: header.y, width: Self.tlsWarning(glyphs).displayWidth, height: 1), role: .error)
        }
        if let connectionRole {
            let text = trailing + " "
            let x = header.maxX - text.displayWidth
            if x > header.x + 20 { grid.paint(Rect(x: x, y: header.y, width: text.displayWidth - 1, height: 1), role: connectionRole) }
        }
        drawScopeBar(state, into: &grid, in: scopeBar, glyphs: glyphs)
    }

    static func tlsWarning(_ glyphs: Glyphs) -> String { "\(glyphs.bad) TLS NOT VERIFIED" }

    /// One cluster: a warning while connecting or away, an error while refused (or the open
    /// detail's object deleted).
    private static func singleRole(_ state: ConsoleState) -> Role? {
        switch state.connection {
        case .live where state.deletedDetail != nil: .error
        case .reconnecting, .connecting: .warning
        case .forbidden, .unauthorized: .error
        case .live, .snapshot: nil
        }
    }

    /// Over several clusters: a warning while one is not live, an error while one refuses the user.
    private static func fleetRole(_ state: ConsoleState) -> Role? {
        let all = state.orderedClusters.map(\.connection)
        if all.contains(where: { if case .forbidden = $0 { true } else if case .unauthorized = $0 { true } else { false } }) { return .error }
        return all.allSatisfy { $0 == .live } ? nil : .warning
    }

    /// Over several clusters, the clusters summed: `● 3 live`, `2 live, 1 reconnecting`.
    static func fleetText(_ state: ConsoleState) -> String {
        var counts: [(String, Int)] = []
        for cluster in state.orderedClusters {
            let word = ClustersPaneView.connectionWord(cluster.connection)
            if let index = counts.firstIndex(where: { $0.0 == word }) { counts[index].1 += 1 } else { counts.append((word, 1)) }
        }
        let text = counts.map { "\($0.1) \($0.0)" }.joined(separator: ", ")
        return counts.count == 1 && counts[0].0 == "live" ? "● \(text)" : text
    }

    /// The connection state as the header's right end says it; a reconnect names its reason.
    static func connectionText(_ state: ConsoleState, withReason: Bool = true) -> String {
        if state.isFleet { return fleetText(state) }
        return switch state.connection {
        case .connecting: loadingText(state.cluster(state.primary).loading) ?? "connecting…"
        case .live:
            if let deleted = state.deletedDetail, case .detail = state.screen { "deleted \(deleted.age(state.now)) ago" } else { "● live" }
        case let .reconnecting(since, reason):
            "reconnecting since \(TimeText.clock(since, now: state.now)) (\(TimeText.countdown(state.now.timeIntervalSince(since))))"
                + (reason.isEmpty || !withReason ? "" : ": \(reason)")
        case let .forbidden(message): "forbidden: \(message)"
        case let .unauthorized(message):
            "unauthorized: check the token, certificate or exec plugin of user \(state.identity.user) in the kubeconfig (\(message))"
        case .snapshot: "offline"
        }
    }

    /// `loading 1,000 of 2,000 rollouts` while the first list's pages come in; nil when the
    /// server gives no total (or every list is in).
    static func loadingText(_ lists: [ListLoading]) -> String? {
        guard !lists.isEmpty else { return nil }
        return "loading " + lists.map { "\(DetailBuilder.grouped($0.loaded)) of \(DetailBuilder.grouped($0.total)) \($0.plural)" }
            .joined(separator: ", ")
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
        let filter = state.filters[.deliveries].map { "filter /\($0)" }
        for text in [filter.map { "\($0)  \(sort)" }, filter, sort].compactMap({ $0 }) where x + 2 + text.displayWidth < rect.maxX {
            grid.put(text, at: rect.maxX - text.displayWidth - 1, rect.y, role: filter == nil ? .dim : .warning)
            break
        }
    }
}
