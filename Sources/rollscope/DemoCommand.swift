import APIServer
import ArgumentParser
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

    @Option(help: "Port on 127.0.0.1 (0 picks a free one).")
    var port: Int = 0

    @Option(name: .customLong("kubeconfig-out"), help: "Where to write a kubeconfig for this cluster (default: a file in the temporary directory).")
    var kubeconfigOut: String?

    @Flag(name: .customLong("insecure-http"), help: "Serve plain HTTP instead of HTTPS (debugging only: clients then send no credentials, and every request is served as admin).")
    var insecureHTTP = false

    @OptionGroup var scenario: DemoScenarioOptions

    func validate() throws {
        guard serve else { throw ValidationError("`rollscope demo` needs --serve (to open the console on the demo cluster, run `rollscope --demo`).") }
        guard (0...65535).contains(port) else { throw ValidationError("--port must be between 0 and 65535, not \(port).") }
    }

    func run() throws {
        let demo: RunningDemo
        do {
            demo = try RunningDemo.start(scenario.demoOptions, port: port, insecureHTTP: insecureHTTP, kubeconfigPath: kubeconfigOut)
        } catch {
            FileHandle.standardError.write(Data("error: the demo cluster did not start on 127.0.0.1:\(port): \(error)\n".utf8))
            throw ExitCode(1)
        }
        print("rollscope demo cluster serving at \(demo.server.url)")
        print(demo.cluster.summary)
        print("kubeconfig: \(demo.kubeconfigPath) (contexts: \(EmbeddedAPIServer.contextNames.joined(separator: ", ")))")
        let kinds = [ResourceType.rollouts, .canaries].filter { demo.server.groups.serves($0) }.map(\.plural)
        print("try: kubectl --kubeconfig \(demo.kubeconfigPath) " + (kinds.isEmpty ? "api-resources" : "get \(kinds.joined(separator: ",")) -A"))
        print("Ctrl-C stops it.")
        fflush(nil) // all streams: Swift 6 rejects the C global `stdout` as shared mutable state
        StopSignals.onStop { demo.stop() }
        demo.server.wait()
    }
}

/// Runs a handler once on SIGINT or SIGTERM (the default action would skip it).
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
