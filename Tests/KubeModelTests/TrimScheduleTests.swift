import Foundation
import Testing
@testable import KubeModel

/// When `HeapTrim.soon`'s trims run: once a burst of calls has stopped, or `longest` after its
/// first call when it does not stop; never twice for one burst.
@Suite struct TrimScheduleTests {
    let zero = Date(timeIntervalSinceReferenceDate: 0)

    @Test func aLoneCallTrimsOnceAfterQuiet() {
        var schedule = TrimSchedule(quiet: 1, longest: 5)
        let call = schedule.call(at: zero)
        let first = schedule.due(call, at: zero + 1)
        let again = schedule.due(call, at: zero + 1)
        #expect(first)
        #expect(!again, "one trim for the call, not two")
    }

    @Test func aBurstTrimsOnceWhenItStops() {
        var schedule = TrimSchedule(quiet: 1, longest: 5)
        let calls = [0, 0.3, 0.6].map { schedule.call(at: zero + $0) }
        let answers = [schedule.due(calls[0], at: zero + 1), schedule.due(calls[1], at: zero + 1.3), schedule.due(calls[2], at: zero + 1.6)]
        #expect(answers == [false, false, true])
        // The next call begins a new burst.
        let next = schedule.call(at: zero + 10)
        let nextDue = schedule.due(next, at: zero + 11)
        #expect(nextDue)
    }

    @Test func aBurstThatDoesNotStopTrimsAfterLongestAndStartsAgain() {
        var schedule = TrimSchedule(quiet: 1, longest: 5)
        var trims: [Double] = []
        // A call every half second for ten seconds; each asks one second later.
        let times = stride(from: 0.0, to: 10, by: 0.5).map { $0 }
        var asked: [(number: Int, at: Double)] = []
        for t in times {
            for (number, at) in asked where at <= t { if schedule.due(number, at: zero + at) { trims.append(at) } }
            asked.removeAll { $0.at <= t }
            asked.append((schedule.call(at: zero + t), t + 1))
        }
        for (number, at) in asked where schedule.due(number, at: zero + at) { trims.append(at) }
        // The first burst (from 0) trims 5 s in; the second begins with the call at 5 and trims
        // 5 s later, which also covers the last call (at 9.5).
        #expect(trims == [5, 10])
    }
}
