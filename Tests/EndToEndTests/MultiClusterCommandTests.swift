import APIServer
import DemoCluster
import Foundation
import KubeModel
import Testing

/// The command line across clusters: `list --context a,b` and `--all-contexts` (a CLUSTER column,
/// `-o json` items carrying their cluster, one unreachable cluster named on standard error while
/// the others print), `get`/`status`/actions/`list -w` refusing several contexts, and `fleet`.
/// Two demo clusters in process, two minutes apart, and a third context whose server is down.
@Suite(.serialized) struct MultiClusterCommandTests {
    /// `staging` (the demo as it starts), `prod-eu` (two minutes on: cart paused at its
    /// indefinite step), `prod-us` (no server listens), one context each as admin, in shop; and
    /// `prod-ap`, prod-eu's server as `shop-viewer` (it may read shop only).
    final class Fleet {
        let servers: [EmbeddedAPIServer]
        let demos: [DemoCluster]
        let home: String
        let kubeconfig: String

        init() throws {
            var servers: [EmbeddedAPIServer] = []
            var demos: [DemoCluster] = []
            for headStart in [0.0, 120] {
                let clock = HeadStartClock(headStart: headStart)
                let server = try EmbeddedAPIServer(store: ObjectStore(clock: { clock.now }))
                let demo = try DemoCluster(server: server, options: DemoOptions(seed: 7, releaseIntervalSeconds: 0), clock: clock)
                try demo.start()
                clock.playForward()
                clock.goLive()
                try server.start()
                servers.append(server)
                demos.append(demo)
            }
            self.servers = servers
            self.demos = demos
            home = NSTemporaryDirectory() + "rollscope-fleet-\(UUID().uuidString)"
            try FileManager.default.createDirectory(atPath: home, withIntermediateDirectories: true)
            kubeconfig = home + "/config"
            func b64(_ s: String) -> String { Data(s.utf8).base64EncodedString() }
            let clusters = [("staging", servers[0]), ("prod-eu", servers[1]), ("prod-us", servers[0]), ("prod-ap", servers[1])]
            var yaml = "apiVersion: v1\nkind: Config\ncurrent-context: staging\nclusters:\n"
            for (name, server) in clusters {
                // prod-us: a port nothing listens on (port 1 is refused).
                let url = name == "prod-us" ? "https://127.0.0.1:1" : server.url
                yaml += "- name: \(name)\n  cluster:\n    server: \(url)\n    certificate-authority-data: \(b64(server.credentials.caPEM))\n"
            }
            yaml += "contexts:\n"
            for (name, _) in clusters { yaml += "- name: \(name)\n  context:\n    cluster: \(name)\n    user: \(name)\n    namespace: shop\n" }
            yaml += "users:\n"
            for (name, server) in clusters {
                let token = name == "prod-ap" ? server.credentials.narrow.first { $0.name == "shop-viewer" }!.token : server.credentials.adminToken
                yaml += "- name: \(name)\n  user:\n    token: \(token)\n"
            }
            try yaml.write(toFile: kubeconfig, atomically: true, encoding: .utf8)
        }

        deinit {
            for demo in demos { demo.stop() }
            for server in servers { server.stop() }
            try? FileManager.default.removeItem(atPath: home)
        }

