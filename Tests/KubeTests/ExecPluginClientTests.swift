import APIServer
import Foundation
import KubeModel
import Testing
@testable import Kube

/// An exec credential plugin (a shell script) authenticating the client against the embedded server.
@Suite(.serialized) struct ExecPluginClientTests {
    /// A kubeconfig edit replacing the admin token user by a plugin that prints the token in
    /// `token.txt`, expiring at `expiry`, and counts its runs in `runs`.
    func withPlugin(_ cluster: TestCluster, expiry: String) -> (String) -> String {
        let script = cluster.dir.write("plugin.sh", """
        #!/bin/sh
        echo run >> "$(dirname "$0")/runs"
        printf '{"apiVersion":"client.authentication.k8s.io/v1","kind":"ExecCredential","status":{"token":"%s","expirationTimestamp":"\(expiry)"}}' "$(cat "$(dirname "$0")/token.txt")"
        """, executable: true)
        return { text in
            text.replacingOccurrences(of: "    token: \(cluster.server.credentials.adminToken)",
                                      with: "    exec:\n      apiVersion: client.authentication.k8s.io/v1\n      command: \(script)\n      interactiveMode: Never")
        }
    }

    func list(_ client: KubeClient) async throws -> Int {
        try await client.list(TestPod.self, .pods, ListScope(namespace: "demo")).items.count
    }

    @Test func theCredentialIsCachedAndFetchedAgainOnA401() async throws {
        let cluster = try TestCluster()
        cluster.dir.write("token.txt", cluster.server.credentials.adminToken)
        let client = try cluster.client(edit: withPlugin(cluster, expiry: "2999-01-01T00:00:00Z"))
        let provider = try #require(client.execProvider)
        for _ in 0..<3 { _ = try await list(client) }
        #expect(provider.runs == 1)
        // The server refuses the cached token once: the plugin runs again and the read is repeated.
        cluster.server.faults.failNext(pathPrefix: "/api/v1/namespaces/demo/pods", code: 401)
        #expect(try await list(client) == 0)
        #expect(provider.runs == 2)
    }

    @Test func anExpiredCredentialRunsThePluginForEveryRequest() async throws {
        let cluster = try TestCluster()
        cluster.dir.write("token.txt", cluster.server.credentials.adminToken)
        let client = try cluster.client(edit: withPlugin(cluster, expiry: "2001-01-01T00:00:00Z"))
        for _ in 0..<3 { _ = try await list(client) }
        #expect(client.execProvider?.runs == 3)
    }

    @Test func aMutationRefusedWith401IsNotRepeatedButTheNextRequestRefreshes() async throws {
        let cluster = try TestCluster()
        try cluster.createPod("web")
        cluster.dir.write("token.txt", "stale-token")
        let client = try cluster.client(edit: withPlugin(cluster, expiry: "2999-01-01T00:00:00Z"))
        cluster.server.faults.clearRequests()
        let error = await #expect(throws: KubeError.self) {
            _ = try await client.patch(TestPod.self, .pods, namespace: "demo", name: "web", .merge, body: Data("{}".utf8))
        }
        guard case .unauthorized = error else { Issue.record("\(String(describing: error))"); return }
        #expect(!(error?.description.contains("stale-token") ?? true))
        #expect(cluster.requests(containing: "PATCH ").count == 1)
        cluster.dir.write("token.txt", cluster.server.credentials.adminToken)
        _ = try await client.patch(TestPod.self, .pods, namespace: "demo", name: "web", .merge, body: Data("{}".utf8))
        #expect(client.execProvider?.runs == 2)
    }

    @Test func aFailingPluginIsACredentialsError() async throws {
        let cluster = try TestCluster()
        let script = cluster.dir.write("broken.sh", "#!/bin/sh\necho 'please run: login' >&2\nexit 2\n", executable: true)
        let client = try cluster.client(edit: {
            $0.replacingOccurrences(of: "    token: \(cluster.server.credentials.adminToken)",
                                    with: "    exec:\n      apiVersion: client.authentication.k8s.io/v1beta1\n      command: \(script)")
        })
        let error = await #expect(throws: KubeError.self) { _ = try await list(client) }
        #expect(error?.description == "getting credentials: exec: executable \(script) failed with exit code 2: please run: login")
    }
}
