import Foundation
import Delivery
import KubeModel
import Testing
import TerminalUI
@testable import Console

/// A frame only the clock asked for, drawn through `FrameCache` from the last frame, is the
/// frame `ConsoleView.render` draws in full for the same state, whatever is on screen; and it
/// draws only the list's lines whose text moved.
@Suite struct FrameCacheTests {
    /// `count` rows over a few namespaces: most under 10 minutes old (their ages move every
    /// second, and cross 2 minutes, where the text changes form), the others days old; some
    /// paused with a countdown, which ends.
    static func rows(_ count: Int, young: (Int) -> Bool = { $0 % 3 != 0 }, paused: (Int) -> Bool = { $0 % 11 == 5 }) -> [DeliveryRow] {
        (0..<count).map { i -> DeliveryRow in
            let kind: DeliveryKind = i % 5 == 0 ? .canary : .rollout
            let age: TimeInterval = young(i) ? Double(100 + i) : Double(i + 1) * 86_400
            let pauseEnds: Date? = paused(i) ? Fixtures.now.addingTimeInterval(Double(5 + i)) : nil
            let message = i % 4 == 2 ? "CanaryPauseStep" : ""
            return DeliveryRow(ref: ObjectRef(kind: kind, namespace: "ns-\(i % 7)", name: "app-\(i)"), strategy: "Canary",
                               status: DeliveryStatus.counted[i % 4], pauseEnds: pauseEnds, message: message,
                               progress: .step(completed: i % 8, total: 8), setWeight: 20, actualWeight: 20, ready: 3, replicas: 3,
                               created: Fixtures.now.addingTimeInterval(-age))
        }
    }

    static func state(width: Int, height: Int, rows: [DeliveryRow] = rows(300)) -> ConsoleState {
        var state = Fixtures.state()
        _ = Reducer.reduce(&state, .resize(width: width, height: height))
        _ = Reducer.reduce(&state, .rows(upserted: rows, removed: []))
        return state
    }

    /// What is on screen while the clock moves.
    enum Scene: String, CaseIterable {
        case list, scrolled, filtered, namespacesFocused, detail, reconnecting, narrowedToANamespace
    }

    static func prepare(_ scene: Scene, _ state: inout ConsoleState) {
        switch scene {
        case .list: break
        case .scrolled: Fixtures.press(&state, "G", "k", "k")
        case .filtered: Fixtures.press(&state, "/", "a", "p", "p", "-", "1", "enter")
        case .namespacesFocused: Fixtures.press(&state, "tab", "j")
        case .detail:
            for _ in 0..<400 where state.selectedDelivery != Fixtures.checkoutRef { Fixtures.press(&state, "j") }
            Fixtures.press(&state, "enter")
            _ = Reducer.reduce(&state, .detail(Fixtures.checkoutDetail(pauseDeadline: Fixtures.now.addingTimeInterval(90))))
        case .reconnecting:
            _ = Reducer.reduce(&state, .connection(.reconnecting(since: Fixtures.now.addingTimeInterval(-3), reason: "connection reset")))
        case .narrowedToANamespace: Fixtures.press(&state, "tab", "j", "enter", "tab")
        }
    }

    @Test(arguments: [(120, 40), (80, 24), (200, 60), (100, 30), (60, 20)], Scene.allCases)
    func anAgeOnlyFrameIsTheFullFrame(size: (Int, Int), scene: Scene) {
        var state = Self.state(width: size.0, height: size.1)
        Self.prepare(scene, &state)
        var cache = FrameCache()
        #expect(cache.render(state, glyphs: .unicode, clockOnly: false) == ConsoleView.render(state, glyphs: .unicode))
        // A second at a time through the 2-minute mark, then a jump past 10 minutes.
        for step in 1...25 {
            let now = Fixtures.now.addingTimeInterval(step < 25 ? Double(step) : 600)
            _ = Reducer.reduce(&state, .tick(now))
            let cached = cache.render(state, glyphs: .unicode, clockOnly: true)
            let full = ConsoleView.render(state, glyphs: .unicode)
            // Compared as a Bool: the grids themselves would print thousands of cells.
            let same = cached == full
            #expect(same, "\(scene) at \(size), second \(step):\n\(cached.text)\n---\n\(full.text)")
            if !same { return }
        }
    }

