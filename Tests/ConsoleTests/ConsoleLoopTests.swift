import Foundation
import Testing
import TerminalUI
@testable import Console

/// A terminal that replays scripted inputs, then reports SIGTERM; records frames, timeouts
/// and bells. `before` runs before each poll returns, to feed the source mid-run.
final class FakeTerminal: ConsoleTerminal {
    var size = Size(width: 80, height: 24)
    let glyphs = Glyphs.unicode
    private var script: [TerminalInput]
    var before: [Int: () -> Void] = [:]
    private(set) var frames: [Grid] = []
    private(set) var timeouts: [Int32?] = []
    private(set) var bells = 0
    let wake: @Sendable () -> Void = {}

    init(_ script: [TerminalInput]) { self.script = script }

    static func keys(_ names: String...) -> TerminalInput {
        TerminalInput(events: names.map { KeyEvent(name: $0)! })
    }

    func poll(timeoutMilliseconds: Int32?) -> TerminalInput {
        timeouts.append(timeoutMilliseconds)
        before[timeouts.count]?()
        return script.isEmpty ? TerminalInput(terminationSignal: SIGTERM) : script.removeFirst()
    }

    func draw(_ grid: Grid) { frames.append(grid) }
    func bell() { bells += 1 }
}

@Suite struct ConsoleLoopTests {
    static func loop(_ terminal: FakeTerminal, _ source: FakeSource, readOnly: Bool = false, frameRate: Int = 1000) -> ConsoleLoop {
        let state = ConsoleState(identity: source.identity, scope: .all, watchAllNamespaces: true, readOnly: readOnly,
                                 bellOnPromotionWait: true, now: Fixtures.now)
        // A clock that moves a second per reading, so the frame cap never holds a frame back.
        let clock = SteppingClock()
        return ConsoleLoop(state: state, terminal: terminal, source: source,
                           runner: EffectRunner(source: source, readOnly: readOnly, audit: nil), frameRate: frameRate,
                           clock: clock.read)
    }

    @Test func qQuitsAndStopsTheSource() {
        let terminal = FakeTerminal([FakeTerminal.keys("q")])
        let source = FakeSource()
        #expect(Self.loop(terminal, source).run() == 0)
        #expect(source.started && source.stopped)
        #expect(terminal.frames.count == 1)
        #expect(source.watchRequests.count == 1)
    }

    /// Ctrl-C (SIGINT) while a gate rollscope opened is open asks, as `q` does; a second one ends.
    @Test func ctrlCAsksFirstWhileAGateIsOpen() {
        let source = FakeSource()
        let after = AutomaticOrigin(label: "approve", time: Fixtures.now)
        let close = FollowUp(kind: .promote, label: "halt", target: Fixtures.gatewayRef, requests: [], after: after)
        source.queue([.followUpOpened(OpenFollowUp(opened: "the gate", awaited: "pass confirm-rollout", close: close))])
        let terminal = FakeTerminal([TerminalInput(wokenUp: true), TerminalInput(terminationSignal: SIGINT),
                                     TerminalInput(terminationSignal: SIGINT)])
        let loop = Self.loop(terminal, source)
        #expect(loop.run() == 0)
        guard case .quit = loop.state.overlay else { Issue.record("Ctrl-C did not ask"); return }
        #expect(terminal.frames.last?.text.contains("Leave it open and quit") == true)
        #expect(terminal.timeouts.count == 3, "the second Ctrl-C ended it")
    }

    @Test func aBurstOfDeltasIsOneFrame() {
        let source = FakeSource()
        let terminal = FakeTerminal([TerminalInput(wokenUp: true), FakeTerminal.keys("q")])
        terminal.before[1] = {
            source.queue((0..<200).map { i in
                .rows(upserted: [DeliveryRow(ref: ObjectRef(kind: .rollout, namespace: "ns", name: "r\(i)"), strategy: "Canary",
                                            status: .healthy)], removed: [])
            })
        }
        let loop = Self.loop(terminal, source)
        _ = loop.run()
        #expect(terminal.frames.count == 2, "the first frame, then one for all 200 deltas")
        #expect(loop.state.rows.count == 200)
    }

    @Test func idleMeansAsleep() {
        let source = FakeSource()
        let terminal = FakeTerminal([TerminalInput(wokenUp: true)])
        // Rows with no creation time show no age: nothing on screen changes with time alone.
        let timeless = Fixtures.allRows.map { row in
            var row = row
            row.created = nil
            return row
        }
        terminal.before[1] = { source.queue([.rows(upserted: timeless, removed: [])]) }
        _ = Self.loop(terminal, source).run()
        #expect(terminal.timeouts.allSatisfy { $0 == nil }, "nothing counting on screen, no timer: \(terminal.timeouts)")
    }

    @Test func aCountdownArmsTheTimerAndTicksRedraw() {
        let source = FakeSource()
        let terminal = FakeTerminal([TerminalInput(wokenUp: true), FakeTerminal.keys("enter"), TerminalInput(wokenUp: true),
                                     TerminalInput()])
        terminal.before[1] = { source.queue([.rows(upserted: Fixtures.allRows, removed: [])]) }
        terminal.before[3] = { source.queue([.detail(Fixtures.checkoutDetail(pauseDeadline: Fixtures.now.addingTimeInterval(100_000)))]) }
        let loop = Self.loop(terminal, source)
        _ = loop.run()
        #expect(terminal.timeouts[3] != nil, "armed once the countdown is on screen")
        #expect(terminal.timeouts[3]! <= 1000)
        #expect(terminal.frames.last?.text.contains("left") == true)
    }

