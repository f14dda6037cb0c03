import Foundation

/// The identity one request carries: header lines and, possibly, a client certificate.
struct RequestIdentity: Sendable {
    var headers: [String]
    var clientCertificate: ClientConfig.ClientCertificate?
    /// The exec credential used, so a 401 can invalidate exactly it.
    var execCredential: ExecCredential?
}

/// Turns a `ClientConfig`'s credential into per-request identity: inline token, token file (read
/// again when it changes), basic auth, or an exec plugin's cached credential; plus impersonation.
/// Credentials are only ever sent to `https://` servers.
final class Authenticator: Sendable {
    private let config: ClientConfig
    private let tokenFile: TokenFileSource?
    let exec: ExecCredentialProvider?

    init(config: ClientConfig, execStandardInputIsTerminal: Bool) {
        self.config = config
        if case .tokenFile(let path, let fallback) = config.credential {
            tokenFile = TokenFileSource(path: path, fallback: fallback)
        } else {
            tokenFile = nil
        }
        if case .exec(let execConfig) = config.credential {
            exec = ExecCredentialProvider(config: execConfig, standardInputIsTerminal: execStandardInputIsTerminal)
        } else {
            exec = nil
        }
    }

    /// The identity for the next request. May run an exec plugin (off the caller's thread).
    func identity() async throws -> RequestIdentity {
        guard config.sendsCredentials else { return RequestIdentity(headers: [], clientCertificate: nil) }
        var identity = RequestIdentity(headers: [], clientCertificate: config.clientCertificate)
        switch config.credential {
        case .none: break
        case .token(let token): identity.headers.append("Authorization: Bearer \(token)")
        case .tokenFile: identity.headers.append("Authorization: Bearer \(try tokenFile!.token())")
        case .basic(let user, let password):
            identity.headers.append("Authorization: Basic \(Data("\(user):\(password)".utf8).base64EncodedString())")
        case .exec:
            let provider = exec!
            let credential = try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<ExecCredential, any Error>) in
                // The plugin blocks while it runs: keep it off the cooperative pool.
                DispatchQueue.global().async {
                    continuation.resume(with: Result { () throws(KubeError) in try provider.credential() })
                }
            }
            identity.execCredential = credential
            if let token = credential.token { identity.headers.append("Authorization: Bearer \(token)") }
            if let cert = credential.clientCertificate { identity.clientCertificate = cert }
        }
        if let who = config.impersonation {
            identity.headers.append("Impersonate-User: \(who.user)")
            if let uid = who.uid { identity.headers.append("Impersonate-Uid: \(uid)") }
            for group in who.groups { identity.headers.append("Impersonate-Group: \(group)") }
        }
        return identity
    }

    /// The server refused `identity` (401): forget an exec credential so the next request runs the plugin.
    func refused(_ identity: RequestIdentity) {
        if let credential = identity.execCredential { exec?.invalidate(credential) }
    }
}
