import Testing
@testable import Delivery

/// In-place repaint, `--until-done` and the wide list.
@Suite struct WatchTextTests {
    @Test func repaintOverwritesThePreviousFrame() {
        var r = InPlaceRepaint()
        #expect(r.frame("a\nb\n") == "a\u{1B}[K\nb\u{1B}[K\n\u{1B}[J")
        #expect(r.frame("c\n") == "\u{1B}[2A\rc\u{1B}[K\n\u{1B}[J")
        #expect(!r.frame("d\n").contains("\u{1B}[2J"), "never clears the screen")
    }

    @Test func untilDone() {
        #expect(UntilDone.exitCode(RolloutStatus("Healthy")) == 0)
        #expect(UntilDone.exitCode(RolloutStatus("Degraded", "x")) == 1)
        #expect(UntilDone.exitCode(RolloutStatus("Paused", "CanaryPauseStep")) == nil)
    }

    @Test func wideListAddsActualWeightAgeAndMessage() throws {
        let set = try Fixtures.scenario("canary")
        let infos = set.rollouts.prefix(2).map { RolloutInfo($0, objects: set) }
        let text = ListText.rolloutsWide(Array(infos), allNamespaces: false, now: Fixtures.now)
        let lines = text.split(separator: "\n")
        #expect(lines[0].hasPrefix("NAME                     STRATEGY  STATUS    STEP  SET-WEIGHT  ACTUAL-WEIGHT  READY  DESIRED  UP-TO-DATE  AVAILABLE  AGE  MESSAGE"))
        #expect(lines[1].hasPrefix("canary-demo              Canary    Degraded  0/8   20          0              5/6    5        1           5          7d   ProgressDeadlineExceeded: "))
    }
}
