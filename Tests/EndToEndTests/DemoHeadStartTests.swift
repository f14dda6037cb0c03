import Foundation
import Testing

/// `rollscope demo --serve` opens with every state already reached (its head start is played
/// before it serves): the first list shows rollouts paused to promote and degraded ones, and a
/// canary waiting at its gate, not everything Progressing.
@Suite(.serialized) struct DemoHeadStartTests {
    @Test func theFirstListAlreadyShowsEveryState() throws {
        let server = try DemoServer(seed: 7, speed: 1)
        let rollouts = try server.cli(["list", "rollouts", "-A"])
        #expect(rollouts.status == 0)
        let phases = rollouts.output.split(separator: "\n").dropFirst().map { $0.split(separator: " ", omittingEmptySubsequences: true)[3] }
        for phase in ["Paused", "Degraded", "Healthy"] { #expect(phases.contains(Substring(phase)), "\(rollouts.output)") }
        let canaries = try server.cli(["list", "canaries", "-A"])
        for phase in ["Waiting", "WaitingPromotion", "Failed"] {
            #expect(canaries.output.contains(" \(phase) "), "\(canaries.output)")
        }
    }
}
