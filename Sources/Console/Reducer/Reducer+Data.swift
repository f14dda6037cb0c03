import Foundation
import Delivery

/// Data from the source: rows, connection changes.
extension Reducer {
    static func applyRows(_ state: inout ConsoleState, upserted: [DeliveryRow], removed: [ObjectRef]) -> [ConsoleEffect] {
        var ringBell = false
        // The order stands when every upsert replaces a row that stays visible and keeps its sort key.
        var reorder = !removed.isEmpty
        // The changed rows as they were (the first time each is seen), where the order finds
        // them; only when few enough change to be moved into place (`reposition`).
        let tracking = upserted.count + removed.count <= ConsoleState.repositionLimit
        var previous: [ObjectRef: DeliveryRow] = [:]
        // Whether any changed row was in the order (else a merge need not take any out).
        var wereListed = false
        for row in upserted {
            let old = state.rows[row.ref]
            if let old, !wereListed { wereListed = state.isVisible(old) }
            if !reorder {
                reorder = old.map { state.isVisible($0) != state.isVisible(row) || !state.sort.sameKey($0, row) } ?? state.isVisible(row)
            }
            if let old {
                recordChange(&state, from: old, to: row)
                if tracking, previous[row.ref] == nil { previous[row.ref] = old }
            }
            if row.awaitsPromotion, old.map({ !$0.awaitsPromotion }) ?? false { ringBell = true }
            state.rows[row.ref] = row
            state.clusters[row.ref.cluster]?.forbiddenNamespaces[row.ref.namespace] = nil
        }
        for ref in removed {
            if case .detail(ref) = state.screen, let last = state.rows[ref] {
                // The detail stays on its last state, marked deleted; its timeline is kept.
                state.deletedDetail = DeletedObject(row: last, at: state.now)
                state.statusLine = StatusMessage("\(ref) was deleted: its last state stays on screen, greyed; no actions", isError: true)
            } else {
                state.stepHistory[ref] = nil
            }
            if tracking, previous[ref] == nil { previous[ref] = state.rows[ref] }
            if !wereListed, let old = state.rows[ref] { wereListed = state.isVisible(old) }
            state.rows[ref] = nil
        }
        if let deleted = state.deletedDetail, state.rows[deleted.row.ref] != nil { state.deletedDetail = nil }
        // A few changes move into place one by one; many are merged in at once.
        let changed = upserted.map(\.ref) + removed
        if reorder, changed.count <= ConsoleState.repositionLimit {
            state.reposition(changed, previous: previous)
            reorder = false
        } else if reorder {
            state.merge(changed, wereListed: wereListed)
            reorder = false
        }
        syncSelection(&state, reorder: reorder)
        return ringBell && state.bellOnPromotionWait ? [.bell] : []
    }

    /// Appends a timeline entry when a row's status or progress moved.
    private static func recordChange(_ state: inout ConsoleState, from old: DeliveryRow, to new: DeliveryRow) {
        var parts: [String] = []
        if old.status != new.status { parts.append("\(old.status.rawValue) → \(new.status.rawValue)") }
        if old.progress != new.progress, !new.progress.text.isEmpty {
            parts.append(old.progress.text.isEmpty ? new.progress.text : "\(old.progress.text) → \(new.progress.text)")
        }
        guard !parts.isEmpty else { return }
        var history = state.stepHistory[new.ref] ?? []
        let message = new.message.isEmpty ? "" : " (\(new.message))"
        history.append(TimelineEntry(time: state.now, source: .step, text: parts.joined(separator: ", ") + message))
        if history.count > ConsoleState.historyLimit { history.removeFirst(history.count - ConsoleState.historyLimit) }
        state.stepHistory[new.ref] = history
    }

    static func applyConnection(_ state: inout ConsoleState, _ id: ClusterID, _ status: ConnectionStatus) {
        guard var cluster = state.clusters[id] else { return }
        defer { state.clusters[id] = cluster }
        // A reconnect that is already under way keeps its first "since"; the reason is the latest
        // (a 503 after a dropped stream: the operator reads what the server says now).
        if case let .reconnecting(since, _) = cluster.connection, case let .reconnecting(_, reason) = status {
            cluster.connection = .reconnecting(since: since, reason: reason)
            return
        }
        cluster.connection = status
        if case .forbidden = status, cluster.watchAllNamespaces, state.scope.namespace != nil {
            // A cluster-wide list was refused: fall back to watching the scoped namespace.
            cluster.watchAllNamespaces = false
            cluster.connection = .connecting
        }
    }

    /// The source now reads another context in place of cluster `id`: what was known of it goes.
    static func changeContext(_ state: inout ConsoleState, _ id: ClusterID, _ identity: ClusterIdentity) {
        guard var cluster = state.clusters[id] else { return }
        cluster.identity = identity
        cluster.connection = .connecting
        cluster.loading = []
        if cluster.served != .assumed { cluster.served = .discovering }
        cluster.forbiddenNamespaces = [:]
        cluster.serverVersion = nil
        cluster.permissions = ClusterPermissions()
        cluster.permissionsAsked = []
        cluster.flaggerGauge = FlaggerGaugeHistory()
        state.clusters[id] = cluster
        state.lineupObjects = [:]
        state.lineupNarrowed = [:]
        let gone = state.rows.keys.filter { $0.cluster == id }
        for ref in gone { state.rows[ref] = nil }
        state.stepHistory = state.stepHistory.filter { $0.key.cluster != id }
        state.detail = nil
        state.screen = .main
        state.overlay = nil
        state.selectedDelivery = nil
        state.deliveryCursor = 0
        state.namespaceCursor = 0
        // The new context has no watches yet: ask for them again.
        state.watches = []
        state.statusLine = StatusMessage("context: \(identity.context)")
        // The list's order forgets the rows gone with the old context.
        syncSelection(&state)
    }
}
