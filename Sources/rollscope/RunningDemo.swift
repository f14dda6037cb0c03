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

    func validate() throws {
        guard ["default", "scale"].contains(scenario) else { throw ValidationError("--scenario must be default or scale, not \(scenario)") }
        guard Self.crdChoices[crds] != nil else { throw ValidationError("--crds must be both, argo, flagger or none, not \(crds)") }
        guard headStart >= 0 else { throw ValidationError("--head-start must be 0 or more") }
        guard speed > 0 else { throw ValidationError("--speed must be above 0") }
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

/// An embedded API server with the simulated controllers running on it, and a kubeconfig for it.
final class RunningDemo: Sendable {
    let server: EmbeddedAPIServer
    let cluster: DemoCluster
    let kubeconfigPath: String
    private let ownsKubeconfig: Bool

    private init(server: EmbeddedAPIServer, cluster: DemoCluster, kubeconfigPath: String, ownsKubeconfig: Bool) {
        self.server = server
        self.cluster = cluster
        self.kubeconfigPath = kubeconfigPath
        self.ownsKubeconfig = ownsKubeconfig
    }

    /// With a head start: seeds the scenario, starts the controllers and plays the head start at
    /// once, then starts the server. Without one (the scale scenario): starts the server, then the
    /// controllers on the wall clock, as they seed. Either way the server listens on 127.0.0.1
    /// (HTTPS unless `insecureHTTP`) and the kubeconfig is written to `kubeconfigPath`, or to a
    /// private temporary file, once it does.
    static func start(_ options: DemoOptions, port: Int = 0, insecureHTTP: Bool = false, kubeconfigPath: String? = nil) throws -> RunningDemo {
        let headStart = options.headStartSeconds > 0 ? HeadStartClock(headStart: options.headStartSeconds) : nil
        let clock: any DemoClock = headStart ?? LiveClock()
        let serverOptions = EmbeddedAPIServer.Options(port: port, tls: !insecureHTTP, customGroups: options.crdGroups)
        let store = ObjectStore(historyLimit: serverOptions.historyLimit, initialResourceVersion: serverOptions.initialResourceVersion,
                                clock: { clock.now })
        let server = try EmbeddedAPIServer(options: serverOptions, store: store)
        let cluster = try DemoCluster(server: server, options: options, clock: clock)
        func serve() throws -> String {
            try server.start()
            let path = kubeconfigPath ?? (NSTemporaryDirectory() as NSString).appendingPathComponent("rollscope-demo-\(getpid())-\(server.port).kubeconfig")
            try server.writeKubeconfig(to: path)
            return path
        }
        let path: String
        if let headStart {
            try cluster.start()
            headStart.playForward()
            headStart.goLive()
            path = try serve()
        } else {
            path = try serve()
            try cluster.start()
        }
        return RunningDemo(server: server, cluster: cluster, kubeconfigPath: path, ownsKubeconfig: kubeconfigPath == nil)
    }

    func stop() {
        cluster.stop()
        server.stop()
        if ownsKubeconfig { try? FileManager.default.removeItem(atPath: kubeconfigPath) }
    }
}
