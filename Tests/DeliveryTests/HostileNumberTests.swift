import Foundation
import KubeModel
import Testing
@testable import Delivery

/// No value read from an object traps: the crashers (in `Tests/FuzzSeeds/objects/hostile-numbers.yaml`)
/// through `get`, `list -A`, `-o wide`, `-o json` and `status`.
@Suite struct HostileNumberTests {
    static func objects() throws -> ObjectSet {
        let url = Fixtures.root.deletingLastPathComponent().appendingPathComponent("FuzzSeeds/objects/hostile-numbers.yaml")
        return try ManifestReader.read(try Data(contentsOf: url), file: "hostile-numbers.yaml")
    }

    @Test func maxTrafficWeightPastInt32IsClamped() throws {
        let set = try Self.objects()
        let rollout = try #require(set.rollout(named: "bigweight", namespace: nil))
        #expect(rollout.spec.strategy?.canary?.maxWeight == Int32.max)
        let info = RolloutInfo(rollout, objects: set)
        #expect(RolloutText.rollout(info, now: Fixtures.now).contains("SetWeight:     10"))
        #expect(ListText.rollouts(set.rollouts, options: ListText.Options(allNamespaces: true)).contains("bigweight"))
        #expect(ListText.rolloutsWide([info], allNamespaces: true, now: Fixtures.now).contains("bigweight"))
        #expect(try OutputFormat.json.render(OutputDocuments.rollouts([info])).contains("\"name\" : \"bigweight\""))
        #expect(StatusOutcome.once(RolloutStatus.of(rollout)).stdout.hasPrefix("Paused"))
    }

    @Test func int32MaxAvailableReplicasGivesAClampedActualWeight() throws {
        let set = try Self.objects()
        let info = RolloutInfo(try #require(set.rollout(named: "bigreplicas", namespace: nil)), objects: set)
        #expect(info.actualWeight == Int32.max)
        #expect(RolloutText.rollout(info, now: Fixtures.now).contains("ActualWeight:  2147483647"))
        #expect(try OutputFormat.yaml.render(OutputDocuments.rollout(info)).contains("bigreplicas-abc"))
    }

    @Test func hugeAndNonFiniteDurationsAreFormatted() {
        #expect(HumanDuration.format(1e300) == "\(Int.max / 3600 / 24 / 365)y")
        #expect(HumanDuration.format(-.infinity) == "<invalid>")
        #expect(HumanDuration.format(.nan) == "0s")
        #expect(WireNumber.sum([Int32.max, 1, Int32.max]) == Int32.max)
        #expect(WireNumber.sum([Int32.min, -1]) == Int32.min)
        #expect(WireNumber.int(.infinity) == Int.max && WireNumber.int(-1e300) == Int.min && WireNumber.int(.nan) == 0)
    }

    /// AnalysisRun counts past Int32 in sum saturate instead of trapping.
    @Test func analysisRunCountsSaturate() throws {
        let runs = try ["canary", "experiment-analysis", "rollout-aborted"].flatMap { try Fixtures.scenario($0).analysisRuns }
        var run = try #require(runs.first { $0.status.metricResults?.isEmpty == false })
        let first = try #require(run.status.metricResults?.first)
        run.status.metricResults = Array(repeating: first, count: 3).map {
            var result = $0
            result.successful = Int32.max
            return result
        }
        #expect(AnalysisRunInfo(run).successful == Int32.max)
    }
}

/// Found by the `extremes` fuzz target: a 100,000-character field padded a column of the tree to
/// that width, and trimming each line's trailing spaces was quadratic (minutes for one `get`).
@Suite struct LongFieldTextTests {
    @Test func aHundredThousandCharacterNameRendersQuickly() throws {
        var set = try Fixtures.scenario("canary")
        let index = try #require(set.replicaSets.indices.first)
        set.replicaSets[index].metadata.name = String(repeating: "x", count: 100_000) + "é"
        let rollout = try #require(set.rollouts.first)
        let start = Date()
        let text = RolloutText.rollout(RolloutInfo(rollout, objects: set), now: Fixtures.now)
        #expect(Date().timeIntervalSince(start) < 5)
        #expect(text.split(separator: "\n").allSatisfy { !$0.hasSuffix(" ") })
        #expect(trimmingTrailingSpaces("a  \n  \nb é \n") == "a\n\nb é\n")
        // A line ending in 100,000 spaces (a padded column whose last cell is empty).
        let padded = "é" + String(repeating: " ", count: 100_000)
        let trimStart = Date()
        #expect(trimmingTrailingSpaces(padded + "\n" + padded) == "é\né")
        #expect(Date().timeIntervalSince(trimStart) < 2)
    }
}
