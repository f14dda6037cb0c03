import Foundation
import Testing

/// Issue 15 through the real binary: the crashers of `Tests/FuzzSeeds/objects/hostile-numbers.yaml`
/// are shown by every read command (they trapped with exit 132), and a context that skips TLS
/// verification is warned about once on standard error.
@Suite struct HostileCLITests {
    static let seed = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("FuzzSeeds/objects/hostile-numbers.yaml").path

    @Test(arguments: [
        ["get", "rollout", "bigweight"], ["get", "rollout", "bigreplicas"], ["get", "rollout", "infpause", "-o", "json"],
        ["list", "rollouts", "-A"], ["list", "rollouts", "-A", "-o", "wide"], ["list", "rollouts", "-A", "-o", "json"],
        ["list", "canaries", "-A", "-o", "wide"], ["get", "canary", "manysteps"], ["status", "bigweight", "--watch=false"],
    ])
    func theCrashersAreShown(arguments: [String]) throws {
        let (status, output) = try runProgram(rollscopeBinary, arguments + ["-f", Self.seed])
        #expect(status == 0, "\(arguments): exit \(status)")
        #expect(!output.isEmpty)
    }

    /// Standard error of a command run on a kubeconfig whose context skips TLS verification.
    @Test func skippingTLSVerificationIsWarnedOnceOnStandardError() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("insecure-\(UUID().uuidString).yaml")
        try """
        apiVersion: v1
        kind: Config
        clusters: [{name: c, cluster: {server: "https://127.0.0.1:1", insecure-skip-tls-verify: true}}]
        users: [{name: u, user: {token: t}}]
        contexts: [{name: x, context: {cluster: c, user: u}}]
        current-context: x
        """.write(to: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: file) }
        let (status, message) = try runForErrors(["list", "rollouts", "--kubeconfig", file.path])
        #expect(status == 1)
        #expect(message.components(separatedBy: "insecure-skip-tls-verify is set").count == 2, "\(message)")
        #expect(message.contains("error: Unable to connect to the server: https://127.0.0.1:1"), "\(message)")
    }
}
