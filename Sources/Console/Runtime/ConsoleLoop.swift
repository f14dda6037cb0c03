import Foundation
import TerminalUI

/// The main loop, the only code that touches the terminal: it sleeps in `poll()` until a key,
/// a signal, a data wakeup or the timer (`ConsoleState.timerDeadline`); feeds what arrived to
/// the reducer; runs the effects; and draws only when something changed, at most `frameRate`
/// frames a second of keys and data (bursts of watch events coalesce into one frame). A frame
/// that only the clock asked for (an age or a countdown moving on) is drawn at once and does
/// not count against that rate, so it never holds back the next event's frame. Every frame costs
/// what its changed lines cost (`FrameCache`), not a whole screen.
/// Nothing on screen changing with time and nothing arriving means no wakeups at all.
public final class ConsoleLoop {
    public private(set) var state: ConsoleState
    private let terminal: any ConsoleTerminal
    private let source: any ConsoleSource
    private let runner: EffectRunner
    private let frameInterval: TimeInterval
    private let clock: () -> Date
    /// The last frame, so that a frame draws only what moved.
    private var frames = FrameCache()

    public init(state: ConsoleState, terminal: any ConsoleTerminal, source: any ConsoleSource, runner: EffectRunner,
                frameRate: Int, clock: @escaping () -> Date = Date.init) {
        self.state = state
        self.terminal = terminal
        self.source = source
        self.runner = runner
        frameInterval = 1 / Double(max(1, frameRate))
        self.clock = clock
    }

    /// Runs until quit or a termination signal; returns the exit status.
    public func run() -> Int32 {
        source.start(wake: terminal.wake)
        defer { source.stop() }
        state.now = clock()
        var pending: [ConsoleEvent] = [.resize(width: terminal.size.width, height: terminal.size.height)]
        var effects = Reducer.start(&state)
        var dirty = true
        // Whether keys or data (not the clock alone) changed the state since the last frame.
        var changed = true
        var lastFrame = Date.distantPast
        var interruptedOnce = false
        while true {
            for event in pending { effects += Reducer.reduce(&state, event) }
            dirty = dirty || !pending.isEmpty
            let data = pending.contains { if case .tick = $0 { false } else { true } }
            if data { EventStamps.mark(.reduced) }
            changed = changed || data
            let outcome = runner.run(effects)
            effects = []
            if outcome.quit { return 0 }
            if outcome.bell { terminal.bell() }
            pending = outcome.events
            guard pending.isEmpty else { continue }

            let now = clock()
            if dirty, !changed || now.timeIntervalSince(lastFrame) >= frameInterval {
                let grid = frames.render(state, glyphs: terminal.glyphs, clockOnly: !changed)
                // A frame only the clock asked for carries no event's stamps (and writes no trace line).
                if changed { EventStamps.mark(.rendered) }
                terminal.draw(grid)
                if changed { lastFrame = now }
                dirty = false
                changed = false
            }
            // Read once a wake-up: nothing changes the state between here and the tick it asks for.
            let deadline = state.timerDeadline
            let input = terminal.poll(timeoutMilliseconds: timeout(now: now, dirty: dirty, lastFrame: lastFrame, deadline: deadline))
            let woke = EventStamps.now
            if let signal = input.terminationSignal {
                // Ctrl-C asks first, as `q` does, while a Flagger gate rollscope opened is still
                // open; a second Ctrl-C, or any other signal, ends at once.
                guard signal == SIGINT, !interruptedOnce, !state.openFollowUps.isEmpty, !state.readOnly else { return 0 }
                interruptedOnce = true
                effects = Reducer.quit(&state)
                dirty = true
                changed = true
                continue
            }
            let drained = source.drain()
            if !drained.isEmpty {
                EventStamps.mark(.woke, at: woke)
                EventStamps.mark(.drained)
            }
            pending = events(from: input) + runner.observe(drained)
            let after = clock()
            if let deadline, deadline <= after {
                pending.append(.tick(after))
            } else if !pending.isEmpty {
                pending.insert(.tick(after), at: 0)
            }
        }
    }

    /// How long to sleep: until the next frame may be drawn (when one is owed) or the
    /// countdown's next second, whichever is first; forever when neither.
    private func timeout(now: Date, dirty: Bool, lastFrame: Date, deadline: Date?) -> Int32? {
        var wake: [Date] = []
        if dirty { wake.append(lastFrame.addingTimeInterval(frameInterval)) }
        if let deadline { wake.append(deadline) }
        guard let first = wake.min() else { return nil }
        return Int32(max(0, min(Double(Int32.max), (first.timeIntervalSince(now) * 1000).rounded(.up))))
    }

    private func events(from input: TerminalInput) -> [ConsoleEvent] {
        input.events.compactMap { event -> ConsoleEvent? in
            if case let .paste(text) = event { return .paste(text) }
            if case .resize = event { return .resize(width: terminal.size.width, height: terminal.size.height) }
            if case .key = event { return .key(event) }
            return nil
        }
    }
}
