import Console
import Foundation
import TerminalUI

/// Figures for the console's own hot paths, printed first by `rollscope bench console`: the first load of a
/// large list into the state, one watch delta through the reducer and into a rendered frame
/// (the console's share of event-to-screen latency, curses excluded), a full-screen render, and
/// an idle frame that only the clock asks for (every age on screen moving on a second).
/// Inputs are generated rows spread over namespaces like the demo's scale scenario.
public enum ConsoleBenchmarks {
    public static func run(rows count: Int = 2_000, namespaces: Int = 200) -> String {
        let now = Date(timeIntervalSince1970: 1_800_000_000)
        let rows = generatedRows(count, namespaces: namespaces, now: now) { Double($0) * 60 }
        var state = loadedState(now: now)
        var lines = ["Console benchmarks (\(count) rows in \(namespaces) namespaces, 120x40)"]

        let load = timed { _ = Reducer.reduce(&state, .rows(upserted: rows, removed: [])) }
        lines.append(String(format: "first load of every row into the state: %.1f ms", load * 1000))
        let firstFrame = timed { _ = ConsoleView.render(state, glyphs: .unicode) }
        lines.append(String(format: "first full frame (render to grid): %.1f ms", firstFrame * 1000))

        var latencies: [Double] = []
        for i in 0..<300 {
            var row = rows[(i * 7) % count]
            row.progress = .step(completed: (i % 8) + 1, total: 8)
            latencies.append(timed {
                _ = Reducer.reduce(&state, .rows(upserted: [row], removed: []))
                _ = ConsoleView.render(state, glyphs: .unicode)
            })
        }
        latencies.sort()
        lines.append(String(format: "one delta through the reducer and a full render: median %.2f ms, p99 %.2f ms",
                            latencies[latencies.count / 2] * 1000, latencies[latencies.count * 99 / 100] * 1000))
        lines.append(ageFrames(rows: count, namespaces: namespaces, now: now))
        lines.append(dataFrames(rows: count, namespaces: namespaces, now: now))
        return lines.joined(separator: "\n")
    }

    /// An idle second with ages on screen, in CPU time: every row minutes old (so each visible
    /// age moves on every second), the clock's tick through the reducer, the wake-up deadline the loop asks
    /// for, the frame rendered and diffed against the last (the cells curses would be sent):
    /// rendered in full (`ConsoleView.render`, what every frame cost before) and through the
    /// main loop's `FrameCache` (only what the clock moved). Prints the median per frame, its
    /// phases, and the cells that changed.
    static func ageFrames(rows count: Int, namespaces: Int, now: Date, frames: Int = 120) -> String {
        let rows = generatedRows(count, namespaces: namespaces, now: now) { Double(($0 * 37) % 540) }
        var state = loadedState(now: now)
        _ = Reducer.reduce(&state, .rows(upserted: rows, removed: []))
        var cache = FrameCache()
        let full = ageFrames(state, now: now, frames: frames) { ConsoleView.render($0, glyphs: .unicode) }
        let cached = ageFrames(state, now: now, frames: frames) { cache.render($0, glyphs: .unicode, clockOnly: true) }
        return "one age-only frame (tick, deadline, render, diff; CPU time), rendered in full: \(full)\n"
            + "one age-only frame through the frame cache (only what the clock moved): \(cached), "
            + "\(cache.lastWork.listLines) list lines drawn"
    }

    private static func ageFrames(_ start: ConsoleState, now: Date, frames: Int, render: (ConsoleState) -> Grid) -> String {
        var state = start
        var previous = ConsoleView.render(state, glyphs: .unicode)
        _ = render(state)
        var phases: [[Double]] = Array(repeating: [], count: 4)
        var changed: [Int] = []
        for frame in 1...frames {
            let tick = now.addingTimeInterval(Double(frame))
            var grid = previous
            let times = [
                cpuTimed { _ = Reducer.reduce(&state, .tick(tick)) },
                cpuTimed { _ = state.timerDeadline },
                cpuTimed { grid = render(state) },
                cpuTimed { changed.append(changedCells(grid, since: previous)) },
            ]
            for (index, time) in times.enumerated() { phases[index].append(time) }
            previous = grid
        }
        func median(_ values: [Double]) -> Double { values.sorted()[values.count / 2] * 1e6 }
        let totals = (0..<frames).map { frame in phases.reduce(0) { $0 + $1[frame] } }
        return String(format: "median %.0f µs (reduce %.0f, deadline %.0f, render %.0f, diff %.0f), %d cells changed", median(totals),
                      median(phases[0]), median(phases[1]), median(phases[2]), median(phases[3]), changed.sorted()[changed.count / 2])
    }

