import Foundation
import TerminalUI

/// The console's one state machine: `reduce(&state, event)` applies a key, a paste, a resize,
/// a data change, a tick or a mutation's outcome, and returns what the outside world must do.
/// Pure: no I/O, no clock but the one in the events.
public enum Reducer {
    /// The effects of opening the console: the first watches.
    public static func start(_ state: inout ConsoleState) -> [ConsoleEffect] {
        syncWatches(&state) + syncFlaggerScrapes(&state) + syncPermissions(&state)
    }

    public static func reduce(_ state: inout ConsoleState, _ event: ConsoleEvent) -> [ConsoleEffect] {
        var effects: [ConsoleEffect]
        switch event {
        case let .key(key): effects = handleKey(&state, key)
        case let .paste(text): effects = []; handlePaste(&state, text)
        case let .resize(width, height):
            effects = []
            state.width = max(1, width)
            state.height = max(1, height)
            clampDetailScroll(&state)
            syncSelection(&state)
        case let .rows(upserted, removed): effects = applyRows(&state, upserted: upserted, removed: removed)
        case .namespaceForbidden, .namespaceReadable, .connection, .loading, .served, .contextChanged, .lineup, .lineupNarrowed, .serverVersion, .permissions, .flaggerScraped:
            effects = applyClusterEvent(&state, state.primary, event)
        case let .cluster(id, inner): effects = applyClusterEvent(&state, id, inner)
        case let .detail(model):
            effects = []
            if case let .detail(ref) = state.screen, ref == model.ref { state.detail = model }
        case let .fleetChanged(members): effects = []; changeFleet(&state, members)
        case let .notice(line): effects = []; state.statusLine = line
        case let .mutationFinished(id, outcome): effects = finishMutation(&state, id: id, outcome: outcome)
        case let .followUpDue(followUp): effects = sendFollowUp(&state, followUp)
        case let .followUpOpened(open): effects = []; followUpOpened(&state, open)
        case let .tick(now):
            // A tick moves only the clock, which no watch, scrape, stream or permission reads:
            // what the last event synced stays synced (an idle console's frame pays no sync).
            state.now = now
            return []
        case let .logLines(spec, lines): effects = []; receiveLogLines(&state, spec, lines)
        case let .logStreamEnded(spec, error): effects = []; logStreamEnded(&state, spec, error: error)
        }
        return effects + syncWatches(&state) + syncFlaggerScrapes(&state) + syncLogStreams(&state) + syncPermissions(&state)
    }

    /// An `.askPermissions` effect per cluster for the namespaces the screen needs that were not
    /// asked about yet: what the user may do is asked where it is shown, not in each of 2,000
    /// namespaces at start (2,000 reviews queued on the connection the watches share).
    static func syncPermissions(_ state: inout ConsoleState) -> [ConsoleEffect] {
        var effects: [ConsoleEffect] = []
        for (id, namespaces) in state.permissionNamespacesNeeded.sorted(by: { $0.key < $1.key }) {
            guard let asked = state.clusters[id]?.permissionsAsked else { continue }
            let new = namespaces.subtracting(asked)
            guard !new.isEmpty else { continue }
            state.clusters[id]?.permissionsAsked.formUnion(new)
            effects.append(.askPermissions(cluster: id, namespaces: new))
        }
        return effects
    }

    /// A `.watch` effect when the needed watches differ from those last asked for.
    static func syncWatches(_ state: inout ConsoleState) -> [ConsoleEffect] {
        let needed = state.neededWatches
        guard needed != state.watches else { return [] }
        state.watches = needed
        return [.watch(needed)]
    }

    /// A `.scrapeFlagger` effect when the readings of Flagger's page needed differ from those
    /// last asked for: the poll starts with a Canary's detail and stops when it closes.
    static func syncFlaggerScrapes(_ state: inout ConsoleState) -> [ConsoleEffect] {
        let needed = state.neededFlaggerScrapes
        guard needed != state.flaggerScrapes else { return [] }
        state.flaggerScrapes = needed
        return [.scrapeFlagger(needed)]
    }

    /// Keeps the cursor on the selected object across filter, sort and data changes; when the
    /// object is gone the cursor stays at the same height.
    static func syncSelection(_ state: inout ConsoleState, reorder: Bool = true) {
        if reorder { state.refreshVisible() }
        let rows = state.visibleOrder
        if let selected = state.selectedDelivery, state.deliveryCursor < rows.count, rows[state.deliveryCursor] == selected {
            // Still where it was: nothing to look for.
        } else if let selected = state.selectedDelivery, let index = nearby(selected, in: rows, around: state.deliveryCursor) ?? rows.firstIndex(of: selected) {
            state.deliveryCursor = index
        } else {
            state.deliveryCursor = rows.isEmpty ? 0 : min(max(0, state.deliveryCursor), rows.count - 1)
            state.selectedDelivery = rows.isEmpty ? nil : rows[state.deliveryCursor]
        }
        let entries = state.namespaceNames.count + 1
        state.namespaceCursor = min(max(0, state.namespaceCursor), entries - 1)
        keepCursorsVisible(&state, deliveryCount: rows.count, namespaceCount: entries)
    }

    /// Where `ref` is within `ConsoleState.repositionLimit` places of `cursor` (as far as rows
    /// moved into place can shift it), nil when not there: a row added above the selection
    /// moves it one place, and looking there first spares a pass over 20,000 rows.
    private static func nearby(_ ref: ObjectRef, in rows: ChunkedArray<ObjectRef>, around cursor: Int) -> Int? {
        let upper = min(rows.count, max(0, cursor + ConsoleState.repositionLimit + 1))
        let lower = min(upper, max(0, cursor - ConsoleState.repositionLimit))
        return rows[lower..<upper].firstIndex(of: ref)
    }

    /// Scrolls each list just enough to keep its cursor on screen.
    static func keepCursorsVisible(_ state: inout ConsoleState, deliveryCount: Int, namespaceCount: Int) {
        var deliveries = ListState(selected: state.deliveryCursor, offset: state.deliveryOffset)
        deliveries.scrollToSelection(count: deliveryCount, visible: state.deliveryRows)
        state.deliveryOffset = deliveries.offset
        var namespaces = ListState(selected: state.namespaceCursor, offset: state.namespaceOffset)
        namespaces.scrollToSelection(count: namespaceCount, visible: state.namespaceRows)
        state.namespaceOffset = namespaces.offset
    }

    static func clampDetailScroll(_ state: inout ConsoleState) {
        state.detailScroll = min(max(0, state.detailScroll), DetailDocument.maxScroll(state))
    }
}
