import Foundation
import Testing
@testable import Kube

@Suite struct ExecCredentialProviderTests {
    /// A plugin script that counts its runs in `runs` and prints a credential expiring at $EXPIRY.
    func plugin(in dir: TempDir, body: String) -> String {
        dir.write("plugin.sh", "#!/bin/sh\necho run >> \"\(dir.path)/runs\"\n\(body)\n", executable: true)
    }

    func config(_ command: String, args: [String] = [], env: [String: String] = [:], hint: String? = nil,
                version: ExecConfig.APIVersion = .v1, mode: ExecConfig.InteractiveMode = .never,
                cluster: ExecClusterInfo? = nil) -> ExecConfig {
        ExecConfig(apiVersion: version, command: command, args: args, env: env, installHint: hint, interactiveMode: mode,
                   clusterInfo: cluster, userName: "alice")
    }

    /// Prints a token naming its first argument and the run number, expiring at $EXPIRY.
    let tokenScript = #"printf '{"apiVersion":"client.authentication.k8s.io/v1","kind":"ExecCredential","status":{"token":"tok-%s-%s","expirationTimestamp":"%s"}}' "$1" "$(wc -l < "$(dirname "$0")/runs" | tr -d ' ')" "$EXPIRY""#

    @Test func theCredentialIsCachedUntilItExpires() throws {
        let dir = TempDir()
        let clock = Locked(Date(timeIntervalSince1970: 1_700_000_000))
        let provider = ExecCredentialProvider(
            config: config(plugin(in: dir, body: tokenScript), args: ["a"], env: ["EXPIRY": "2023-11-14T22:15:00Z"]),
            standardInputIsTerminal: false, environment: ["PATH": "/usr/bin:/bin"], now: { clock.withLock { $0 } })
        let first = try provider.credential()
        #expect(first.token == "tok-a-1")
        #expect(first.expiration == Date(timeIntervalSince1970: 1_700_000_100))
        #expect(try provider.credential() == first)
        #expect(provider.runs == 1)
        clock.withLock { $0 = Date(timeIntervalSince1970: 1_700_000_101) }
        _ = try provider.credential()
        #expect(provider.runs == 2)
    }

    @Test func invalidatingAfterA401RunsThePluginAgain() throws {
        let dir = TempDir()
        let provider = ExecCredentialProvider(config: config(plugin(in: dir, body: tokenScript), env: ["EXPIRY": "2999-01-01T00:00:00Z"]),
                                              standardInputIsTerminal: false, environment: [:])
        let first = try provider.credential()
        provider.invalidate(first)
        #expect(try provider.credential().token == "tok--2")
        #expect(provider.runs == 2)
        // Invalidating a credential that was already replaced keeps the new one.
        provider.invalidate(first)
        _ = try provider.credential()
        #expect(provider.runs == 2)
    }

