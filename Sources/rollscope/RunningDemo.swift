import APIServer
import ArgumentParser
import DemoCluster
import Foundation
import KubeModel

/// The scenario flags of `rollscope --demo` and `rollscope demo --serve`.
struct DemoScenarioOptions: ParsableArguments {
    @Option(help: "The demo scenario: default (every state at once, releases arriving) or scale (for benchmarks).")
    var scenario: String = "default"

    @Option(help: "Seed for the simulation's random choices (the same seed plays the same demo).")
    var seed: UInt64?

    @Option(help: "Run the simulation's own delays this many times faster (pod start-up, analysis, releases).")
    var speed: Double = 1

    @Option(help: "Scale scenario: namespaces.")
    var namespaces: Int = 200

    @Option(name: .customLong("rollouts-per-namespace"), help: "Scale scenario: rollouts in each namespace.")
    var rolloutsPerNamespace: Int = 10

    @Option(name: .customLong("pods-per-rollout"), help: "Scale scenario: pods of each rollout.")
    var podsPerRollout: Int = 10

    @Option(help: "Which tools' CRDs the cluster serves: both, argo (Argo Rollouts only), flagger (Flagger only) or none.")
    var crds: String = "both"

    @Option(name: .customLong("head-start"), help: "Seconds of the default scenario played at once before it is served, so it opens with every state reached (0: from the first release).")
    var headStart: Double = DemoScenarioOptions.defaultHeadStart

    @Option(help: "How many clusters (1-\(DemoFleet.maxClusters)), each its own API server, CA and users, one kubeconfig context each: with 3, staging, prod-eu and prod-us, one release moving through them (other counts: staging, prod-1, prod-2...); the scale scenario in each.")
    var clusters: Int = 1

    func validate() throws {
        guard ["default", "scale"].contains(scenario) else { throw ValidationError("--scenario must be default or scale, not \(scenario)") }
        guard Self.crdChoices[crds] != nil else { throw ValidationError("--crds must be both, argo, flagger or none, not \(crds)") }
        guard headStart >= 0 else { throw ValidationError("--head-start must be 0 or more") }
        guard speed > 0 else { throw ValidationError("--speed must be above 0") }
        guard (1...DemoFleet.maxClusters).contains(clusters) else {
            throw ValidationError("--clusters must be between 1 and \(DemoFleet.maxClusters), not \(clusters)")
        }
        guard namespaces > 0, rolloutsPerNamespace > 0, podsPerRollout >= 0 else {
            throw ValidationError("--namespaces and --rollouts-per-namespace must be at least 1, --pods-per-rollout at least 0")
        }
    }

    var demoOptions: DemoOptions {
        let kind: DemoOptions.Scenario = scenario == "scale"
            ? .scale(namespaces: namespaces, rolloutsPerNamespace: rolloutsPerNamespace, podsPerRollout: podsPerRollout)
            : .default
        return DemoOptions(scenario: kind, seed: seed, speed: speed, crdGroups: Self.crdChoices[crds] ?? [],
                           headStartSeconds: scenario == "default" ? headStart : 0)
    }

    /// Long enough for every Rollout and Canary of the default scenario to reach the state it
    /// shows (paused, degraded, waiting for approval, progressing) at speed 1.
    static let defaultHeadStart: Double = 120

    /// The API groups each `--crds` value installs.
    static let crdChoices: [String: Set<String>] = [
        "both": Set(ServedGroups.custom), "argo": [ResourceType.rollouts.group], "flagger": [ResourceType.canaries.group], "none": [],
    ]
}

/// The demo fleet running in this process (one cluster unless `--clusters` says more), and one
/// kubeconfig for it.
final class RunningDemo: Sendable {
    let fleet: DemoFleet
    let kubeconfigPath: String
    private let ownsKubeconfig: Bool

    private init(fleet: DemoFleet, kubeconfigPath: String, ownsKubeconfig: Bool) {
        self.fleet = fleet
        self.kubeconfigPath = kubeconfigPath
        self.ownsKubeconfig = ownsKubeconfig
    }

    /// The first cluster's server (the only one unless `--clusters` says more).
    var server: EmbeddedAPIServer { fleet.members[0].server }

    /// Starts the fleet (`DemoFleet.start`: each cluster's head start played before it serves),
    /// its servers on 127.0.0.1 from `port` on (HTTPS unless `insecureHTTP`), and writes the
    /// kubeconfig to `kubeconfigPath`, or to a private temporary file, once they listen.
    static func start(_ options: DemoOptions, clusters: Int = 1, port: Int = 0, insecureHTTP: Bool = false,
                      kubeconfigPath: String? = nil) throws -> RunningDemo {
        let fleet = try DemoFleet.start(options, clusters: clusters, port: port, tls: !insecureHTTP)
        let path = kubeconfigPath
            ?? (NSTemporaryDirectory() as NSString).appendingPathComponent("rollscope-demo-\(getpid())-\(fleet.members[0].server.port).kubeconfig")
        do {
            try fleet.writeKubeconfig(to: path)
        } catch {
            fleet.stop()
            throw error
        }
        return RunningDemo(fleet: fleet, kubeconfigPath: path, ownsKubeconfig: kubeconfigPath == nil)
    }

    func stop() {
        fleet.stop()
        if ownsKubeconfig { try? FileManager.default.removeItem(atPath: kubeconfigPath) }
    }
}
