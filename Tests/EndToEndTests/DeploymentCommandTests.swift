import Foundation
import Testing

/// Plain Deployments through the binary against `rollscope demo --serve`: `get deployment` and
/// `list deployments` read them as `kubectl rollout status` does.
@Suite(.serialized) struct DeploymentCommandTests {
    @Test func getAndListShowTheRolloutStatus() throws {
        let server = try DemoServer()
        var listed = ""
        #expect(eventually(60) {
            listed = (try? server.cli(["list", "deployments", "-n", "web"]))?.output ?? ""
            return listed.contains("landing") && listed.contains("billing")
        }, "\(listed)")
        let (status, got) = try server.cli(["get", "deployment", "landing", "-n", "web", "--no-color"])
        #expect(status == 0, "\(got)")
        #expect(got.contains("landing") && got.contains("successfully rolled out"), "\(got)")
        let (_, json) = try server.cli(["get", "deployment", "landing", "-n", "web", "-o", "json"])
        #expect(json.contains("\"DeploymentView\""), "\(json)")
        let (missing, _) = try server.cli(["get", "deployment", "nope", "-n", "web"])
        #expect(missing != 0, "a missing Deployment is an error")
    }

    /// KIND resolved through the registry: kubectl's short names on `get`/`list`, an unknown kind
    /// refused in kubectl's words, and `kubectl rollout`'s verbs on `deployment/NAME` with its messages.
    @Test func kindsResolveAndDeploymentsTakeKubectlsVerbs() throws {
        let server = try DemoServer()
        let state = FileManager.default.temporaryDirectory.appendingPathComponent("rollscope-e2e-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: state) }
        var listed = ""
        #expect(eventually(60) {
            listed = (try? server.cli(["list", "deploy", "-n", "web"]))?.output ?? ""
            return listed.contains("landing")
        }, "\(listed)")
        #expect(try server.cli(["list", "deployments.apps", "-n", "web"]).output.contains("landing"))
        let unknown = try CanaryCommandTests.run(server, ["get", "foo", "landing", "-n", "web"], state: state)
        #expect(unknown.status == 1 && unknown.output == "error: the server doesn't have a resource type \"foo\"\n", "\(unknown)")
        let paused = try CanaryCommandTests.run(server, ["pause", "deployment/landing", "-n", "web"], state: state)
        #expect(paused.status == 0 && paused.output == "deployment.apps/landing paused\n", "\(paused)")
        let again = try CanaryCommandTests.run(server, ["pause", "deploy", "landing", "-n", "web"], state: state)
        #expect(again.status == 1 && again.output == "error: deployments.apps \"landing\" is already paused\n", "\(again)")
        let resumed = try CanaryCommandTests.run(server, ["resume", "deployment/landing", "-n", "web"], state: state)
        #expect(resumed.status == 0 && resumed.output == "deployment.apps/landing resumed\n", "\(resumed)")
        let promote = try CanaryCommandTests.run(server, ["promote", "deployment/landing", "-n", "web"], state: state)
        #expect(promote.status == 1 && promote.output == "error: promote does not apply to deployments.apps\n", "\(promote)")
    }
}
