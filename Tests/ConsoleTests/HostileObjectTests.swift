import APIServer
import Foundation
import KubeModel
import Delivery
import Testing
@testable import Console
import TerminalUI

/// The console's rows, details and countdowns on the issue's crashers
/// (`Tests/FuzzSeeds/objects/hostile-numbers.yaml`): nothing traps, nothing is sized by a value
/// from an object.
@Suite struct HostileObjectTests {
    static func objects() throws -> ObjectSet {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("FuzzSeeds/objects/hostile-numbers.yaml")
        return try ManifestReader.read(try Data(contentsOf: url), file: "hostile-numbers.yaml")
    }

    @Test func rowsAndDetailsOfTheCrashersBuild() throws {
        let set = try Self.objects()
        for rollout in set.rollouts {
            let row = RolloutRowBuilder.row(rollout, objects: set, now: Fixtures.now)
            #expect(row.ref.name == rollout.metadata.name)
            let detail = DetailBuilder.detail(rollout, objects: set, now: Fixtures.now)
            #expect(!detail.text.isEmpty)
        }
        let big = try #require(set.rollout(named: "bigreplicas", namespace: nil))
        #expect(RolloutRowBuilder.row(big, objects: set, now: Fixtures.now).actualWeight == Int(Int32.max))
    }

    /// A negative `currentStepIndex` (found by the `extremes` fuzz target: the promote label
    /// indexed the steps with it) reads as the first step in the row, its label and the detail.
    @Test(arguments: [Int32.min, -1])
    func aNegativeStepIndexReadsAsTheFirstStep(index: Int32) throws {
        let set = try Self.objects()
        var rollout = try #require(set.rollouts.first { $0.isCanary && $0.steps.count > 1 })
        rollout.status.currentStepIndex = index
        rollout.status.abort = nil
        rollout.spec.paused = nil
        let row = RolloutRowBuilder.row(rollout, objects: set, now: Fixtures.now)
        #expect(row.progress == .step(completed: 0, total: rollout.steps.count))
        #expect(RolloutRowBuilder.label(.promote, rollout).hasPrefix("promote to step 1/\(rollout.steps.count) ("))
        #expect(!DetailBuilder.detail(rollout, objects: set, now: Fixtures.now).text.isEmpty)
    }

    /// A pause of `inf` has no deadline; one of `1e300` seconds has one, and its countdown draws.
    @Test func pauseDurationsThatAreNotFiniteHaveNoDeadline() throws {
        let set = try Self.objects()
        let infinite = try #require(set.rollout(named: "infpause", namespace: nil))
        #expect(DetailBuilder.pauseDeadline(infinite) == nil)
        let huge = try #require(set.rollout(named: "bigweight", namespace: nil))
        let deadline = try #require(DetailBuilder.pauseDeadline(huge))
        #expect(TimeText.countdown(deadline.timeIntervalSince(Fixtures.now)).hasSuffix("s"))
        for seconds in [1e300, .infinity, -.infinity, .nan, Double(Int.max)] { _ = TimeText.countdown(seconds) }
        _ = TimeText.clock(Date(timeIntervalSince1970: 1e300), now: Fixtures.now)
        #expect(GoDuration.seconds("inf") == nil && GoDuration.seconds("NaN") == nil && GoDuration.seconds("1e309") == nil)
    }

    /// `maxWeight: 2147483647, stepWeight: 1` lists the first steps and counts the rest.
    @Test func flaggerWeightStepsAreCapped() throws {
        let set = try Self.objects()
        let canary = try #require(set.canary(named: "manysteps", namespace: nil))
        let start = Date()
        let detail = DetailBuilder.detail(canary, objects: set, now: Fixtures.now)
        #expect(Date().timeIntervalSince(start) < 5)
        #expect(detail.steps.count == DetailBuilder.listedWeightSteps + 1)
        #expect(detail.steps.first == StepLine("weight 1%", .done))
        #expect(detail.steps.last?.text == "… 2,147,483,647 steps")
        #expect(DetailBuilder.grouped(1000) == "1,000" && DetailBuilder.grouped(999) == "999" && DetailBuilder.grouped(-1234567) == "-1,234,567")
    }