    /// A key's frame is drawn from the last one (in full under an overlay, the filter's input
    /// line included, and after one), and the next age-only frame starts from it.
    @Test func aKeyBetweenTicksIsTheFullFrameAndTheNextTickDrawsFromIt() {
        var state = Self.state(width: 120, height: 40)
        var cache = FrameCache()
        _ = cache.render(state, glyphs: .unicode, clockOnly: false)
        var overlaid = false
        for (second, key) in ["j", "j", "/", "a", "enter", "tab", "enter", "q"].enumerated() {
            let layout = state.layout
            Fixtures.press(&state, key)
            #expect(cache.render(state, glyphs: .unicode, clockOnly: false) == ConsoleView.render(state, glyphs: .unicode))
            #expect(cache.lastWork.full == (state.overlay != nil || overlaid || state.layout != layout), "after \(key)")
            overlaid = state.overlay != nil
            _ = Reducer.reduce(&state, .tick(Fixtures.now.addingTimeInterval(Double(second + 1))))
            #expect(cache.render(state, glyphs: .unicode, clockOnly: true) == ConsoleView.render(state, glyphs: .unicode), "after \(key)")
        }
    }

    /// The work an age-only frame skips, counted: with the ages of a few of the rows on screen
    /// moving each second (the others days old), one tick draws those lines and nothing else
    /// (not the header, the namespaces pane, the summary, the status line or the footer).
    @Test func anAgeOnlyFrameDrawsOnlyTheLinesWhoseAgeMoved() throws {
        let rows = Self.rows(300, young: { $0 < 42 && $0 % 7 == 0 }, paused: { _ in false })
        var state = Self.state(width: 120, height: 40, rows: rows)
        Fixtures.press(&state, "g")
        var cache = FrameCache()
        _ = cache.render(state, glyphs: .unicode, clockOnly: false)
        let onScreen = state.visibleOrder.dropFirst(state.deliveryOffset).prefix(state.deliveryRows).compactMap { state.rows[$0] }
        let moving = onScreen.filter { row in row.created.map { Fixtures.now.timeIntervalSince($0) < 600 } == true }
        #expect(moving.count >= 3 && moving.count < onScreen.count, "\(moving.count) of \(onScreen.count)")
        _ = Reducer.reduce(&state, .tick(Fixtures.now.addingTimeInterval(1)))
        let grid = cache.render(state, glyphs: .unicode, clockOnly: true)
        #expect(grid == ConsoleView.render(state, glyphs: .unicode))
        #expect(cache.lastWork == FrameCache.Work(full: false, listLines: moving.count, regions: []))
        // A minute later, past the hour, nothing on screen reads differently: nothing is drawn.
        var quiet = Self.state(width: 120, height: 40, rows: Self.rows(300, young: { _ in false }, paused: { _ in false }))
        _ = cache.render(quiet, glyphs: .unicode, clockOnly: false)
        _ = Reducer.reduce(&quiet, .tick(Fixtures.now.addingTimeInterval(60)))
        _ = cache.render(quiet, glyphs: .unicode, clockOnly: true)
        #expect(cache.lastWork == FrameCache.Work(full: false, listLines: 0, regions: []))
    }