        /// Runs `rollscope ARGS --kubeconfig K`; its exit status, output and errors.
        func run(_ arguments: [String]) throws -> (status: Int32, out: String, err: String) {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: rollscopeBinary)
            process.arguments = arguments + ["--kubeconfig", kubeconfig]
            process.environment = ["HOME": home, "PATH": "/usr/bin:/bin"]
            let out = Pipe(), err = Pipe()
            process.standardOutput = out
            process.standardError = err
            try process.run()
            let output = out.fileHandleForReading.readDataToEndOfFile()
            let errors = err.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            return (process.terminationStatus, String(decoding: output, as: UTF8.self), String(decoding: errors, as: UTF8.self))
        }
    }

    /// The rows of a table (header left out), each as its words.
    static func rows(_ table: String) -> [[String]] {
        table.split(separator: "\n").dropFirst().map { $0.split(separator: " ").map(String.init) }
    }

    @Test func listReadsEachContextAndNamesTheOneThatFailed() throws {
        let fleet = try Fleet()
        let staging = try fleet.run(["list", "rollouts", "-A", "--context", "staging"])
        let eu = try fleet.run(["list", "rollouts", "-A", "--context", "prod-eu"])
        #expect(staging.status == 0 && eu.status == 0, "\(staging.err)\(eu.err)")
        #expect(!staging.out.hasPrefix("CLUSTER"), "one cluster: the plugin's columns alone")

        let both = try fleet.run(["list", "rollouts", "-A", "--context", "staging,prod-eu,prod-us"])
        #expect(both.status == 1, "a cluster failed: exit 1")
        #expect(both.err.hasPrefix("error: context prod-us: Unable to connect to the server: "), "\(both.err)")
        #expect(both.err.split(separator: "\n").count == 1, "\(both.err)")
        let header = both.out.split(separator: "\n").first.map { $0.split(separator: " ").map(String.init) }
        #expect(header == ["CLUSTER", "NAMESPACE", "NAME", "STRATEGY", "STATUS", "STEP", "SET-WEIGHT", "READY", "DESIRED", "UP-TO-DATE", "AVAILABLE"])
        // Cluster by cluster, in the order given; within one, the rows as that cluster lists them.
        let expected = Self.rows(staging.out).map { ["staging"] + $0.prefix(2) } + Self.rows(eu.out).map { ["prod-eu"] + $0.prefix(2) }
        #expect(!expected.isEmpty)
        #expect(Self.rows(both.out).map { Array($0.prefix(3)) } == expected, "\(both.out)")

        // Every context, by name: prod-ap (forbidden every namespace), prod-eu, prod-us (down), staging.
        let all = try fleet.run(["list", "rollouts", "-A", "--all-contexts"])
        #expect(all.status == 1)
        let errors = all.err.split(separator: "\n").map(String.init)
        #expect(errors.count == 2 && errors[0].hasPrefix("error: context prod-ap: Error from server (Forbidden): "), "\(all.err)")
        #expect(errors.count == 2 && errors[1].hasPrefix("error: context prod-us: Unable to connect to the server: "), "\(all.err)")
        let euRows: [String] = Self.rows(eu.out).map { _ in "prod-eu" }, stagingRows: [String] = Self.rows(staging.out).map { _ in "staging" }
        #expect(Self.rows(all.out).map { $0.first ?? "" } == euRows + stagingRows, "\(all.out)")
    }

    /// Each context reads with its own credentials in its own namespace: shop-viewer lists shop.
    @Test func eachContextKeepsItsCredentialsAndNamespace() throws {
        let fleet = try Fleet()
        let r = try fleet.run(["list", "rollouts", "--context", "prod-ap,staging"])
        #expect(r.status == 0, "\(r.err)")
        let rows = Self.rows(r.out)
        #expect(Set(rows.map { $0.first ?? "" }) == ["prod-ap", "staging"], "\(r.out)")
        #expect(rows.contains { $0.prefix(2) == ["prod-ap", "cart"] }, "\(r.out)")
    }

    @Test func documentsCarryTheCluster() throws {
        let fleet = try Fleet()
        let json = try fleet.run(["list", "canaries", "-A", "--context", "staging,prod-eu", "-o", "json"])
        #expect(json.status == 0, "\(json.err)")
        let document = try #require(try JSONSerialization.jsonObject(with: Data(json.out.utf8)) as? [String: Any])
        #expect(document["kind"] as? String == "CanaryViewList")
        let items = try #require(document["items"] as? [[String: Any]])
        #expect(!items.isEmpty)
        let clusters = items.map { $0["cluster"] as? String ?? "none" }
        #expect(clusters == clusters.filter { $0 == "staging" } + clusters.filter { $0 == "prod-eu" }, "\(clusters)")
        #expect(Set(clusters) == ["staging", "prod-eu"])
        #expect(items.allSatisfy { $0["name"] is String && $0["phase"] is String }, "each item is the view with its cluster beside")
        let yaml = try fleet.run(["list", "rollouts", "-n", "shop", "--context", "staging,prod-eu", "-o", "yaml"])
        #expect(yaml.out.contains("  cluster: prod-eu\n") && yaml.out.contains("  cluster: staging\n"), "\(yaml.out)")
    }

    @Test func singleClusterCommandsRefuseSeveralContexts() throws {
        let fleet = try Fleet()
        for (command, expected) in [(["get", "rollout", "cart"], "error: get reads one cluster; --context names 2 (staging,prod-eu)\n"),
                                    (["status", "cart", "--watch=false"], "error: status reads one cluster; --context names 2 (staging,prod-eu)\n"),
                                    (["promote", "cart"], "error: an action acts on one cluster; --context names 2 (staging,prod-eu)\n"),
                                    (["approve", "podinfo"], "error: an action acts on one cluster; --context names 2 (staging,prod-eu)\n"),
                                    (["list", "rollouts", "-w"], "error: list --watch reads one cluster; --context names 2 (staging,prod-eu)\n")] {
            let r = try fleet.run(command + ["--context", "staging,prod-eu"])
            #expect(r.status == 1, "\(command)")
            #expect(r.err == expected, "\(command): \(r.err)")
            #expect(r.out.isEmpty, "\(command)")
        }
        let all = try fleet.run(["get", "rollout", "cart", "--all-contexts"])
        #expect(all.err == "error: get reads one cluster; --all-contexts names 4 (prod-ap,prod-eu,prod-us,staging)\n", "\(all.err)")
        let before = try fleet.run(["--all-contexts", "get", "rollout", "cart"])
        #expect(before.err == all.err, "a global flag, before the subcommand as kubectl takes them: \(before.err)")
        // A list that does not watch (deployments print once) reads several.
        #expect(try fleet.run(["list", "deployments", "-n", "shop", "-w", "--context", "staging,prod-eu"]).status == 0)
    }

    @Test func fleetLinesUpAnApplicationAcrossClusters() throws {
        let fleet = try Fleet()
        let r = try fleet.run(["fleet", "cart", "--context", "staging,prod-eu,prod-us"])
        #expect(r.status == 1)
        #expect(r.err.hasPrefix("error: context prod-us: Unable to connect to the server: "), "\(r.err)")
        let lines = r.out.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(lines.first?.split(separator: " ").map(String.init) == ["APP", "CLUSTER", "REVISION", "IMAGE", "STATUS", "STEP-WEIGHT", "WAITING"], "\(r.out)")
        #expect(lines.dropFirst().prefix(2).map { $0.split(separator: " ").prefix(2).joined(separator: " ") } == ["shop/cart staging", "shop/cart prod-eu"], "\(r.out)")
        let eu = lines[2].split(separator: " ").map(String.init)
        #expect(eu.contains("Paused") && eu.last == "promotion", "prod-eu's cart waits at its indefinite step: \(r.out)")
        #expect(lines[3] == "", "a blank line before the summaries")
        #expect(lines[4].hasPrefix("shop/cart: staging ") && lines[4].contains("; prod-eu paused at step "), "\(r.out)")
        #expect(!lines[4].contains("prod-us"), "a cluster that could not be read is not said to have none: \(r.out)")

        let json = try fleet.run(["fleet", "--context", "staging,prod-eu", "-n", "shop", "-o", "json"])
        #expect(json.status == 0, "\(json.err)")
        let document = try #require(try JSONSerialization.jsonObject(with: Data(json.out.utf8)) as? [String: Any])
        #expect(document["kind"] as? String == "FleetApplicationList")
        let apps = try #require(document["items"] as? [[String: Any]])
        let cart = try #require(apps.first { $0["name"] as? String == "shop/cart" })
        #expect((cart["entries"] as? [[String: Any]])?.map { $0["cluster"] as? String } == ["staging", "prod-eu"])
    }
}
