import APIServer
import ArgumentParser
import DemoCluster
import Foundation

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

    func validate() throws {
        guard ["default", "scale"].contains(scenario) else { throw ValidationError("--scenario must be default or scale, not \(scenario)") }
        guard speed > 0 else { throw ValidationError("--speed must be above 0") }
        guard namespaces > 0, rolloutsPerNamespace > 0, podsPerRollout >= 0 else {
            throw ValidationError("--namespaces and --rollouts-per-namespace must be at least 1, --pods-per-rollout at least 0")
        }
    }

    var demoOptions: DemoOptions {
        let kind: DemoOptions.Scenario = scenario == "scale"
            ? .scale(namespaces: namespaces, rolloutsPerNamespace: rolloutsPerNamespace, podsPerRollout: podsPerRollout)
            : .default
        return DemoOptions(scenario: kind, seed: seed, speed: speed)
    }
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

    /// Starts the server on 127.0.0.1 (HTTPS unless `insecureHTTP`), seeds the scenario and starts the
    /// controllers; writes the kubeconfig to `kubeconfigPath`, or to a private temporary file.
    static func start(_ options: DemoOptions, port: Int = 0, insecureHTTP: Bool = false, kubeconfigPath: String? = nil) throws -> RunningDemo {
        let server = try EmbeddedAPIServer(options: .init(port: port, tls: !insecureHTTP))
        try server.start()
        let path = kubeconfigPath ?? (NSTemporaryDirectory() as NSString).appendingPathComponent("rollscope-demo-\(getpid())-\(server.port).kubeconfig")
        try server.writeKubeconfig(to: path)
        let cluster = try DemoCluster(server: server, options: options)
        try cluster.start()
        return RunningDemo(server: server, cluster: cluster, kubeconfigPath: path, ownsKubeconfig: kubeconfigPath == nil)
    }

    func stop() {
        cluster.stop()
        server.stop()
        if ownsKubeconfig { try? FileManager.default.removeItem(atPath: kubeconfigPath) }
    }
}