    /// One watch event's frame, by stage, in CPU time: the event through the reducer, the frame
    /// rendered (in full by `ConsoleView.render`, and through the main loop's `FrameCache`, from
    /// the last frame) and diffed against the last (the cells curses would be sent). Three events
    /// in turn, each a data frame of its own: a row added at the top of the list (every line
    /// below moves down one), a row on screen changing status, and the added row removed.
    /// Prints the median of each stage per event.
    static func dataFrames(rows count: Int, namespaces: Int, now: Date, rounds: Int = 60) -> String {
        let rows = generatedRows(count, namespaces: namespaces, now: now) { Double($0) * 86_400 }
        var state = loadedState(now: now)
        _ = Reducer.reduce(&state, .rows(upserted: rows, removed: []))
        let top = DeliveryRow(ref: ObjectRef(kind: .rollout, namespace: "ns-0", name: "aaa-new"), strategy: "Canary",
                              status: .progressing, progress: .step(completed: 1, total: 8), setWeight: 10, actualWeight: 10,
                              ready: 1, replicas: 3, created: now)
        let events: [(name: String, event: (Int) -> ConsoleEvent)] = [
            ("a row added at the top", { _ in .rows(upserted: [top], removed: []) }),
            ("a row on screen changing status", { round in
                var row = rows[0]
                row.status = round % 2 == 0 ? .degraded : .healthy
                return .rows(upserted: [row], removed: [])
            }),
            ("the top row removed", { _ in .rows(upserted: [], removed: [top.ref]) }),
        ]
        func measure(_ render: (ConsoleState) -> Grid) -> [[[Double]]] {
            var state = state
            var previous = render(state)
            var phases = Array(repeating: Array(repeating: [Double](), count: 3), count: events.count)
            for round in 0..<rounds {
                for (index, event) in events.enumerated() {
                    var grid = previous
                    let event = event.event(round)
                    phases[index][0].append(cpuTimed { _ = Reducer.reduce(&state, event) })
                    phases[index][1].append(cpuTimed { grid = render(state) })
                    phases[index][2].append(cpuTimed { _ = changedCells(grid, since: previous) })
                    previous = grid
                }
            }
            return phases
        }
        var cache = FrameCache()
        var listLines: [Int] = []
        let full = measure { ConsoleView.render($0, glyphs: .unicode) }
        let cached = measure {
            let grid = cache.render($0, glyphs: .unicode, clockOnly: false)
            listLines.append(cache.lastWork.listLines)
            return grid
        }
        func median(_ values: [Double]) -> Double { values.sorted()[values.count / 2] * 1e6 }
        var lines: [String] = []
        for (index, event) in events.enumerated() {
            func stages(_ phases: [[[Double]]]) -> String {
                let stage = phases[index].map(median)
                return String(format: "%.0f µs (reduce %.0f, render %.0f, diff %.0f)", stage.reduce(0, +), stage[0], stage[1], stage[2])
            }
            lines.append("one data frame, \(event.name) (CPU time): rendered in full \(stages(full)); through the frame cache \(stages(cached)), "
                         + "\(listLines[listLines.count - events.count + index]) list lines drawn or moved")
        }
        return lines.joined(separator: "\n")
    }

    /// The cells that differ between two frames, found as `CursesScreen.draw` finds them (the diff
    /// stage, curses' own work left out): each row compared as memory, only a row that differs walked.
    static func changedCells(_ grid: Grid, since previous: Grid) -> Int {
        (0..<grid.height).reduce(0) { count, y in
            grid.rowMatches(y, in: previous) ? count : count + (0..<grid.width).count { grid[$0, y] != previous[$0, y] }
        }
    }

    /// `count` rows over `namespaces` namespaces, a fifth of them Canaries, `age(i)` seconds old.
    private static func generatedRows(_ count: Int, namespaces: Int, now: Date, age: (Int) -> TimeInterval) -> [DeliveryRow] {
        (0..<count).map { i in
            DeliveryRow(ref: ObjectRef(kind: i % 5 == 0 ? .canary : .rollout, namespace: "ns-\(i % namespaces)", name: "app-\(i)"),
                        strategy: "Canary", status: DeliveryStatus.counted[i % 4], message: i % 4 == 2 ? "CanaryPauseStep" : "",
                        progress: .step(completed: i % 8, total: 8), setWeight: 20, actualWeight: 20, ready: 3, replicas: 3,
                        created: now.addingTimeInterval(-age(i)))
        }
    }

    /// An empty state of one cluster watching every namespace, on a 120x40 screen.
    private static func loadedState(now: Date) -> ConsoleState {
        var state = ConsoleState(identity: ClusterIdentity(context: "bench", server: "https://bench", user: "bench"),
                                 scope: .all, watchAllNamespaces: true, now: now)
        _ = Reducer.reduce(&state, .resize(width: 120, height: 40))
        return state
    }

    /// The CPU time `body` takes on this thread: unlike the wall clock, not stretched by other
    /// processes on a shared machine.
    static func cpuTimed(_ body: () -> Void) -> Double {
        func now() -> Double {
            var time = timespec()
            clock_gettime(CLOCK_THREAD_CPUTIME_ID, &time)
            return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
        }
        let start = now()
        body()
        return now() - start
    }

    private static func timed(_ body: () -> Void) -> Double {
        let start = DispatchTime.now().uptimeNanoseconds
        body()
        return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    }
}
