import ArgumentParser
import Benchmarks
import DemoCluster
import Foundation

/// `rollscope bench`: benchmarks that print figures (they assert nothing). The terminal
/// renderer's own benchmark is `swift run tui-sample bench`.
struct BenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench", abstract: "Benchmarks: print figures for the embedded server, the client, the console and the command line.",
        subcommands: [ServerBench.self, ClientBench.self, ConsoleBench.self, MemoryBench.self, CLIBench.self])
}

struct ServerBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "server", abstract: "Events/s to one watcher, list throughput and memory of the embedded API server, over HTTPS.")

    @Option(help: "Realistic pods to store and list.")
    var pods: Int = 20_000

    func run() async throws {
        print("rollscope bench server: \(pods) pods (\(ProcessInfo.processInfo.activeProcessorCount) cores)")
        let samples = SamplePods(seed: 1)
        try await ServerBenchmark.run(pods: pods, makePod: { samples.pod(index: $0, namespace: "bench") }, log: { print($0) })
    }
}

struct ClientBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "client", abstract: "Decode throughput, watch events into a cache, and memory per cached pod of the Kube client.")

    @Option(help: "Pods in the decoded list.")
    var pods: Int = 20_000

    @Option(help: "Watch events applied to the cache.")
    var events: Int = 50_000

    func run() {
        print(KubeBenchmarks.run(pods: pods, events: events))
    }
}

struct MemoryBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "memory", abstract: "Resident memory the console holds per rollout (store, rows, state), loaded in process.")

    @Option(help: "Canary Rollouts loaded, each with its ReplicaSet.")
    var rollouts: Int = 20_000

    @Option(help: "Namespaces they are spread over.")
    var namespaces: Int = 2_000

    func validate() throws {
        guard rollouts > 0, namespaces > 0 else { throw ValidationError("--rollouts and --namespaces must be above 0") }
    }

    func run() {
        print(ConsoleMemory.run(rollouts: rollouts, namespaces: namespaces))
    }
}