    @Test func aConfirmedPromotionIsSentOnceAndItsAnswerShown() {
        let source = FakeSource()
        let terminal = FakeTerminal([TerminalInput(wokenUp: true), FakeTerminal.keys("p"), FakeTerminal.keys("tab", "enter", "enter"),
                                     TerminalInput(wokenUp: true)])
        terminal.before[1] = { source.queue([.rows(upserted: Fixtures.allRows, removed: [])]) }
        terminal.before[4] = { source.queue([.mutationFinished(id: 1, outcome: .succeeded)]) }
        let loop = Self.loop(terminal, source)
        _ = loop.run()
        #expect(source.sent.count == 1)
        #expect(source.sent.first?.target == Fixtures.checkoutRef)
        #expect(terminal.frames.contains { $0.text.contains("< Cancel >") })
        #expect(terminal.frames.last?.text.contains("promote rollout/checkout (namespace shop): done") == true)
    }

    @Test func readOnlySendsNothing() {
        let source = FakeSource()
        let terminal = FakeTerminal([TerminalInput(wokenUp: true), FakeTerminal.keys("p", "tab", "enter")])
        terminal.before[1] = { source.queue([.rows(upserted: Fixtures.allRows, removed: [])]) }
        _ = Self.loop(terminal, source, readOnly: true).run()
        #expect(source.sent.isEmpty)
    }

    @Test func theBellRingsWhenARolloutStartsWaiting() {
        let source = FakeSource()
        var running = Fixtures.checkout
        running.awaitsPromotion = false
        let terminal = FakeTerminal([TerminalInput(wokenUp: true), TerminalInput(wokenUp: true)])
        terminal.before[1] = { source.queue([.rows(upserted: [running], removed: [])]) }
        terminal.before[2] = { source.queue([.rows(upserted: [Fixtures.checkout], removed: [])]) }
        _ = Self.loop(terminal, source).run()
        #expect(terminal.bells == 1)
    }

    /// An age moving on is drawn at once, and such a frame does not count against the frame
    /// rate: the next event's frame is not held back by it.
    @Test func framesTheClockAloneAsksForDoNotHoldBackData() {
        let source = FakeSource()
        let clock = SetClock()
        let terminal = FakeTerminal([TerminalInput(wokenUp: true), TerminalInput(), TerminalInput(wokenUp: true)])
        let young = DeliveryRow(ref: ObjectRef(kind: .rollout, namespace: "ns", name: "young"), strategy: "Canary", status: .healthy,
                               created: Fixtures.now.addingTimeInterval(0.5))
        var older = young
        older.status = .progressing
        terminal.before[1] = { clock.now = Fixtures.now.addingTimeInterval(1.0); source.queue([.rows(upserted: [young], removed: [])]) }
        terminal.before[2] = { clock.now = Fixtures.now.addingTimeInterval(1.5) }
        terminal.before[3] = { clock.now = Fixtures.now.addingTimeInterval(2.1); source.queue([.rows(upserted: [older], removed: [])]) }
        let state = ConsoleState(identity: source.identity, scope: .all, watchAllNamespaces: true, now: Fixtures.now)
        let loop = ConsoleLoop(state: state, terminal: terminal, source: source,
                               runner: EffectRunner(source: source, readOnly: false, audit: nil), frameRate: 1, clock: { clock.now })
        _ = loop.run()
        #expect(terminal.timeouts[1] == 500, "asleep until the age reads 1s: \(terminal.timeouts)")
        #expect(terminal.frames.count == 4, "the first frame, the row, its age at 1.5 s, its change at 2.1 s")
        #expect(terminal.frames.last?.text.contains("Progressing") == true, "the change is on screen without waiting for 2.5 s")
    }

    @Test func theFrameCapCoalescesFramesThatComeTooSoon() {
        let source = FakeSource()
        let terminal = FakeTerminal([FakeTerminal.keys("j"), FakeTerminal.keys("j")])
        let state = ConsoleState(identity: source.identity, scope: .all, watchAllNamespaces: true, now: Fixtures.now)
        let loop = ConsoleLoop(state: state, terminal: terminal, source: source,
                               runner: EffectRunner(source: source, readOnly: false, audit: nil), frameRate: 30,
                               clock: { Fixtures.now })
        _ = loop.run()
        #expect(terminal.frames.count == 1, "the clock stands still: no second frame within 1/30 s")
        #expect(terminal.timeouts.dropFirst().allSatisfy { $0 == 34 }, "it wakes when the next frame is due: \(terminal.timeouts)")
    }

    @Test func aResizeRedrawsAtTheNewSize() {
        let source = FakeSource()
        let terminal = FakeTerminal([TerminalInput(events: [.resize])])
        terminal.before[1] = { terminal.size = Size(width: 120, height: 40) }
        _ = Self.loop(terminal, source).run()
        #expect(terminal.frames.map(\.width) == [80, 120])
    }
}

/// A clock for loop tests: each reading is one second after the last.
/// A clock that reads what the test last set.
final class SetClock: @unchecked Sendable {
    var now = Fixtures.now
}

final class SteppingClock {
    private var now = Fixtures.now
    func read() -> Date {
        now = now.addingTimeInterval(1)
        return now
    }
}
