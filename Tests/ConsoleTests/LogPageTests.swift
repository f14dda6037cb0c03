import Foundation
import KubeModel
import Testing
import TerminalUI
import Delivery
@testable import Console

/// The log page (`l`): the bounded buffer, merge order, search, wrap and the two layouts on
/// grids, pause, the streams it asks for (and closes on esc), reopening a stream that ended.
@Suite struct LogPageTests {
    static let ref = Fixtures.checkoutRef
    static let t0 = Fixtures.now.addingTimeInterval(-30)

    static func pod(_ name: String, restarts: Int = 0, containers: [String] = ["app"]) -> LogSides.PodEntry {
        LogSides.PodEntry(namespace: "shop", name: name, containers: containers,
                          restarts: Dictionary(uniqueKeysWithValues: containers.map { ($0, restarts) }))
    }

    static let sides = LogSides(newRole: "canary", oldRole: "stable",
                                new: [pod("checkout-7d9f-a1b2c", restarts: 2)],
                                old: [pod("checkout-5c8d-x9y8z"), pod("checkout-5c8d-q7w6e")])

    /// The list, `l` pressed on checkout, its detail in with the pods above.
    static func opened(sides: LogSides = sides) -> (ConsoleState, [ConsoleEffect]) {
        var state = Fixtures.selecting(ref)
        var effects = Fixtures.press(&state, "l")
        var detail = Fixtures.checkoutDetail()
        detail.logSides = sides
        effects += Reducer.reduce(&state, .detail(detail))
        return (state, effects)
    }

    static func stamp(_ seconds: Double, _ text: String) -> String {
        "\(PodLogOptions.timestamp(t0.addingTimeInterval(seconds))) \(text)"
    }

    /// Lines from each pod, interleaved in time.
    static func withLines() -> ConsoleState {
        var (state, _) = opened()
        let specs = state.logStreams.sorted { $0.pod < $1.pod }
        let canary = specs.first { $0.side == .new }!
        let stable = specs.filter { $0.side == .old }
        _ = Reducer.reduce(&state, .logLines(canary, [
            stamp(1, "level=info msg=\"request served\" method=GET path=/api/checkout status=200 duration=12ms"),
            stamp(4, "level=error msg=\"request failed\" method=POST path=/api/checkout status=503 duration=1800ms error=\"upstream connect error or disconnect/reset before headers\""),
            stamp(6, "level=error msg=\"request failed\" method=GET path=/api/checkout status=502 duration=2100ms"),
        ]))
        _ = Reducer.reduce(&state, .logLines(stable[0], [stamp(2, "level=info msg=\"request served\" method=GET path=/ status=200 duration=3ms"),
                                                         stamp(5, "level=info msg=\"request served\" method=GET path=/healthz status=200 duration=1ms")]))
        _ = Reducer.reduce(&state, .logLines(stable[1], [stamp(3, "level=info msg=\"request served\" method=POST path=/api/checkout status=200 duration=9ms")]))
        return state
    }

    @Test func theBufferKeepsTheNewestLinesAndCountsTheDropped() {
        var buffer = LogBuffer(limit: 3)
        for i in 0..<5 {
            buffer.append(LogLine(side: .new, pod: "p", container: "c", time: Self.t0.addingTimeInterval(Double(i)), text: "\(i)", seq: i))
        }
        #expect(buffer.lines.map(\.text) == ["2", "3", "4"])
        #expect(buffer.dropped == 2)
        // A line of another stream that is older goes in its place in time.
        buffer.append(LogLine(side: .new, pod: "q", container: "c", time: Self.t0.addingTimeInterval(3.5), text: "q", seq: 5))
        #expect(buffer.lines.map(\.text) == ["3", "q", "4"])
    }

    @Test func mergedIsInTimeOrderAcrossPodsAndSides() {
        let state = Self.withLines()
        let view = try! #require(state.logView)
        #expect(view.merged.map { Int($0.time.timeIntervalSince(Self.t0)) } == [1, 2, 3, 4, 5, 6])
        #expect(view.shown(.new).count == 3)
        #expect(view.shown(.old).count == 3)
    }

    @Test func lOpensTheStreamsOfAtMostThreePodsPerSideAndEscClosesThem() throws {
        let many = LogSides(newRole: "canary", oldRole: "stable", new: (1...5).map { Self.pod("checkout-new-\($0)") },
                            old: [Self.pod("checkout-old-1")])
        var (state, effects) = Self.opened(sides: many)
        #expect(state.detailPage == .logs)
        #expect(state.keyScope == .logs)
        guard case let .logStreams(specs)? = effects.last(where: { if case .logStreams = $0 { true } else { false } }) else {
            Issue.record("no log streams asked: \(effects)")
            return
        }
        #expect(specs.filter { $0.side == .new }.map(\.pod).sorted() == ["checkout-new-1", "checkout-new-2", "checkout-new-3"])
        #expect(specs.filter { $0.side == .old }.map(\.pod) == ["checkout-old-1"])
        let spec = try #require(specs.first)
        #expect(spec.options.follow && spec.options.timestamps && spec.options.tailLines == LogView.tailLines)
        #expect(spec.options.container == "app")
        let closed = Fixtures.press(&state, "esc")
        #expect(closed.contains(.logStreams([])))
        #expect(state.logView == nil)
        #expect(state.detailPage == .overview)
    }

