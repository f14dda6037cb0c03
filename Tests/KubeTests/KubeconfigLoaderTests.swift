import Foundation
import Testing
@testable import Kube

@Suite struct KubeconfigLoaderTests {
    /// A one-context kubeconfig with the given cluster and user bodies (YAML flow maps).
    func kubeconfig(cluster: String = #"server: "https://k:6443""#, user: String = "token: t") -> String {
        """
        current-context: dev
        clusters:
        - name: c
          cluster:
            \(cluster.replacingOccurrences(of: "\n", with: "\n    "))
        users:
        - name: alice
          user:
            \(user.replacingOccurrences(of: "\n", with: "\n    "))
        contexts:
        - name: dev
          context: {cluster: c, user: alice, namespace: apps}
        """
    }

    func load(_ text: String, in dir: TempDir = TempDir(), options: KubeconfigOptions = KubeconfigOptions()) throws -> ClientConfig {
        let file = dir.write("config", text)
        var options = options
        options.kubeconfig = file
        return try KubeconfigLoader(environment: [:]).load(options)
    }

    func failure(_ text: String, in dir: TempDir = TempDir(), options: KubeconfigOptions = KubeconfigOptions()) -> ConfigError? {
        do {
            _ = try load(text, in: dir, options: options)
            return nil
        } catch {
            return error as? ConfigError
        }
    }

