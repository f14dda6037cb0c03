import APIServer
import ArgumentParser
import DemoCluster
import Dispatch
import Foundation
import KubeModel

/// `rollscope demo --serve`: the embedded demo cluster alone, in the foreground, for kubectl
/// or a second rollscope.
struct DemoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Run the embedded demo cluster (a Kubernetes-compatible API server with simulated controllers).")

    @Flag(help: "Serve the cluster in the foreground until Ctrl-C (required: the console itself opens with `rollscope --demo`).")
    var serve = false

    @Option(help: "Port on 127.0.0.1 (0 picks a free one); with --clusters N, the clusters listen on PORT to PORT+N-1.")
    var port: Int = 0

    @Option(name: .customLong("kubeconfig-out"), help: "Where to write the kubeconfig (with --clusters N, one for every cluster; default: a file in the temporary directory).")
    var kubeconfigOut: String?

    @Flag(name: .customLong("insecure-http"), help: "Serve plain HTTP instead of HTTPS (debugging only: clients then send no credentials, and every request is served as admin).")
    var insecureHTTP = false

    @Flag(name: .customLong("stdin-commands"), help: "Read `stop CLUSTER` and `start CLUSTER` lines from standard input: take one cluster's API server down, and bring it back on the same port with its objects (to see clients reconnect).")
    var stdinCommands = false

    @OptionGroup var scenario: DemoScenarioOptions

    func validate() throws {
        guard serve else { throw ValidationError("`rollscope demo` needs --serve (to open the console on the demo cluster, run `rollscope --demo`).") }
        guard (0...65535).contains(port) else { throw ValidationError("--port must be between 0 and 65535, not \(port).") }
        guard port == 0 || port + scenario.clusters - 1 <= 65535 else {
            throw ValidationError("--port \(port) leaves no room for \(scenario.clusters) clusters (the last port would be above 65535).")
        }
    }

    func run() throws {
        // Installed before the cluster starts: a Ctrl-C or SIGTERM while it starts (a second or
        // more with the scale scenario) stops it once started, instead of being lost.
        let stopped = DispatchSemaphore(value: 0)
        StopSignals.onStop { stopped.signal() }
        let demo: RunningDemo
        do {
            demo = try RunningDemo.start(scenario.demoOptions, clusters: scenario.clusters, port: port, insecureHTTP: insecureHTTP,
                                         kubeconfigPath: kubeconfigOut)
        } catch {
            FileHandle.standardError.write(Data("error: the demo cluster did not start on 127.0.0.1:\(port): \(error)\n".utf8))
            throw ExitCode(1)
        }
        print(Self.banner(demo.fleet, kubeconfig: demo.kubeconfigPath, stdinCommands: stdinCommands))
        fflush(nil) // all streams: Swift 6 rejects the C global `stdout` as shared mutable state
        // Not the first server's `wait()`: `stop CLUSTER` may close that one while the others serve.
        if stdinCommands { DemoStdinCommands.start(demo.fleet) }
        stopped.wait()
        demo.stop()
    }

    /// What `demo --serve` prints once serving: each cluster's address and what it plays, the
    /// kubeconfig and its contexts, a kubectl command to try. One cluster as it always was.
    static func banner(_ fleet: DemoFleet, kubeconfig: String, stdinCommands: Bool) -> String {
        let first = fleet.members[0]
        let kinds = [ResourceType.rollouts, .canaries].filter { first.server.groups.serves($0) }.map(\.plural)
        let get = kinds.isEmpty ? "api-resources" : "get \(kinds.joined(separator: ",")) -A"
        var lines: [String]
        if fleet.members.count == 1 {
            lines = ["rollscope demo cluster serving at \(first.server.url)", first.cluster.summary,
                     "kubeconfig: \(kubeconfig) (contexts: \(fleet.contexts.joined(separator: ", ")))",
                     "try: kubectl --kubeconfig \(kubeconfig) \(get)"]
        } else {
            let names = fleet.members.map(\.name)
            let stages = fleet.members.map { member -> ReleaseStage? in
                if case .fleetRelease(let stage) = member.cluster.options.scenario { stage } else { nil }
            }
            lines = ["rollscope demo fleet: \(names.count) clusters"
                     + (stages.contains(nil) ? "" : ", one release moving through \(names.joined(separator: " → "))")]
            for (member, stage) in zip(fleet.members, stages) {
                lines.append("cluster \(member.name) serving at \(member.server.url)" + (stage.map { ": \($0.summary)" } ?? ""))
                lines += member.cluster.summary.split(separator: "\n").map { "  " + $0 }
            }
            let perUser = EmbeddedAPIServer.contextNames(cluster: "NAME").dropFirst().joined(separator: ", ")
            lines.append("kubeconfig: \(kubeconfig) (contexts: \(fleet.adminContexts.joined(separator: ", ")) as admin; "
                         + "per cluster also \(perUser))")
            lines.append("try: kubectl --kubeconfig \(kubeconfig) --context \(names[1]) \(get)")
        }
        if stdinCommands { lines.append("stdin: `stop CLUSTER` takes a cluster's server down, `start CLUSTER` brings it back.") }
        lines.append("Ctrl-C stops it.")
        return lines.joined(separator: "\n")
    }
}

/// Runs a handler on SIGINT or SIGTERM (the default action would skip it). The signals are
/// taken from their default (or inherited ignored) disposition: a shell's background job starts
/// with SIGINT ignored, and a stop must still reach the handler.
enum StopSignals {
    nonisolated(unsafe) private static var sources: [DispatchSourceSignal] = []

    static func onStop(_ handler: @escaping @Sendable () -> Void) {
        for sig in [SIGINT, SIGTERM] {
            signal(sig, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: sig, queue: .global())
            source.setEventHandler(handler: handler)
            source.resume()
            sources.append(source)
        }
    }
}