    @Test func aStreamThatEndsIsOpenedAgainFromItsLastLineAndAnErrorStaysInItsPane() throws {
        var state = Self.withLines()
        let canary = try #require(state.logStreams.first { $0.side == .new })
        let effects = Reducer.reduce(&state, .logStreamEnded(canary, error: nil))
        guard case let .logStreams(specs)? = effects.first else { Issue.record("\(effects)"); return }
        let reopened = try #require(specs.first { $0.side == .new })
        #expect(reopened.generation == 1)
        #expect(reopened.since == Self.t0.addingTimeInterval(6))
        #expect(reopened.options.sinceTime != nil && reopened.options.tailLines == nil)
        // The same lines again (the reopened stream starts at the last second seen) are not kept twice.
        _ = Reducer.reduce(&state, .logLines(reopened, [Self.stamp(6, "level=error msg=\"request failed\" method=GET path=/api/checkout status=502 duration=2100ms"),
                                                        Self.stamp(7, "after the restart")]))
        #expect(state.logView?.shown(.new).map(\.text).last == "after the restart")
        #expect(state.logView?.shown(.new).count == 4)
        let stable = try #require(state.logStreams.first { $0.side == .old })
        _ = Reducer.reduce(&state, .logStreamEnded(stable, error: "pods \"x\" is forbidden: User \"viewer\" cannot get resource \"pods/log\""))
        #expect(state.logView?.notes[stable.key]?.contains("pods/log") == true)
    }

    @Test func pauseKeepsReadingButHoldsTheScreen() throws {
        var state = Self.withLines()
        Fixtures.press(&state, "space")
        let canary = try #require(state.logStreams.first { $0.side == .new })
        _ = Reducer.reduce(&state, .logLines(canary, [Self.stamp(8, "while paused 1"), Self.stamp(9, "while paused 2")]))
        #expect(state.logView?.newSincePause == 2)
        #expect(state.logView?.shown(.new).count == 3)
        #expect(state.logView?.new.lines.count == 5, "the stream is still read into the buffer")
        try ScreenSnapshotTests.check(state, "logs-paused", ascii: false)
        Fixtures.press(&state, "space")
        #expect(state.logView?.shown(.new).count == 5)
    }

    @Test func searchHighlightsAndNAndShiftNMoveBetweenMatches() throws {
        var state = Self.withLines()
        Fixtures.press(&state, "/")
        for c in "status=5" { Fixtures.press(&state, String(c)) }
        Fixtures.press(&state, "enter")
        #expect(state.logView?.search == "status=5")
        #expect(state.logView?.end == nil, "the newest match is the newest line")
        Fixtures.press(&state, "N")
        #expect(state.logView.flatMap(\.end).map { $0.time.timeIntervalSince(Self.t0) } == 4)
        try ScreenSnapshotTests.check(state, "logs-search", ascii: false)
        Fixtures.press(&state, "n")
        #expect(state.logView?.end == nil)
        Fixtures.press(&state, "v")
        let render = ConsoleView.render(ScreenSnapshotTests.sized(state, 120, 40), glyphs: .unicode)
        let row = try #require((0..<40).first { render.line($0).contains("status=502") })
        #expect(render.runs(row: row).contains { $0.role == .highlight && $0.text == "status=5" })
    }

    @Test func sideBySideMergedAndWrappedOnGrids() throws {
        var state = Self.withLines()
        try ScreenSnapshotTests.check(state, "logs-side-by-side")
        Fixtures.press(&state, "v")
        #expect(state.logView?.layout == .merged)
        try ScreenSnapshotTests.check(state, "logs-merged", ascii: false)
        Fixtures.press(&state, "w")
        #expect(state.logView?.wrap == true)
        try ScreenSnapshotTests.check(state, "logs-merged-wrapped", ascii: false)
    }

    @Test func wrapLayoutCutsOrWrapsWithinTheWidth() {
        let lines: [(prefix: String, role: Role, text: String)] = [("[a] ", .info, "0123456789abcdef"), ("[b] ", .paused, "xy")]
        let cut = LogLayout.rows(lines, width: 10, height: 5, wrap: false)
        #expect(cut.map(\.text) == ["0123456789abcdef", "xy"], "cut by the grid at the pane's edge")
        let wrapped = LogLayout.rows(lines, width: 10, height: 5, wrap: true)
        #expect(wrapped.map(\.text) == ["012345", "  6789abcd", "  ef", "xy"])
        #expect(wrapped.map(\.prefix) == ["[a] ", nil, nil, "[b] "])
        #expect(LogLayout.rows(lines, width: 10, height: 2, wrap: true).map(\.text) == ["  ef", "xy"], "the newest rows at the bottom")
        #expect(LogLayout.split("日本語テキスト", first: 5, rest: 4) == ["日本", "語テ", "キス", "ト"], "a wide character is never split")
    }

    @Test func previousOnlyForAPodThatRestartedAndContainerChoice() throws {
        var (state, _) = Self.opened(sides: LogSides(newRole: "canary", oldRole: "stable",
                                                     new: [Self.pod("checkout-n-1", restarts: 1, containers: ["app", "proxy"])],
                                                     old: [Self.pod("checkout-o-1", containers: ["app", "proxy"])]))
        Fixtures.press(&state, "p")
        #expect(state.logView?.previous == true)
        #expect(state.logStreams.map(\.pod) == ["checkout-n-1"], "only the pod that restarted has a previous instance")
        #expect(state.logStreams.first?.options.previous == true && state.logStreams.first?.options.follow == false)
        Fixtures.press(&state, "p", "c")
        #expect(Set(state.logStreams.map(\.container)) == ["proxy"])
        Fixtures.press(&state, "c")
        #expect(Set(state.logStreams.map(\.container)) == ["app"])
    }

    @Test func stampedLinesAreSplitFromTheirTime() {
        let (time, text) = LogLine.split(stamped: "2026-12-06T11:20:43.5Z level=info a b")
        #expect(text == "level=info a b")
        #expect(time == Date(timeIntervalSince1970: 1_796_556_043.5))
        #expect(LogLine.split(stamped: "no stamp here").text == "no stamp here")
    }
}
