import ArgumentParser
import Benchmarks
import DemoCluster
import Foundation
import JSONValue

/// `rollscope bench cli`: this binary's `list rollouts -A` and `get rollout NAME -w` beside
/// kubectl's on the demo's scale scenario (`CLIBenchmark` runs and times both sides).
struct CLIBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cli",
        abstract: "The command line beside kubectl at scale: list rollouts -A (wall time, median of runs) and get rollout -w (change to output, bytes).")

    @OptionGroup var scale: ScaleOptions
    @Option(help: "Runs of each list command (the median is printed).")
    var runs: Int = 5
    @Option(help: "Status changes written to the watched rollout, 5 a second.")
    var changes: Int = 40
    @Option(help: "The kubectl to compare with (default: the one on PATH; \"none\" to skip).")
    var kubectl: String?
    @Option(help: "The rollscope binary whose commands are timed (default: this one; another build, to compare before and after).")
    var rollscope: String?

    func validate() throws {
        guard runs > 0, changes > 0 else { throw ValidationError("--runs and --changes must be above 0") }
    }

    func run() throws {
        print("rollscope bench cli: \(scale.counts.namespaces) namespaces, \(scale.rollouts) rollouts, \(scale.pods) pods "
              + "(\(ProcessInfo.processInfo.activeProcessorCount) cores)")
        let demo = try RunningDemo.start(DemoOptions(scenario: scale.scenario, seed: 1, speed: 20))
        defer { demo.stop() }
        let store = demo.server.store
        let seeded = Date()
        guard ScaleOptions.waitUntilQuiet(store, pods: scale.pods, timeout: 900) else {
            throw ValidationError("the scale scenario did not settle within 15 minutes")
        }
        print(String(format: "scenario settled in %.1f s (%d objects written)", Date().timeIntervalSince(seeded), store.resourceVersion))
        let kubectlPath = kubectl == "none" ? nil : kubectl ?? ConsoleBench.onPath("kubectl")
        if kubectlPath == nil { print("kubectl: not found, no comparison") }
        let namespace = "scale-000", name = "svc-0000"
        let benchmark = CLIBenchmark(
            rollscope: rollscope ?? ConsoleBench.ownExecutable, kubectl: kubectlPath, kubeconfig: demo.kubeconfigPath,
            namespace: namespace, name: name, runs: runs, changes: changes) { index in
                // The status message alone, which both sides show (the simulated controller then
                // writes its own back: a second change each side shows, counted in the bytes).
                _ = try store.patch(.rollouts, namespace: namespace, name: name, type: .merge,
                                    patch: ["status": ["message": .string("bench change \(index)")]], subresource: "status")
            }
        print(try benchmark.run())
    }
}
