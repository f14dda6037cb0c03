import APIServer
import Benchmarks
import Foundation
import JSONValue
import Testing

/// `bench cli` on a tiny server: the real binary's `list` and `get -w` run and are timed, and
/// the table names every figure (kubectl is left out: the test must not need it).
@Suite struct CLIBenchmarkTests {
    @Test func theCLIBenchmarkPrintsItsTable() throws {
        let server = try EmbeddedAPIServer(options: .init())
        try server.start()
        defer { server.stop() }
        let kubeconfig = NSTemporaryDirectory() + "rollscope-cli-bench-\(getpid()).kubeconfig"
        try server.writeKubeconfig(to: kubeconfig)
        defer { try? FileManager.default.removeItem(atPath: kubeconfig) }
        try server.store.create(.namespaces, namespace: nil, object: ["metadata": ["name": "bench"]])
        for i in 0..<3 {
            let name = "app-\(i)"
            let rollout: JSON = ["apiVersion": "argoproj.io/v1alpha1", "kind": "Rollout", "metadata": ["name": .string(name)],
                                 "spec": ["replicas": 0, "selector": ["matchLabels": ["app": .string(name)]],
                                          "strategy": ["canary": ["steps": [["setWeight": 50]]]]]]
            try server.store.create(.rollouts, namespace: "bench", object: rollout)
            try server.store.patch(.rollouts, namespace: "bench", name: name, type: .merge,
                                   patch: ["status": ["phase": "Healthy", "message": ""]], subresource: "status")
        }
        let benchmark = CLIBenchmark(rollscope: rollscopeBinary, kubectl: nil, kubeconfig: kubeconfig, namespace: "bench", name: "app-0",
                                     runs: 2, changes: 3) { index in
            try server.store.patch(.rollouts, namespace: "bench", name: "app-0", type: .merge,
                                   patch: ["status": ["message": .string("change \(index)")]], subresource: "status")
        }
        let table = try benchmark.run()
        print(table)
        let lines = table.split(separator: "\n")
        #expect(lines.first?.hasPrefix("figure") == true)
        for figure in ["list rollouts -A (median of 2): wall", "list rollouts -A (median of 2): output",
                       "change to output, median", "change to output, p99", "bytes per change"] {
            // Each row holds rollscope's figure (kubectl's column is "-").
            let line = lines.first { $0.contains(figure) }
            #expect(line?.contains(figure.contains("bytes") || figure.hasSuffix("output") ? " B" : " ms") == true, "\(figure): \(line ?? "missing")")
        }
        #expect(!table.contains("runs exited non-zero"))
        #expect(!table.contains("not shown within 5 s"))
    }
}

/// The rollscope binary beside this test binary (the test target depends on it, so it is built).
let rollscopeBinary: String = {
    let testBinary = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
    var directory = URL(fileURLWithPath: testBinary).deletingLastPathComponent()
    while directory.path != "/" {
        let candidate = directory.appendingPathComponent("rollscope").path
        if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        directory = directory.deletingLastPathComponent()
    }
    return "rollscope"
}()
