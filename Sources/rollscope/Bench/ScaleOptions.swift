import APIServer
import ArgumentParser
import DemoCluster
import Foundation
import Glibc
import JSONValue

/// The size of the demo's scale scenario a benchmark runs on: the three counts, or a `--preset`
/// of the two scales issue #20 measures (counts given beside a preset win).
struct ScaleOptions: ParsableArguments {
    enum Preset: String, ExpressibleByArgument, CaseIterable {
        /// 200 namespaces of 10 rollouts, 10 pods each: 2,000 rollouts, 20,000 pods.
        case twoThousand = "2k"
        /// 2,000 namespaces of 10 rollouts and no pods: 20,000 rollouts. The simulated controllers
        /// bring pods up a few per second on a loaded 2-core machine (under 1,000 in 8 minutes), so
        /// even one pod each would not settle within a run; `--pods-per-rollout` adds them.
        case twentyThousand = "20k"

        var counts: (namespaces: Int, rolloutsPerNamespace: Int, podsPerRollout: Int) {
            switch self {
            case .twoThousand: (200, 10, 10)
            case .twentyThousand: (2_000, 10, 0)
            }
        }
    }

    @Option(help: "Scale: 2k (200 namespaces x 10 rollouts x 10 pods) or 20k (2,000 namespaces x 10 rollouts, no pods); default 2k.")
    var preset: Preset?
    @Option(help: "Scale scenario: namespaces.")
    var namespaces: Int?
    @Option(name: .customLong("rollouts-per-namespace"), help: "Scale scenario: rollouts in each namespace.")
    var rolloutsPerNamespace: Int?
    @Option(name: .customLong("pods-per-rollout"), help: "Scale scenario: pods of each rollout.")
    var podsPerRollout: Int?

    /// The counts: the flags, else the preset's.
    var counts: (namespaces: Int, rolloutsPerNamespace: Int, podsPerRollout: Int) {
        let base = (preset ?? .twoThousand).counts
        return (namespaces ?? base.namespaces, rolloutsPerNamespace ?? base.rolloutsPerNamespace, podsPerRollout ?? base.podsPerRollout)
    }

    var rollouts: Int { counts.namespaces * counts.rolloutsPerNamespace }
    var pods: Int { rollouts * counts.podsPerRollout }

    var scenario: DemoOptions.Scenario {
        .scale(namespaces: counts.namespaces, rolloutsPerNamespace: counts.rolloutsPerNamespace, podsPerRollout: counts.podsPerRollout)
    }

    func validate() throws {
        guard counts.namespaces > 0, counts.rolloutsPerNamespace > 0, counts.podsPerRollout >= 0 else {
            throw ValidationError("--namespaces and --rollouts-per-namespace must be above 0, --pods-per-rollout at least 0")
        }
    }

    /// Waits until `store` has written nothing for two seconds, holds `pods` pods (when given) and
    /// every Rollout is Healthy. Quiet alone is not settled: the simulation can pause longer than
    /// two seconds between creating the pods and starting them, and a console started then times
    /// the scenario's own progress as its first complete frame (one run waited 11 s for it).
    static func waitUntilQuiet(_ store: ObjectStore, pods: Int?, timeout: Double) -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        var version = store.resourceVersion
        var quietSince = Date()
        while Date() < deadline {
            usleep(250_000)
            let now = store.resourceVersion
            if now != version { version = now; quietSince = Date(); continue }
            guard Date().timeIntervalSince(quietSince) >= 2, pods.map({ store.count(.pods) >= $0 }) ?? true else { continue }
            if everyRolloutHealthy(store) { return true }
            quietSince = Date()
        }
        return false
    }

    private static func everyRolloutHealthy(_ store: ObjectStore) -> Bool {
        let rollouts = (try? store.list(.rollouts, namespace: nil).items) ?? []
        return rollouts.allSatisfy { $0.json[path: ["status", "phase"]]?.stringValue == "Healthy" }
    }
}