    /// A server that keeps refusing the plugin's tokens: the first refusal runs it again at once,
    /// the next ones only after 1, 2, 4 … s, failing meanwhile as unauthorized without running it.
    @Test func refusalsInARowBackOff() throws {
        let dir = TempDir()
        let clock = Locked(Date(timeIntervalSince1970: 1_700_000_000))
        let provider = ExecCredentialProvider(config: config(plugin(in: dir, body: tokenScript), env: ["EXPIRY": "2999-01-01T00:00:00Z"]),
                                              standardInputIsTerminal: false, environment: [:], now: { clock.withLock { $0 } })
        provider.invalidate(try provider.credential())
        let second = try provider.credential()
        #expect(provider.runs == 2)
        provider.invalidate(second)
        #expect(throws: KubeError.unauthorized("the server refused the credential of exec plugin \(provider.config.command); it runs again in 1 s")) {
            try provider.credential()
        }
        #expect(provider.runs == 2)
        clock.withLock { $0 = $0.addingTimeInterval(1) }
        provider.invalidate(try provider.credential())
        #expect(provider.runs == 3)
        clock.withLock { $0 = $0.addingTimeInterval(1.5) }
        #expect(throws: KubeError.self) { try provider.credential() }
        clock.withLock { $0 = $0.addingTimeInterval(0.5) }
        _ = try provider.credential()
        #expect(provider.runs == 4)
    }

    @Test func execInfoAndEnvironmentReachThePlugin() throws {
        let dir = TempDir()
        let script = #"printf '%s' "$KUBERNETES_EXEC_INFO" > "$OUT"; printf '{"apiVersion":"client.authentication.k8s.io/v1beta1","status":{"token":"%s"}}' "$GREETING""#
        let cluster = ExecClusterInfo(server: "https://k:6443", tlsServerName: nil, insecureSkipTLSVerify: false,
                                      certificateAuthorityData: "Q0E=", proxyURL: nil, disableCompression: false)
        let provider = ExecCredentialProvider(
            config: config(plugin(in: dir, body: script), env: ["GREETING": "hello", "OUT": "\(dir.path)/info"],
                           version: .v1beta1, mode: .ifAvailable, cluster: cluster),
            standardInputIsTerminal: false, environment: ["PATH": "/usr/bin:/bin"])
        let credential = try provider.credential()
        #expect(credential.token == "hello")
        #expect(credential.expiration == nil)
        let info = try String(contentsOfFile: "\(dir.path)/info", encoding: .utf8)
        #expect(info.contains(#""apiVersion":"client.authentication.k8s.io/v1beta1""#))
        #expect(info.contains(#""interactive":false"#))
        #expect(info.contains(#""server":"https://k:6443""#))
        #expect(info.contains(#""certificate-authority-data":"Q0E=""#))
    }

    @Test func argumentsAreNotInterpretedByAShell() throws {
        let dir = TempDir()
        let provider = ExecCredentialProvider(config: config(plugin(in: dir, body: tokenScript), args: ["$(touch pwned);x"],
                                                             env: ["EXPIRY": "2999-01-01T00:00:00Z"]),
                                              standardInputIsTerminal: false, environment: [:])
        #expect(try provider.credential().token == "tok-$(touch pwned);x-1")
        #expect(!FileManager.default.fileExists(atPath: "pwned"))
    }

    @Test func clientCertificatesAreReturned() throws {
        let dir = TempDir()
        let script = #"printf '{"apiVersion":"client.authentication.k8s.io/v1","status":{"clientCertificateData":"CERT","clientKeyData":"KEY"}}'"#
        let provider = ExecCredentialProvider(config: config(plugin(in: dir, body: script)), standardInputIsTerminal: false, environment: [:])
        #expect(try provider.credential().clientCertificate == .init(certificatePEM: Data("CERT".utf8), keyPEM: Data("KEY".utf8)))
    }

    /// Broken plugins: each gives one line naming the cause and never the plugin's output.
    @Test(arguments: [
        ("missing", "", "exec: executable /nowhere/plugin not found"),
        ("failing", "echo 'token expired, run login' >&2; exit 3", "failed with exit code 3: token expired, run login"),
        ("garbage", "echo 'secret-token-garbage'", "decoding stdout: not an ExecCredential JSON object"),
        ("silent", "true", "decoding stdout: no output"),
        ("wrong version", #"printf '{"apiVersion":"client.authentication.k8s.io/v1beta1","status":{"token":"x"}}'"#,
         "configured to use API version client.authentication.k8s.io/v1, plugin returned version client.authentication.k8s.io/v1beta1"),
        ("no status", #"printf '{"apiVersion":"client.authentication.k8s.io/v1"}'"#, "didn't return a status field"),
        ("empty status", #"printf '{"apiVersion":"client.authentication.k8s.io/v1","status":{}}'"#, "didn't return a token or cert/key pair"),
        ("bad expiry", #"printf '{"apiVersion":"client.authentication.k8s.io/v1","status":{"token":"secret-x","expirationTimestamp":"soon"}}'"#,
         #"expirationTimestamp "soon" is not an RFC 3339 time"#),
    ])
    func brokenPlugin(name: String, body: String, expected: String) {
        let dir = TempDir()
        let command = name == "missing" ? "/nowhere/plugin" : plugin(in: dir, body: body)
        let provider = ExecCredentialProvider(config: config(command, hint: "install it with: brew install plugin"),
                                              standardInputIsTerminal: false, environment: [:])
        let error = #expect(throws: KubeError.self) { try provider.credential() }
        let line = error?.description ?? ""
        #expect(line.hasPrefix("getting credentials: "))
        #expect(line.contains(expected), "\(name): \(line)")
        #expect(!line.contains("secret"))
        #expect(!line.contains("\n"))
        if name == "missing" { #expect(line.contains("install it with: brew install plugin")) }
    }

    @Test func interactiveModeAlwaysNeedsATerminal() {
        let provider = ExecCredentialProvider(config: config("/bin/true", mode: .always), standardInputIsTerminal: false, environment: [:])
        let error = #expect(throws: KubeError.self) { try provider.credential() }
        #expect(error?.description.contains("standard input is not a terminal") == true)
    }

    @Test func bareCommandsAreFoundInPath() throws {
        let dir = TempDir()
        dir.write("bin/my-plugin", "#!/bin/sh\nprintf '{\"apiVersion\":\"client.authentication.k8s.io/v1\",\"status\":{\"token\":\"found\"}}'\n",
                  executable: true)
        let provider = ExecCredentialProvider(config: config("my-plugin"), standardInputIsTerminal: false,
                                              environment: ["PATH": "/usr/bin:\(dir.path)/bin"])
        #expect(try provider.credential().token == "found")
    }
}
