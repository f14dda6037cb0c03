import Foundation
import Testing

/// `rollscope logs` against `rollscope demo --serve`: canary and stable pods' lines with kubectl's
/// `--prefix`, one side, a crashed pod's previous instance, the errors.
@Suite struct LogsCommandTests {
    @Test func prefixedLinesOfBothSidesOrOne() throws {
        let server = try DemoServer()
        // The pods write a line a second once started; while the release brings up a pod, that
        // pod's log is refused (`aPodThatCannotStartIsNamedWhileTheOthersPrint`).
        var output = ""
        #expect(eventually(30) {
            guard let run = try? server.cli(["logs", "-n", "shop", "checkout", "--tail", "1"]), run.status == 0 else { return false }
            output = run.output
            return output.contains("level=")
        })
        let lines = output.split(separator: "\n")
        #expect(!lines.isEmpty)
        #expect(lines.allSatisfy { $0.hasPrefix("[pod/checkout-") && $0.contains("/checkout] level=") }, "\(output)")
        let (_, stableOnly) = try server.cli(["logs", "-n", "podinfo", "canary", "podinfo", "--stable", "--tail", "1", "--timestamps"])
        #expect(stableOnly.split(separator: "\n").allSatisfy { $0.hasPrefix("[pod/podinfo-primary-") && $0.contains("Z level=") }, "\(stableOnly)")
        let (missing, _) = try server.cli(["logs", "-n", "shop", "no-such-rollout"])
        #expect(missing == 1)
    }

    /// shop/search's canary pods cannot pull their image: each is named on stderr, the stable
    /// pods' lines still print, and the exit status says one failed.
    @Test func aPodThatCannotStartIsNamedWhileTheOthersPrint() throws {
        let server = try DemoServer()
        let arguments = ["logs", "-n", "shop", "search", "--tail", "1", "--kubeconfig", server.kubeconfig]
        var errors = ""
        #expect(eventually(30) {
            guard let run = try? runForErrors(arguments), run.status == 1 else { return false }
            errors = run.errors
            return errors.contains("ImagePullBackOff")
        })
        #expect(errors.split(separator: "\n").allSatisfy {
            $0.hasPrefix("error: search-") && $0.contains("is waiting to start: ImagePullBackOff")
        }, "\(errors)")
        var output = ""
        #expect(eventually(30) {
            output = (try? server.cli(Array(arguments.dropLast(2))))?.output ?? ""
            return output.contains("level=")
        })
        #expect(output.split(separator: "\n").allSatisfy { $0.hasPrefix("[pod/search-") && $0.contains("/search] level=") }, "\(output)")
    }

    @Test func aCrashedCanaryHasAPreviousInstance() throws {
        let server = try DemoServer()
        #expect(eventually(60) {
            ((try? server.cli(["logs", "-n", "web", "rollout", "worker", "--canary", "-p"]))?.output ?? "").contains("] panic: ")
        })
    }
}
