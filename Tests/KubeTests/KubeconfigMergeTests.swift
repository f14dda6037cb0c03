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

    /// A file of whitespace alone (an empty `KUBECONFIG` entry written by a script, a file
    /// truncated to a newline) is an empty kubeconfig; a stray character is YAML to refuse.
    @Test func whitespaceAloneIsAnEmptyKubeconfig() throws {
        for text in ["", "\n", " \t\r\n  \n", "\u{00A0}\u{2003}\n"] {
            let file = try KubeconfigFile.parse(text, path: "/k/empty")
            #expect(file.contexts.isEmpty && file.clusters.isEmpty && file.users.isEmpty && file.currentContext == nil, "\(Array(text.unicodeScalars))")
        }
        #expect(throws: ConfigError.self) { try KubeconfigFile.parse("\n[", path: "/k/broken") }
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
    /// Issue 21, survivor 5: a context name defined in two files is the first file's, whole,
    /// and so is what it resolves to (kubectl: the first file wins).
    @Test func aContextDefinedTwiceIsTheFirstFilesWhole() throws {
        let third = """
        contexts:
        - name: a
          context: {cluster: only-second, user: u, namespace: team-third}
        - name: c
          context: {cluster: shared, user: u}
        """
        let files = [("/k/first", try KubeconfigFile.parse(first, path: "/k/first")),
                     ("/k/second", try KubeconfigFile.parse(second, path: "/k/second")),
                     ("/k/third", try KubeconfigFile.parse(third, path: "/k/third"))]
        let m = MergedKubeconfig(files)
        #expect(m.contexts["a"]?.file == "/k/first")
        #expect(m.contexts["a"]?.value.cluster == "shared")
        #expect(m.contexts["a"]?.value.namespace == "team-a")
        #expect(m.contexts["c"]?.file == "/k/third")
        #expect(m.files == ["/k/first", "/k/second", "/k/third"])
        let config = try KubeconfigLoader.resolve(m, options: KubeconfigOptions(context: "a"))
        #expect(config.server == "https://first:6443")
        #expect(config.namespace == "team-a")
        // In the other order the other file wins, whole.
        let reversed = MergedKubeconfig(files.reversed())
        #expect(reversed.contexts["a"]?.file == "/k/third")
        #expect(reversed.contexts["a"]?.value.namespace == "team-third")
        #expect(reversed.currentContext?.value == "b")
    }

    /// First-wins as a property: over random file lists, every name resolves to the entry of the
    /// first file that defines it, and every name defined anywhere is kept.
    @Test func firstFileWinsForEveryName() throws {
        var seed: UInt64 = 0x2121
        func next(_ n: Int) -> Int {
            seed = seed &* 6364136223846793005 &+ 1442695040888963407
            return Int((seed >> 33) % UInt64(n))
        }
        for _ in 0..<200 {
            var files: [(path: String, file: KubeconfigFile)] = []
            for f in 0..<(1 + next(4)) {
                let names = Set((0..<next(4)).map { _ in "n\(next(4))" }).sorted()
                let yaml = "clusters:\n" + names.map { "- name: \($0)\n  cluster: {server: \"https://f\(f):6443\"}\n" }.joined()
                    + "users:\n" + names.map { "- name: \($0)\n  user: {token: t\(f)}\n" }.joined()
                    + "contexts:\n" + names.map { "- name: \($0)\n  context: {cluster: \($0), namespace: ns\(f)}\n" }.joined()
                files.append(("/k/\(f)", try KubeconfigFile.parse(yaml, path: "/k/\(f)")))
            }
            let m = MergedKubeconfig(files)
            for name in (0..<4).map({ "n\($0)" }) {
                let first = files.first { $0.file.contexts.contains { $0.name == name } }
                #expect(m.contexts[name]?.file == first?.path)
                #expect(m.clusters[name]?.file == first?.path)
                #expect(m.users[name]?.file == first?.path)
                #expect(m.contexts[name]?.value.namespace == first.map { "ns\($0.path.dropFirst(3))" })
            }
        }
    }
}
