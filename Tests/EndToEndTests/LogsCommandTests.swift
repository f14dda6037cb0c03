import Foundation
import Testing

/// `rollscope logs` against `rollscope demo --serve`: canary and stable pods' lines with kubectl's
/// `--prefix`, one side, a crashed pod's previous instance, the errors.
@Suite struct LogsCommandTests {
    @Test func prefixedLinesOfBothSidesOrOne() throws {
        let server = try DemoServer()
        // The pods write a line a second once started.
        #expect(eventually(30) { ((try? server.cli(["logs", "-n", "shop", "checkout", "--tail", "1"]))?.output ?? "").contains("level=") })
        let (status, output) = try server.cli(["logs", "-n", "shop", "checkout", "--tail", "1"])
        #expect(status == 0)
        let lines = output.split(separator: "\n")
        #expect(!lines.isEmpty)
        #expect(lines.allSatisfy { $0.hasPrefix("[pod/checkout-") && $0.contains("/checkout] level=") }, "\(output)")
        let (_, stableOnly) = try server.cli(["logs", "-n", "podinfo", "canary", "podinfo", "--stable", "--tail", "1", "--timestamps"])
        #expect(stableOnly.split(separator: "\n").allSatisfy { $0.hasPrefix("[pod/podinfo-primary-") && $0.contains("Z level=") }, "\(stableOnly)")
        let (missing, _) = try server.cli(["logs", "-n", "shop", "no-such-rollout"])
        #expect(missing == 1)
    }

    @Test func aCrashedCanaryHasAPreviousInstance() throws {
        let server = try DemoServer()
        #expect(eventually(60) {
            ((try? server.cli(["logs", "-n", "web", "rollout", "worker", "--canary", "-p"]))?.output ?? "").contains("] panic: ")
        })
    }
}