    /// A watch event's frame, drawn through `FrameCache` from the last frame, is the frame
    /// `ConsoleView.render` draws in full, through a sequence of data events and keys: a row
    /// added at the top (every line below moves down), one changing status, one removed, the
    /// list scrolled and filtered, the namespaces pane's cursor moved, a resize.
    @Test(arguments: [(120, 40), (80, 24), (200, 60), (60, 20)])
    func aDataFrameIsTheFullFrame(size: (Int, Int)) {
        let rows = Self.rows(300)
        var state = Self.state(width: size.0, height: size.1, rows: rows)
        var cache = FrameCache()
        _ = cache.render(state, glyphs: .unicode, clockOnly: false)
        let top = DeliveryRow(ref: ObjectRef(kind: .rollout, namespace: "ns-0", name: "aaa-new"), strategy: "Canary",
                              status: .progressing, progress: .step(completed: 1, total: 8), created: Fixtures.now)
        var changed = rows[7]
        changed.status = .degraded
        changed.message = "a new message, longer than the others"
        let steps: [(String, (inout ConsoleState) -> Void)] = [
            ("added at the top", { _ = Reducer.reduce(&$0, .rows(upserted: [top], removed: [])) }),
            ("status changed", { _ = Reducer.reduce(&$0, .rows(upserted: [changed], removed: [])) }),
            ("removed on screen", { _ = Reducer.reduce(&$0, .rows(upserted: [], removed: [rows[14].ref])) }),
            ("cursor down", { _ = Fixtures.press(&$0, "j", "j") }),
            ("top removed", { _ = Reducer.reduce(&$0, .rows(upserted: [], removed: [top.ref])) }),
            ("paged down", { _ = Fixtures.press(&$0, "pgdn") }),
            ("added above the screen", { _ = Reducer.reduce(&$0, .rows(upserted: [top], removed: [])) }),
            ("scrolled up", { _ = Fixtures.press(&$0, "k", "k", "k", "k", "k", "k", "k", "k", "k", "k", "k", "k", "k", "k", "k", "k", "k", "k", "k", "k") }),
            ("to the end", { _ = Fixtures.press(&$0, "G") }),
            ("removed at the end", { _ = Reducer.reduce(&$0, .rows(upserted: [], removed: [$0.visibleOrder.last!])) }),
            ("to the top", { _ = Fixtures.press(&$0, "g") }),
            ("filtered", { _ = Fixtures.press(&$0, "/", "a", "p", "p", "-", "1", "enter") }),
            ("changed under the filter", { _ = Reducer.reduce(&$0, .rows(upserted: [rows[1]], removed: [rows[10].ref])) }),
            ("namespaces focused", { _ = Fixtures.press(&$0, "esc", "tab", "j") }),
            ("added while the namespaces have focus", { _ = Reducer.reduce(&$0, .rows(upserted: [changed, rows[14]], removed: [])) }),
            ("resized", { _ = Reducer.reduce(&$0, .resize(width: size.0 + 7, height: size.1 + 3)) }),
            ("removed after the resize", { _ = Reducer.reduce(&$0, .rows(upserted: [], removed: [rows[0].ref, rows[21].ref])) }),
            ("the list focused again", { _ = Fixtures.press(&$0, "tab", "g") }),
            ("the selected row given plans", { _ = Reducer.reduce(&$0, .rows(upserted: [Self.withPlans(Self.selected($0))], removed: [])) }),
            ("a row not selected changing message", { state in
                var row = state.rows[state.visibleOrder[3]]!
                row.message = "another message"
                _ = Reducer.reduce(&state, .rows(upserted: [row], removed: []))
            }),
            ("the selected row changing status", { state in
                var row = Self.selected(state)
                row.status = row.status == .degraded ? .healthy : .degraded
                _ = Reducer.reduce(&state, .rows(upserted: [row], removed: []))
            }),
            ("the selected row's plans disabled", { state in
                var row = Self.selected(state)
                row.plans[.promote] = .disabled(reason: "not paused")
                _ = Reducer.reduce(&state, .rows(upserted: [row], removed: []))
            }),
            ("the user refused in its namespace", { state in
                let viewer = Permissions(user: "viewer", namespace: Self.selected(state).ref.namespace,
                                         rules: [PolicyRule(verbs: ["get", "list", "watch"])])
                _ = Reducer.reduce(&state, .permissions(namespace: viewer.namespace, viewer))
            }),
            ("the selected row built again alike", { _ = Reducer.reduce(&$0, .rows(upserted: [Self.withPlans(Self.selected($0))], removed: [])) }),
            ("reconnecting", { _ = Reducer.reduce(&$0, .connection(.reconnecting(since: Fixtures.now.addingTimeInterval(-3), reason: "reset"))) }),
            ("a message", { _ = Reducer.reduce(&$0, .notice(StatusMessage("something happened", isError: true))) }),
            ("live again", { _ = Reducer.reduce(&$0, .connection(.live)) }),
            ("the cursor moved to another row", { _ = Fixtures.press(&$0, "j") }),
            ("a count changing under the cursor's row", { state in
                var row = state.rows[state.visibleOrder[0]]!
                row.status = row.status == .degraded ? .healthy : .degraded
                _ = Reducer.reduce(&state, .rows(upserted: [row], removed: []))
            }),
        ]
        for (name, step) in steps {
            step(&state)
            let cached = cache.render(state, glyphs: .unicode, clockOnly: false)
            let full = ConsoleView.render(state, glyphs: .unicode)
            let same = cached == full
            #expect(same, "\(name) at \(size):\n\(cached.text)\n---\n\(full.text)")
            if !same { return }
        }
    }

