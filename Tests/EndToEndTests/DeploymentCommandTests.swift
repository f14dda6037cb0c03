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
}
