import Foundation
import Testing
@testable import Kube

@Suite struct AuthenticatorTests {
    @Test func tokensAndImpersonationBecomeHeaders() async throws {
        var config = ClientConfig(server: "https://k:6443", credential: .token("t0k"))
        config.impersonation = .init(user: "jane", uid: "42", groups: ["ops", "dev"])
        let identity = try await Authenticator(config: config, execStandardInputIsTerminal: false).identity()
        #expect(identity.headers == ["Authorization: Bearer t0k", "Impersonate-User: jane", "Impersonate-Uid: 42",
                                     "Impersonate-Group: ops", "Impersonate-Group: dev"])
    }

    @Test func basicAuthIsEncoded() async throws {
        let config = ClientConfig(server: "https://k:6443", credential: .basic(username: "admin", password: "s3cret"))
        let identity = try await Authenticator(config: config, execStandardInputIsTerminal: false).identity()
        #expect(identity.headers == ["Authorization: Basic \(Data("admin:s3cret".utf8).base64EncodedString())"])
    }

    @Test func credentialsAreNeverSentOverPlainHTTP() async throws {
        let cert = ClientConfig.ClientCertificate(certificatePEM: Data("c".utf8), keyPEM: Data("k".utf8))
        let config = ClientConfig(server: "http://k:8080", credential: .token("t0k"), clientCertificate: cert)
        let identity = try await Authenticator(config: config, execStandardInputIsTerminal: false).identity()
        #expect(identity.headers.isEmpty)
        #expect(identity.clientCertificate == nil)
        #expect(!config.sendsCredentials)
    }
}
