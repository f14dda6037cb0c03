import Foundation
import Testing
@testable import Console

@Suite struct ReducerDataTests {
    /// Watch deltas move rows into place one by one, and every tenth step is a batch past
    /// `repositionLimit` (a list page, a relist) merged in at once; the order and the counts must
    /// equal what a full sort and a fresh tally give, for every sort column and direction, with a
    /// filter and a namespace scope, through inserts, updates that move rows, and deletions.
    @Test(arguments: SortColumn.allCases)
    func deltasKeepTheOrderAndCountsOfAFreshSort(column: SortColumn) {
        var random = SystemRandomNumberGenerator()
        for (ascending, filter, scope) in [(true, nil, NamespaceScope.all), (false, "!ns-1", .all), (true, "app", .one("ns-2"))] {
            var state = Fixtures.state()
            state.sort = SortOrder(column, ascending: ascending)
            if let filter { state.filters[.deliveries] = filter }
            state.scope = scope
            state.refreshVisible()
            var refs: [ObjectRef] = []
            for step in 0..<400 {
                var removed: [ObjectRef] = []
                var upserted: [DeliveryRow] = []
                let batch = step % 10 == 9 ? Int.random(in: ConsoleState.repositionLimit + 1...150, using: &random) : Int.random(in: 1...3, using: &random)
                for item in 0..<batch {
                    if !refs.isEmpty, Int.random(in: 0..<4, using: &random) == 0 {
                        removed.append(refs.remove(at: Int.random(in: 0..<refs.count, using: &random)))
                    } else {
                        let ref = refs.randomElement(using: &random).flatMap { Bool.random(using: &random) ? $0 : nil }
                            ?? ObjectRef(kind: Bool.random(using: &random) ? .rollout : .canary, namespace: "ns-\(Int.random(in: 0..<4, using: &random))",
                                         name: "app-\(step)-\(item)")
                        if !refs.contains(ref), !removed.contains(ref) { refs.append(ref) } else if removed.contains(ref) { continue }
                        upserted.append(DeliveryRow(ref: ref, strategy: "Canary", status: DeliveryStatus.counted.randomElement(using: &random)!,
                                                   progress: .step(completed: Int.random(in: 0...4, using: &random), total: 4),
                                                   created: Fixtures.now.addingTimeInterval(-Double(Int.random(in: 0..<50, using: &random)) * 60)))
                    }
                }
                _ = Reducer.reduce(&state, .rows(upserted: upserted, removed: removed))
                var fresh = state
                fresh.refreshVisible()
                #expect(state.visibleOrder == fresh.visibleOrder, "order after step \(step) (\(column), ascending \(ascending))")
                let tally = state.rows.values.reduce(into: [:]) { $0[$1.status, default: 0] += 1 }
                #expect(state.rows.totals == tally)
                for (namespace, counts) in state.rows.countsByNamespace {
                    #expect(counts == state.rows.values.filter { $0.ref.namespace == namespace }.reduce(into: [:]) { $0[$1.status, default: 0] += 1 })
                }
                if state.visibleOrder != fresh.visibleOrder { return }
            }
        }
    }

    @Test func theSelectionFollowsItsObjectThroughUpdates() {
        var state = Fixtures.selecting(Fixtures.paymentsRef)
        let early = DeliveryRow(ref: ObjectRef(kind: .rollout, namespace: "aaa", name: "first"), strategy: "Canary", status: .healthy)
        _ = Reducer.reduce(&state, .rows(upserted: [early], removed: []))
        #expect(state.selectedDelivery == Fixtures.paymentsRef)
        #expect(state.deliveryCursor == 2)
        _ = Reducer.reduce(&state, .rows(upserted: [], removed: [Fixtures.paymentsRef]))
        #expect(state.selectedDelivery == Fixtures.catalogRef, "a deleted row hands the cursor to the row that takes its place")
    }