    static func selected(_ state: ConsoleState) -> DeliveryRow { state.rows[state.selectedDelivery!]! }

    /// `row` with every action ready.
    static func withPlans(_ row: DeliveryRow) -> DeliveryRow {
        var row = row
        row.plans = Fixtures.readyPlans(row.ref)
        return row
    }

    /// The work a data frame skips, counted: a row added at the top moves every line of the list
    /// down one (copied, not drawn), a status change draws its one line; the list is never drawn
    /// whole, only the small regions are.
    @Test func aDataFrameMovesTheLinesAndDrawsTheChangedOne() {
        let rows = Self.rows(300)
        var state = Self.state(width: 120, height: 40, rows: rows)
        Fixtures.press(&state, "g")
        var cache = FrameCache()
        _ = cache.render(state, glyphs: .unicode, clockOnly: false)
        let top = DeliveryRow(ref: ObjectRef(kind: .rollout, namespace: "ns-0", name: "aaa-new"), strategy: "Canary",
                              status: .progressing, created: Fixtures.now)
        _ = Reducer.reduce(&state, .rows(upserted: [top], removed: []))
        #expect(state.visibleOrder.first == top.ref && state.deliveryOffset == 0)
        #expect(cache.render(state, glyphs: .unicode, clockOnly: false) == ConsoleView.render(state, glyphs: .unicode))
        #expect(!cache.lastWork.full && !cache.lastWork.regions.contains(.deliveries))
        #expect(cache.lastWork.listLines == state.deliveryRows, "every line on screen moved")
        var changed = state.rows[state.visibleOrder[5]]!
        changed.status = changed.status == .degraded ? .healthy : .degraded
        _ = Reducer.reduce(&state, .rows(upserted: [changed], removed: []))
        #expect(cache.render(state, glyphs: .unicode, clockOnly: false) == ConsoleView.render(state, glyphs: .unicode))
        #expect(cache.lastWork.listLines == 1)
        #expect(cache.lastWork.regions == [.header], "the counts changed; not the selected row, the status line or the footer")
    }

    /// A data frame draws the header, the summary, the status line and the footer again only
    /// when what they show changed, and plans the selected row again only when it or its
    /// permissions changed.
    @Test func aDataFrameDrawsTheRegionsWhoseInputsChanged() {
        var state = Self.state(width: 120, height: 40, rows: Self.rows(300).map(Self.withPlans))
        Fixtures.press(&state, "g")
        var cache = FrameCache()
        _ = cache.render(state, glyphs: .unicode, clockOnly: false)
        func frame(_ event: ConsoleEvent, _ regions: [FrameCache.Work.Region], _ what: String) {
            _ = Reducer.reduce(&state, event)
            #expect(cache.render(state, glyphs: .unicode, clockOnly: false) == ConsoleView.render(state, glyphs: .unicode), "\(what)")
            #expect(cache.lastWork.regions == regions, "\(what)")
        }
        frame(.rows(upserted: [], removed: []), [], "nothing changed since the frame in full")
        var other = state.rows[state.visibleOrder[4]]!
        other.message = "another message"
        frame(.rows(upserted: [other], removed: []), [], "a row not selected changing, no count")
        var selected = Self.selected(state)
        selected.message = "a message of the selected row"
        frame(.rows(upserted: [selected], removed: []), [.summary], "the selected row changing, no count")
        selected.status = selected.status == .degraded ? .healthy : .degraded
        frame(.rows(upserted: [selected], removed: []), [.header, .summary], "the selected row changing status")
        selected.plans[.abort] = .disabled(reason: "nothing to abort")
        frame(.rows(upserted: [selected], removed: []), [.summary, .footer], "an action of the selected row disabled")
        frame(.notice(StatusMessage("done", isError: false)), [.status], "a message")
        frame(.connection(.reconnecting(since: Fixtures.now, reason: "reset")), [.header], "reconnecting")
    }
}

