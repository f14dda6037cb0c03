import APIServer
import Foundation
import KubeModel
import Testing
@testable import Kube

/// The client against the embedded API server over HTTPS: trust, identity and their failures.
@Suite(.serialized) struct ClientTLSTests {
    func namespaces(_ client: KubeClient) async throws -> [String] {
        try await client.list(TestNamespace.self, .namespaces).items.map(\.metadata.name)
    }

    struct TestNamespace: KubeObject {
        var metadata: ObjectMeta
    }

    @Test func certificateAuthorityDataWorks() async throws {
        let cluster = try TestCluster()
        let client = try cluster.client()
        #expect(try await namespaces(client).contains("demo"))
        #expect(!client.config.insecure)
    }

    @Test func certificateAuthorityFileWorks() async throws {
        let cluster = try TestCluster()
        cluster.dir.write("pki/ca.crt", cluster.server.credentials.caPEM)
        let client = try cluster.client(edit: cluster.replacingCA(with: "certificate-authority: pki/ca.crt"))
        #expect(client.config.tls.caSource == "\(cluster.dir.path)/pki/ca.crt")
        #expect(try await namespaces(client).contains("demo"))
    }

    @Test func clientCertificateAuthenticates() async throws {
        let cluster = try TestCluster()
        let admin = try cluster.client(context: "admin-cert")
        #expect(admin.config.clientCertificate != nil)
        #expect(try await namespaces(admin).contains("demo"))
        let viewer = try cluster.client(context: "viewer-cert")
        let patch = Data(#"{"metadata":{"labels":{"x":"y"}}}"#.utf8)
        let error = await #expect(throws: KubeError.self) {
            _ = try await viewer.patch(TestNamespace.self, .namespaces, namespace: nil, name: "demo", .merge, body: patch)
        }
        guard case .forbidden(let message) = error else { Issue.record("\(String(describing: error))"); return }
        #expect(message.contains(#"User "viewer" cannot patch resource "namespaces""#))
    }

    @Test func insecureSkipTLSVerifyConnectsWithoutACA() async throws {
        let cluster = try TestCluster()
        let client = try cluster.client(edit: cluster.replacingCA(with: "insecure-skip-tls-verify: true"))
        #expect(client.config.insecure)
        #expect(try await namespaces(client).contains("demo"))
    }

    @Test func withoutTheClustersCATheServerIsRefused() async throws {
        let cluster = try TestCluster()
        let client = try cluster.client(edit: cluster.replacingCA(with: nil))
        let error = await #expect(throws: KubeError.self) { _ = try await namespaces(client) }
        #expect(error?.description.contains("the server's TLS certificate was refused: it is not trusted by the system's trusted certificate authorities") == true,
                "\(String(describing: error))")
    }

    @Test func aWrongCAIsRefusedWithAClearMessage() async throws {
        let cluster = try TestCluster()
        let other = try ServerCredentials.generate()
        let client = try cluster.client(edit: cluster.replacingCA(with: "certificate-authority-data: \(Data(other.caPEM.utf8).base64EncodedString())"))
        let error = await #expect(throws: KubeError.self) { _ = try await namespaces(client) }
        guard case .transport(let message) = error else { Issue.record("\(String(describing: error))"); return }
        #expect(message.hasPrefix(cluster.server.url))
        #expect(message.contains("the server's TLS certificate was refused: it is not trusted by the certificate authority of clusters[rollscope-demo].certificate-authority-data"))
        #expect(!message.contains(cluster.server.credentials.adminToken))
    }

    @Test func tlsServerNameIsWhatTheCertificateIsCheckedAgainst() async throws {
        let cluster = try TestCluster()
        // The serving certificate names 127.0.0.1 and localhost: connect to the IP, verify "localhost".
        let good = try cluster.client(edit: { $0.replacingOccurrences(of: "    server: ", with: "    tls-server-name: localhost\n    server: ") })
        #expect(good.config.tls.serverName == "localhost")
        #expect(try await namespaces(good).contains("demo"))
        let bad = try cluster.client(edit: { $0.replacingOccurrences(of: "    server: ", with: "    tls-server-name: api.elsewhere.example\n    server: ") })
        let error = await #expect(throws: KubeError.self) { _ = try await namespaces(bad) }
        #expect(error?.description.contains("does not match the server name") == true, "\(String(describing: error))")
    }

    @Test func aRefusedTokenIsUnauthorizedAndNeverQuoted() async throws {
        let cluster = try TestCluster()
        let client = try cluster.client(edit: { $0.replacingOccurrences(of: cluster.server.credentials.adminToken, with: "wrong-secret-token") })
        let error = await #expect(throws: KubeError.self) { _ = try await namespaces(client) }
        guard case .unauthorized = error else { Issue.record("\(String(describing: error))"); return }
        #expect(!(error?.description.contains("wrong-secret-token") ?? true))
    }

    @Test func aTokenFileIsReadAgainAfterRotation() async throws {
        let cluster = try TestCluster()
        let tokenPath = cluster.dir.write("token", "not-yet-valid\n")
        let client = try cluster.client(edit: {
            $0.replacingOccurrences(of: "token: \(cluster.server.credentials.adminToken)", with: "tokenFile: \(tokenPath)")
        })
        await #expect(throws: KubeError.self) { _ = try await namespaces(client) }
        cluster.dir.write("token", cluster.server.credentials.adminToken + "\n")
        #expect(try await namespaces(client).contains("demo"))
    }

    @Test func aRefusedConnectionIsATransportError() async throws {
        let client = try KubeClient(config: ClientConfig(server: "https://127.0.0.1:1"), options: KubeClientOptions(connectTimeout: 2))
        let error = await #expect(throws: KubeError.self) { _ = try await namespaces(client) }
        guard case .transport(let message) = error else { Issue.record("\(String(describing: error))"); return }
        #expect(message.hasPrefix("https://127.0.0.1:1: "))
    }
}