    /// Rows added above the selection move it: by one (found next to where it was), and by
    /// hundreds at once (found by looking through every row).
    @Test func theSelectionFollowsItsObjectWhenRowsArriveAboveIt() {
        var state = Fixtures.selecting(Fixtures.catalogRef)
        let cursor = state.deliveryCursor
        func rows(_ names: Range<Int>) -> [DeliveryRow] {
            names.map { DeliveryRow(ref: ObjectRef(kind: .rollout, namespace: "aaa", name: "r-\($0)"), strategy: "Canary", status: .healthy) }
        }
        _ = Reducer.reduce(&state, .rows(upserted: rows(0..<1), removed: []))
        #expect(state.selectedDelivery == Fixtures.catalogRef && state.deliveryCursor == cursor + 1)
        _ = Reducer.reduce(&state, .rows(upserted: rows(1..<301), removed: []))
        #expect(state.selectedDelivery == Fixtures.catalogRef && state.deliveryCursor == cursor + 301)
        #expect(state.visibleOrder[state.deliveryCursor] == Fixtures.catalogRef)
    }

    @Test func theBellRingsWhenARolloutStartsWaitingForPromotion() {
        var state = Fixtures.state()
        var running = Fixtures.checkout
        running.awaitsPromotion = false
        running.status = .progressing
        #expect(Reducer.reduce(&state, .rows(upserted: [running], removed: [])).isEmpty)
        #expect(Reducer.reduce(&state, .rows(upserted: [Fixtures.checkout], removed: [])) == [.bell])
        #expect(Reducer.reduce(&state, .rows(upserted: [Fixtures.checkout], removed: [])).isEmpty, "only on the transition")
        var quiet = Fixtures.state(bell: false)
        _ = Reducer.reduce(&quiet, .rows(upserted: [running], removed: []))
        #expect(Reducer.reduce(&quiet, .rows(upserted: [Fixtures.checkout], removed: [])).isEmpty)
    }

