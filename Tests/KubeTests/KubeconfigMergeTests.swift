import Foundation
import Testing
@testable import Kube

@Suite struct KubeconfigMergeTests {
    let first = """
    current-context: a
    clusters:
    - name: shared
      cluster: {server: "https://first:6443"}
    - name: only-first
      cluster: {server: "https://one:6443"}
    users:
    - name: u
      user: {token: first-token}
    contexts:
    - name: a
      context: {cluster: shared, user: u, namespace: team-a}
    """
    let second = """
    current-context: b
    clusters:
    - name: shared
      cluster: {server: "https://second:6443", insecure-skip-tls-verify: true}
    - name: only-second
      cluster: {server: "https://two:6443"}
    users:
    - name: u
      user: {username: admin, password: secret}
    contexts:
    - name: b
      context: {cluster: only-second, user: u}
    """

    func merged() throws -> MergedKubeconfig {
        MergedKubeconfig([("/k/first", try KubeconfigFile.parse(first, path: "/k/first")),
                          ("/k/second", try KubeconfigFile.parse(second, path: "/k/second"))])
    }

    @Test func firstFileSettingCurrentContextWins() throws {
        let m = try merged()
        #expect(m.currentContext?.value == "a")
        #expect(m.currentContext?.file == "/k/first")
    }

    @Test func namedEntriesMergeByNameAndTheFirstWinsWholly() throws {
        let m = try merged()
        #expect(m.clusters["shared"]?.value.server == "https://first:6443")
        // No field merge: the second file's insecure flag does not leak into the first's entry.
        #expect(m.clusters["shared"]?.value.insecureSkipTLSVerify == nil)
        #expect(m.clusters["shared"]?.file == "/k/first")
        #expect(Set(m.clusters.keys) == ["shared", "only-first", "only-second"])
        #expect(m.users["u"]?.value.token == "first-token")
        #expect(m.users["u"]?.value.username == nil)
        #expect(Set(m.contexts.keys) == ["a", "b"])
        #expect(m.contexts["b"]?.file == "/k/second")
    }

    @Test func currentContextFallsToALaterFileWhenEarlierOnesLeaveItUnset() throws {
        let m = MergedKubeconfig([("/k/none", try KubeconfigFile.parse("clusters: []", path: "/k/none")),
                                  ("/k/second", try KubeconfigFile.parse(second, path: "/k/second"))])
        #expect(m.currentContext?.value == "b")
    }

    @Test func aContextDefinedLaterUsesTheEarlierFilesClusterOfTheSameName() throws {
        let m = try merged()
        let config = try KubeconfigLoader.resolve(m, options: KubeconfigOptions(context: "b"))
        #expect(config.server == "https://two:6443")
        // User "u" is the first file's: token, not basic auth.
        #expect(config.credential == .token("first-token"))
        #expect(config.namespace == "default")
    }

    @Test func kubeconfigListSkipsMissingFilesAndDuplicates() throws {
        let dir = TempDir()
        let a = dir.write("a", first)
        let b = dir.write("b", second)
        let loader = KubeconfigLoader(environment: ["KUBECONFIG": "\(dir.path)/missing:\(a):\(b):\(a)", "HOME": dir.path])
        #expect(try loader.kubeconfigPaths(KubeconfigOptions()) == [a, b])
        let config = try loader.load()
        #expect(config.contextName == "a")
        #expect(config.namespace == "team-a")
    }

    @Test func explicitKubeconfigIsTheOnlyFileRead() throws {
        let dir = TempDir()
        let a = dir.write("a", first)
        let b = dir.write("b", second)
        let loader = KubeconfigLoader(environment: ["KUBECONFIG": a, "HOME": dir.path])
        let config = try loader.load(KubeconfigOptions(kubeconfig: b))
        #expect(config.contextName == "b")
        #expect(config.credential == .basic(username: "admin", password: "secret"))
    }

    @Test func homeConfigIsTheFallback() throws {
        let dir = TempDir()
        dir.write(".kube/config", first)
        let config = try KubeconfigLoader(environment: ["HOME": dir.path]).load()
        #expect(config.server == "https://first:6443")
    }

    @Test func flagsOverrideContextAndNamespace() throws {
        let dir = TempDir()
        let a = dir.write("a", first)
        let b = dir.write("b", second)
        let loader = KubeconfigLoader(environment: ["KUBECONFIG": "\(a):\(b)"])
        let config = try loader.load(KubeconfigOptions(context: "a", namespace: "other", allNamespaces: true))
        #expect(config.namespace == "other")
        #expect(config.allNamespaces)
        #expect(config.listNamespace == nil)
    }
}