    @Test func resolvesTheCurrentContext() throws {
        let config = try load(kubeconfig(cluster: #"server: "https://k:6443/prefix/"\#ntls-server-name: api.internal\#nproxy-url: socks5://p:1080\#ndisable-compression: true"#))
        #expect(config.server == "https://k:6443/prefix")
        #expect(config.contextName == "dev")
        #expect(config.clusterName == "c")
        #expect(config.userName == "alice")
        #expect(config.namespace == "apps")
        #expect(config.tls.serverName == "api.internal")
        #expect(config.proxyURL == "socks5://p:1080")
        #expect(config.disableCompression)
        #expect(config.credential == .token("t"))
        #expect(!config.insecure)
    }

    @Test func certificateAuthorityDataAndFileBothLoad() throws {
        let dir = TempDir()
        dir.write("certs/ca.pem", fakePEM)
        let fromFile = try load(kubeconfig(cluster: #"server: "https://k:6443"\#ncertificate-authority: certs/ca.pem"#), in: dir)
        #expect(fromFile.tls.caPEM == Data(fakePEM.utf8))
        #expect(fromFile.tls.caSource == "\(dir.path)/certs/ca.pem")
        let fromData = try load(kubeconfig(cluster: "server: \"https://k:6443\"\ncertificate-authority-data: \(base64(fakePEM))"))
        #expect(fromData.tls.caPEM == Data(fakePEM.utf8))
    }

    @Test func relativePathsResolveAgainstTheDefiningFilesDirectory() throws {
        let dir = TempDir()
        dir.write("creds/client.crt", fakePEM)
        dir.write("creds/client.key", fakePEM.replacingOccurrences(of: "CERTIFICATE", with: "PRIVATE KEY"))
        dir.write("creds/token", "from-file\n")
        let config = try load(kubeconfig(user: "client-certificate: creds/client.crt\nclient-key: creds/client.key\ntokenFile: creds/token"), in: dir)
        #expect(config.clientCertificate?.certificatePEM == Data(fakePEM.utf8))
        #expect(config.credential == .tokenFile(path: "\(dir.path)/creds/token", fallback: nil))
        let exec = try load(kubeconfig(user: "exec: {apiVersion: client.authentication.k8s.io/v1beta1, command: ./bin/plugin}\n"), in: dir)
        guard case .exec(let e) = exec.credential else { Issue.record("no exec"); return }
        #expect(e.command == "\(dir.path)/./bin/plugin")
        #expect(e.interactiveMode == .ifAvailable)
        let bare = try load(kubeconfig(user: "exec: {apiVersion: client.authentication.k8s.io/v1, command: aws, args: [eks, get-token], env: [{name: A, value: b}], interactiveMode: Never}"), in: dir)
        guard case .exec(let b) = bare.credential else { Issue.record("no exec"); return }
        #expect(b.command == "aws")
        #expect(b.args == ["eks", "get-token"])
        #expect(b.env == ["A": "b"])
    }

    @Test func clientCertificateDataAndImpersonation() throws {
        let config = try load(kubeconfig(user: "client-certificate-data: \(base64(fakePEM))\nclient-key-data: \(base64(fakePEM))\nas: jane\nas-groups: [ops, dev]"))
        #expect(config.clientCertificate?.keyPEM == Data(fakePEM.utf8))
        #expect(config.credential == .none)
        #expect(config.impersonation == .init(user: "jane", uid: nil, groups: ["ops", "dev"]))
    }

    @Test func insecureSkipTLSVerifyIsExposed() throws {
        let config = try load(kubeconfig(cluster: "server: \"https://k:6443\"\ninsecure-skip-tls-verify: true"))
        #expect(config.insecure)
    }

    /// Broken kubeconfigs: each gives a one-line error naming file, context and field.
    @Test(arguments: [
        ("unknown context", "", "nosuch", #"context "nosuch" is not defined"#),
        ("bad YAML", "clusters: [unclosed", nil, "not a valid kubeconfig"),
        ("wrong shape", "clusters: {a: 1}", nil, "not a valid kubeconfig"),
        ("missing server", "cluster:server", nil, "field clusters[c].server: is required but missing"),
        ("missing CA file", "cluster:ca-file", nil, "field clusters[c].certificate-authority: cannot read"),
        ("bad base64", "cluster:bad-base64", nil, "field clusters[c].certificate-authority-data: is not valid base64"),
        ("not PEM", "cluster:not-pem", nil, "field clusters[c].certificate-authority-data: does not hold PEM data"),
        ("CA data and file", "cluster:both-ca", nil, "cannot be set together with certificate-authority"),
        ("missing client key", "user:cert-only", nil, "field users[alice].client-key-data: is required but missing"),
        ("missing cert file", "user:cert-file", nil, "field users[alice].client-certificate: cannot read"),
        ("token and basic", "user:token-basic", nil, "more than one authentication method found"),
        ("auth provider", "user:auth-provider", nil, #"auth-provider "gcp" is not supported"#),
        ("exec v1alpha1", "user:exec-alpha", nil, #"exec plugin: invalid apiVersion "client.authentication.k8s.io/v1alpha1""#),
        ("exec v1 without mode", "user:exec-v1", nil, "interactiveMode must be specified for alice"),
        ("bad proxy", "cluster:bad-proxy", nil, #"field clusters[c].proxy-url: scheme "ftp" is not supported"#),
    ] as [(String, String, String?, String)])
    func brokenKubeconfig(name: String, variant: String, context: String?, expected: String) throws {
        let clusterVariants = [
            "server": "insecure-skip-tls-verify: false",
            "ca-file": "server: \"https://k:6443\"\ncertificate-authority: nowhere/ca.pem",
            "bad-base64": "server: \"https://k:6443\"\ncertificate-authority-data: '%%%not base64'",
            "not-pem": "server: \"https://k:6443\"\ncertificate-authority-data: \(base64("hello"))",
            "both-ca": "server: \"https://k:6443\"\ncertificate-authority: a.pem\ncertificate-authority-data: \(base64(fakePEM))",
            "bad-proxy": "server: \"https://k:6443\"\nproxy-url: ftp://p",
        ]
        let userVariants = [
            "cert-only": "client-certificate-data: \(base64(fakePEM))",
            "cert-file": "client-certificate: missing.crt\nclient-key-data: \(base64(fakePEM))",
            "token-basic": "token: t\nusername: u\npassword: p",
            "auth-provider": "auth-provider: {name: gcp, config: {cmd-path: gcloud}}",
            "exec-alpha": "exec: {apiVersion: client.authentication.k8s.io/v1alpha1, command: x}",
            "exec-v1": "exec: {apiVersion: client.authentication.k8s.io/v1, command: x}",
        ]
        let text: String
        if variant.hasPrefix("cluster:") {
            text = kubeconfig(cluster: clusterVariants[String(variant.dropFirst(8))]!)
        } else if variant.hasPrefix("user:") {
            text = kubeconfig(user: userVariants[String(variant.dropFirst(5))]!)
        } else {
            text = variant.isEmpty ? kubeconfig() : variant
        }
        let dir = TempDir()
        let error = try #require(failure(text, in: dir, options: KubeconfigOptions(context: context)), "\(name) loaded")
        let line = error.description
        #expect(line.contains(expected), "\(name): \(line)")
        #expect(line.contains("\(dir.path)/config"), "\(name) names no file: \(line)")
        #expect(!line.contains("\n"))
        #expect(!line.contains("secret") && !line.contains("token: t"))
        if variant.hasPrefix("cluster:") || variant.hasPrefix("user:") { #expect(line.contains(#"context "dev""#), "\(name): \(line)") }
    }

    @Test func aMissingExplicitFileIsNamed() {
        let error = #expect(throws: ConfigError.self) {
            try KubeconfigLoader(environment: [:]).load(KubeconfigOptions(kubeconfig: "/nowhere/config"))
        }
        #expect(error?.description == "kubeconfig /nowhere/config: file not found")
    }

    @Test func nothingToLoadSaysSo() {
        let dir = TempDir()
        let loader = KubeconfigLoader(environment: ["HOME": dir.path], serviceAccountDirectory: "\(dir.path)/sa")
        let error = #expect(throws: ConfigError.self) { try loader.load() }
        #expect(error?.cause == .noConfiguration)
    }

    @Test func inClusterConfigurationWhenThereIsNoKubeconfig() throws {
        let dir = TempDir()
        dir.write("sa/token", "sa-token\n")
        dir.write("sa/ca.crt", fakePEM)
        dir.write("sa/namespace", "payments\n")
        let env = ["HOME": dir.path, "KUBERNETES_SERVICE_HOST": "10.0.0.1", "KUBERNETES_SERVICE_PORT": "443"]
        let config = try KubeconfigLoader(environment: env, serviceAccountDirectory: "\(dir.path)/sa").load()
        #expect(config.server == "https://10.0.0.1:443")
        #expect(config.namespace == "payments")
        #expect(config.tls.caPEM == Data(fakePEM.utf8))
        #expect(config.credential == .tokenFile(path: "\(dir.path)/sa/token", fallback: nil))
        var v6 = env
        v6["KUBERNETES_SERVICE_HOST"] = "fd00::1"
        v6["POD_NAMESPACE"] = "from-env"
        let six = try KubeconfigLoader(environment: v6, serviceAccountDirectory: "\(dir.path)/sa").load()
        #expect(six.server == "https://[fd00::1]:443")
        #expect(six.namespace == "from-env")
    }
}