    @Test func stepChangesGoToTheTimeline() {
        var state = Fixtures.state()
        Fixtures.press(&state, "enter")
        _ = Reducer.reduce(&state, .detail(Fixtures.checkoutDetail()))
        _ = Reducer.reduce(&state, .tick(Fixtures.now.addingTimeInterval(5)))
        var next = Fixtures.checkout
        next.status = .progressing
        next.message = ""
        next.progress = .step(completed: 3, total: 8)
        _ = Reducer.reduce(&state, .rows(upserted: [next], removed: []))
        let timeline = state.timeline
        #expect(timeline.count == 3)
        #expect(timeline.last == TimelineEntry(time: Fixtures.now.addingTimeInterval(5), source: .step,
                                               text: "Paused → Progressing, 2/8 → 3/8"))
        #expect(timeline.first?.source == .event, "events and step changes are merged by time")
    }

    @Test func theStepHistoryIsBounded() {
        var state = Fixtures.state()
        for i in 0..<(ConsoleState.historyLimit + 10) {
            var row = Fixtures.checkout
            row.progress = .step(completed: i % 8, total: 8)
            _ = Reducer.reduce(&state, .rows(upserted: [row], removed: []))
        }
        #expect(state.stepHistory[Fixtures.checkoutRef]?.count == ConsoleState.historyLimit)
    }

    @Test func aForbiddenNamespaceIsShownNotFatal() {
        var state = Fixtures.state()
        _ = Reducer.reduce(&state, .namespaceForbidden("secret", message: "rollouts.argoproj.io is forbidden"))
        let entry = state.namespaceEntries.first { $0.namespace == "secret" }
        #expect(entry?.forbidden == "rollouts.argoproj.io is forbidden")
        #expect(state.rows.count == 4)
        #expect(state.connection == .live)
    }

    /// A first load's pages come in the storage's key order (`namespace/name`, byte by byte: `a-b/`
    /// before `a/`), mostly the list's own order: merged in (sorted only when they are not, appended
    /// when they all go last), the order must be a full sort's at every page, for every column and
    /// direction, with a row repeated within a page and a page repeated whole (a relist).
    @Test(arguments: SortColumn.allCases)
    func firstLoadPagesInKeyOrderKeepTheOrderOfAFreshSort(column: SortColumn) {
        let namespaces = ["a", "a-b", "a0", "b", "b.c", "c"].sorted { Array("\($0)/".utf8).lexicographicallyPrecedes(Array("\($1)/".utf8)) }
        let keys = namespaces.flatMap { namespace in (0..<40).map { (namespace, "app-\(String(format: "%02d", $0))") } }
        for ascending in [true, false] {
            var state = ConsoleState(identity: Fixtures.identity, scope: .all, watchAllNamespaces: true, now: Fixtures.now)
            state.sort = SortOrder(column, ascending: ascending)
            let pageSize = ConsoleState.repositionLimit + 16
            var pages = stride(from: 0, to: keys.count, by: pageSize).map { Array(keys[$0..<min($0 + pageSize, keys.count)]) }
            pages.append(pages[1])
            for (number, page) in pages.enumerated() {
                var rows = page.enumerated().map { index, key in
                    DeliveryRow(ref: ObjectRef(kind: index % 3 == 0 ? .canary : .rollout, namespace: key.0, name: key.1), strategy: "Canary",
                                status: DeliveryStatus.counted[index % DeliveryStatus.counted.count],
                                progress: .step(completed: index % 5, total: 4),
                                created: Fixtures.now.addingTimeInterval(-Double(index % 7) * 60))
                }
                rows.append(rows[0])
                _ = Reducer.reduce(&state, .rows(upserted: rows, removed: []))
                var fresh = state
                fresh.refreshVisible()
                #expect(state.visibleOrder == fresh.visibleOrder, "order after page \(number) (\(column), ascending \(ascending))")
                #expect(Set(state.visibleOrder).count == state.visibleOrder.count, "no row twice")
            }
        }
    }

    @Test func aLostServerKeepsTheLastStateAndItsFirstTime() {
        var state = Fixtures.state()
        let t0 = Fixtures.now, t1 = Fixtures.now.addingTimeInterval(3)
        _ = Reducer.reduce(&state, .connection(.reconnecting(since: t0, reason: "connection refused")))
        _ = Reducer.reduce(&state, .connection(.reconnecting(since: t1, reason: "connection refused")))
        #expect(state.connection == .reconnecting(since: t0, reason: "connection refused"))
        #expect(state.rows.count == 4)
        _ = Reducer.reduce(&state, .connection(.live))
        #expect(state.connection == .live)
    }

    @Test func aRefusedClusterWideListFallsBackToTheScopedNamespace() {
        var state = ConsoleState(identity: Fixtures.identity, scope: .one("shop"), watchAllNamespaces: true, now: Fixtures.now)
        _ = Reducer.start(&state)
        let effects = Reducer.reduce(&state, .connection(.forbidden(message: "cannot list rollouts at the cluster scope")))
        #expect(effects == [.watch([WatchSpec(resource: .rollouts, namespace: "shop"), ArgoRolloutsAdapter.replicaSets("shop"),
                                    WatchSpec(resource: .canaries, namespace: "shop")])])
    }

    /// A dump is shown as of when it was taken: time stands there, ticks move nothing, and
    /// nothing on screen waits for the clock.
    @Test func aDumpsTimeStandsWhereItWasTaken() {
        let taken = Fixtures.now.addingTimeInterval(-86400 * 400)
        var state = Fixtures.state()
        state.timeStandsAt = taken
        _ = Reducer.reduce(&state, .tick(Fixtures.now.addingTimeInterval(5)))
        #expect(state.now == taken)
        #expect(state.timerDeadline == nil)
    }

    /// The header counts the time spent reconnecting: the console wakes on its whole seconds
    /// while it lasts, and sleeps again once live.
    @Test func theTimerTicksTheReconnectingTime() {
        var state = ConsoleState(identity: Fixtures.identity, scope: .all, watchAllNamespaces: true, now: Fixtures.now)
        _ = Reducer.reduce(&state, .connection(.reconnecting(since: Fixtures.now.addingTimeInterval(-2.75), reason: "connection refused")))
        #expect(state.timerDeadline == Fixtures.now.addingTimeInterval(0.25))
        _ = Reducer.reduce(&state, .tick(Fixtures.now.addingTimeInterval(0.25)))
        #expect(state.timerDeadline == Fixtures.now.addingTimeInterval(1.25))
        #expect(ConsoleView.render(state, glyphs: .ascii).lines[0].contains("(3s)"))
        _ = Reducer.reduce(&state, .connection(.live))
        #expect(state.timerDeadline == nil)
    }

    /// Ages on the list read in seconds while young, then minutes, hours, days: the console
    /// wakes when one on screen next reads differently, and not for rows scrolled out of sight.
    @Test func theTimerFollowsTheAgesOnScreen() {
        func state(_ ages: [TimeInterval], height: Int = 24) -> ConsoleState {
            var state = ConsoleState(identity: Fixtures.identity, scope: .all, watchAllNamespaces: true, now: Fixtures.now)
            _ = Reducer.reduce(&state, .resize(width: 120, height: height))
            _ = Reducer.reduce(&state, .rows(upserted: ages.enumerated().map { i, age in
                DeliveryRow(ref: ObjectRef(kind: .rollout, namespace: "ns", name: "r\(i)"), strategy: "Canary", status: .healthy,
                           created: Fixtures.now.addingTimeInterval(-age))
            }, removed: []))
            return state
        }
        #expect(state([44.5]).timerDeadline == Fixtures.now.addingTimeInterval(0.5), "45s becomes 46s")
        #expect(state([7200 + 30]).timerDeadline == Fixtures.now.addingTimeInterval(30), "2h becomes 2h1m")
        #expect(state([3 * 86400 + 600]).timerDeadline == Fixtures.now.addingTimeInterval(3000), "3d becomes 3d1h")
        #expect(state([20 * 86400, 7200 + 30]).timerDeadline == Fixtures.now.addingTimeInterval(30), "the soonest on screen")
        // Forty rows of days, then a young one below the screen's last row.
        #expect(state(Array(repeating: 20 * 86400, count: 40) + [5]).timerDeadline == Fixtures.now.addingTimeInterval(86400))
        var detail = state([5])
        Fixtures.press(&detail, "enter")
        #expect(detail.timerDeadline == nil, "the detail shows no list")
    }

    @Test func theTimerIsArmedOnlyWhileACountdownIsOnScreen() {
        var state = Fixtures.state()
        // Rows with no creation time show no age: nothing on the list changes with time alone.
        _ = Reducer.reduce(&state, .rows(upserted: state.rows.values.map { row in
            var row = row
            row.created = nil
            return row
        }, removed: []))
        #expect(state.timerDeadline == nil)
        Fixtures.press(&state, "enter")
        _ = Reducer.reduce(&state, .detail(Fixtures.checkoutDetail()))
        #expect(state.timerDeadline == nil, "an indefinite pause does not tick")
        _ = Reducer.reduce(&state, .detail(Fixtures.checkoutDetail(pauseDeadline: Fixtures.now.addingTimeInterval(133.25))))
        #expect(state.timerDeadline == Fixtures.now.addingTimeInterval(0.25), "wakes on the countdown's whole seconds")
        _ = Reducer.reduce(&state, .tick(Fixtures.now.addingTimeInterval(0.25)))
        #expect(state.timerDeadline == Fixtures.now.addingTimeInterval(1.25))
        _ = Reducer.reduce(&state, .tick(Fixtures.now.addingTimeInterval(134)))
        #expect(state.timerDeadline == nil, "a countdown that ran out sleeps")
        _ = Reducer.reduce(&state, .tick(Fixtures.now))
        Fixtures.press(&state, "esc")
        #expect(state.timerDeadline == nil, "the list shows no countdown")
    }

    @Test func theDetailsWatchesNameItsObject() {
        var state = Fixtures.selecting(Fixtures.gatewayRef)
        Fixtures.press(&state, "enter")
        #expect(state.watches.compactMap(\.detailObject) == [Fixtures.gatewayRef])
    }

    @Test func aSnapshotHasNoContextToSwitchTo() {
        var state = ConsoleState(identity: Fixtures.identity, scope: .all, watchAllNamespaces: true, readOnly: true, now: Fixtures.now)
        _ = Reducer.reduce(&state, .connection(.snapshot(source: "dump.yaml")))
        #expect(Fixtures.press(&state, ":", "c", "t", "x", "space", "x", "enter").isEmpty)
        #expect(state.statusLine?.isError == true)
    }
}