    /// Weight 0 means "not started" only while the canary runs: once promoted Flagger puts the
    /// traffic back on the primary, and the steps are all behind it (the first was shown current).
    @Test(arguments: [
        ("Progressing", 20, [StepLine.State.done, .done, .current, .pending, .pending, .pending]),
        ("Waiting", 0, [.current, .pending, .pending, .pending, .pending, .pending]),
        ("WaitingPromotion", 50, [.done, .done, .done, .done, .done, .current]),
        ("Promoting", 0, [.done, .done, .done, .done, .done, .done]),
        ("Finalising", 0, [.done, .done, .done, .done, .done, .done]),
        ("Succeeded", 0, [.done, .done, .done, .done, .done, .done]),
        ("Failed", 0, [.pending, .pending, .pending, .pending, .pending, .pending]),
    ])
    func flaggerWeightStepsFollowThePhase(phase: String, weight: Int, states: [StepLine.State]) {
        let weights = [10, 20, 30, 40, 50]
        let state = DetailBuilder.weightStepState(phase: phase, weight: weight, weights: weights)
        // The last index is the unlisted rest of a capped list.
        #expect((0...weights.count).map(state) == states)
    }
}

/// With credentials the server refuses, the header says so and what to check (not "connecting…").
@Suite struct UnauthorizedHeaderTests {
    @Test func theHeaderSaysUnauthorized() {
        var state = ConsoleState(identity: Fixtures.identity, scope: .all, watchAllNamespaces: true, now: Fixtures.now)
        _ = Reducer.reduce(&state, .resize(width: 200, height: 20))
        _ = Reducer.reduce(&state, .connection(.unauthorized(message: "You must be logged in to the server (Unauthorized): Unauthorized")))
        let header = HeaderView.connectionText(state)
        #expect(header.hasPrefix("unauthorized: check the token, certificate or exec plugin of user admin in the kubeconfig"))
    }
}

/// A token the server refuses: the live source reports the connection as unauthorized (it stayed
/// on "connecting…" before).
@Suite(.serialized) struct UnauthorizedSourceTests {
    @Test func aRefusedTokenIsReportedAsUnauthorized() async throws {
        let server = try EmbeddedAPIServer()
        try server.start()
        defer { server.stop() }
        let dir = NSTemporaryDirectory() + "rollscope-unauthorized-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let kubeconfig = dir + "/config"
        try server.writeKubeconfig(to: kubeconfig)
        let text = try String(contentsOfFile: kubeconfig, encoding: .utf8)
        let wrong = text.replacingOccurrences(of: #"(- name: admin-token\n  user:\n    token: )\S+"#, with: "$1wrong-token", options: .regularExpression)
        #expect(wrong != text)
        try wrong.write(toFile: kubeconfig, atomically: true, encoding: .utf8)
        let (source, _) = try LiveSource.open(options: ConsoleOptions(kubeconfig: [kubeconfig]), environment: ["HOME": dir])
        defer { source.stop() }
        source.start(wake: {})
        var state = ConsoleState(identity: source.identity, scope: .all, watchAllNamespaces: true, now: Date())
        for case let .watch(specs) in Console.Reducer.start(&state) { source.setWatches(specs) }
        var seen: [ConsoleEvent] = []
        for _ in 0..<200 {
            seen += source.drain()
            if seen.contains(where: { if case .connection(.unauthorized) = $0 { true } else { false } }) { break }
            try? await Task.sleep(nanoseconds: 50_000_000)
        }
        #expect(seen.contains { if case .connection(.unauthorized) = $0 { true } else { false } }, "\(seen)")
    }
}

/// One rule for both: every character the CLI shows as an escape, the console's grid never draws.
@Suite struct OneSanitiserTests {
    @Test func theGridDropsWhatTheCLIEscapes() {
        for value: UInt32 in [0x1B, 0x07, 0x0A, 0x7F, 0x85, 0x9B, 0xAD, 0x61C, 0x200B, 0x200E, 0x202E, 0x2066, 0x2028, 0x2029, 0xFEFF, 0xE0001] {
            let scalar = Unicode.Scalar(value)!
            #expect(TerminalSafe.isUnsafe(scalar), "U+\(String(value, radix: 16))")
            #expect(DisplayWidth.of(scalar) == 0, "U+\(String(value, radix: 16))")
        }
        var grid = Grid(width: 10, height: 1)
        grid.put("a\u{2028}b\u{AD}c\u{202E}d", at: 0, 0)
        #expect(grid.line(0).hasPrefix("abcd "))
    }
}

/// A huge field is wrapped in time linear in its length (found by the `extremes` fuzz target:
/// a 100,000-character message made every detail frame take seconds).
@Suite struct LongFieldWrapTests {
    @Test func aHundredThousandCharacterWordWrapsQuickly() {
        let word = String(repeating: "x", count: 100_000) + "日本"
        let start = Date()
        let lines = TextWrap.wrap("Message: " + word, width: 80)
        #expect(Date().timeIntervalSince(start) < 2)
        #expect(lines.count == 1 + 100_004 / 80 + 1)
        #expect(lines.dropFirst().dropLast().allSatisfy { $0.count == 80 })
        #expect(lines.joined() == "Message:" + word)
    }
}
