import APIServer
import DemoCluster
import Foundation
import KubeModel
import Testing

/// The CLI reads what the plugin reads, as a user whose RBAC allows only that: every Rollout
/// action on shop/cart as `cart-promoter` (get and patch that one rollout) and `undo` as
/// `cart-operator` (and list ReplicaSets in shop); `list` and `get` as `shop-viewer` (reads in
/// shop only). The server's request log shows each command's requests. And on a cluster without
/// a tool, the CLI answers as kubectl does.
@Suite(.serialized) struct MinimalReadsTests {
    /// The default demo played two minutes ahead (cart paused at its indefinite step), served in process.
    final class Cluster {
        let server: EmbeddedAPIServer
        let cluster: DemoCluster
        let kubeconfig: String
        let home: String

        init(groups: Set<String> = Set(ServedGroups.custom)) throws {
            let clock = HeadStartClock(headStart: 120)
            server = try EmbeddedAPIServer(options: .init(customGroups: groups), store: ObjectStore(clock: { clock.now }))
            cluster = try DemoCluster(server: server, options: DemoOptions(seed: 7, releaseIntervalSeconds: 0, crdGroups: groups), clock: clock)
            try cluster.start()
            clock.playForward()
            clock.goLive()
            try server.start()
            home = NSTemporaryDirectory() + "rollscope-minimal-\(UUID().uuidString)"
            try FileManager.default.createDirectory(atPath: home, withIntermediateDirectories: true)
            kubeconfig = home + "/config"
            try server.writeKubeconfig(to: kubeconfig)
        }

        deinit {
            cluster.stop()
            server.stop()
            try? FileManager.default.removeItem(atPath: home)
        }

        /// Runs `rollscope ARGS` as `context`; returns its exit status, output, errors and the requests it sent.
        func run(_ context: String, _ arguments: [String]) throws -> (status: Int32, out: String, err: String, requests: [String]) {
            server.faults.clearRequests()
            let process = Process()
            process.executableURL = URL(fileURLWithPath: rollscopeBinary)
            process.arguments = arguments + ["--kubeconfig", kubeconfig, "--context", context]
            process.environment = ["HOME": home, "PATH": "/usr/bin:/bin"]
            let out = Pipe(), err = Pipe()
            process.standardOutput = out
            process.standardError = err
            try process.run()
            let output = out.fileHandleForReading.readDataToEndOfFile()
            let errors = err.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            let requests = server.faults.requests.map { "\($0.method) \($0.uri)" }
            return (process.terminationStatus, String(decoding: output, as: UTF8.self), String(decoding: errors, as: UTF8.self), requests)
        }

        func phase(_ name: String) -> String? {
            (try? server.store.get(.rollouts, namespace: "shop", name: name).json)?[path: ["status", "phase"]]?.stringValue
        }
    }

    static let cart = "/apis/argoproj.io/v1alpha1/namespaces/shop/rollouts/cart"

    @Test func everyRolloutActionRunsAsAUserAllowedOnlyWhatThePluginNeeds() throws {
        let c = try Cluster()
        #expect(c.phase("cart") == "Paused", "the head start leaves cart paused at its indefinite step")
        let status = try c.run("cart-promoter", ["status", "cart", "-n", "shop", "--watch=false"])
        #expect(status.status == 0, "\(status.err)")
        #expect(status.requests == ["GET \(Self.cart)"])
        for (command, patches) in [(["pause", "cart"], ["PATCH \(Self.cart)"]), (["resume", "cart"], ["PATCH \(Self.cart)"]),
                                   (["promote", "cart"], ["PATCH \(Self.cart)/status"]),
                                   (["abort", "cart"], ["PATCH \(Self.cart)/status"]), (["retry", "cart"], ["PATCH \(Self.cart)/status"]),
                                   (["restart", "cart"], ["PATCH \(Self.cart)"])] {
            let r = try c.run("cart-promoter", command + ["-n", "shop"])
            #expect(r.status == 0, "\(command): \(r.err)")
            #expect(r.requests.first == "GET \(Self.cart)", "\(command): one GET of the rollout first: \(r.requests)")
            #expect(Array(r.requests.dropFirst().prefix(patches.count)) == patches, "\(command): \(r.requests)")
            #expect(r.requests.allSatisfy { $0.hasPrefix("GET \(Self.cart)") || $0.hasPrefix("PATCH \(Self.cart)") }, "\(command): \(r.requests)")
        }
        let refused = try c.run("cart-promoter", ["undo", "cart", "-n", "shop"])
        #expect(refused.status == 1, "undo lists ReplicaSets, which cart-promoter may not")
        #expect(refused.err.contains("cannot list resource \"replicasets\""), "\(refused.err)")
        let undo = try c.run("cart-operator", ["undo", "cart", "-n", "shop"])
        #expect(undo.status == 0, "\(undo.err)")
        #expect(undo.requests.count == 3, "\(undo.requests)")
        #expect(undo.requests.first == "GET \(Self.cart)")
        #expect(undo.requests.dropFirst().first?.hasPrefix("GET /apis/apps/v1/namespaces/shop/replicasets?labelSelector=app%3Dcart") == true,
                "ReplicaSets by the rollout's selector: \(undo.requests)")
        #expect(undo.requests.last == "PATCH \(Self.cart)")
        print("request log (undo as cart-operator):\n  " + undo.requests.joined(separator: "\n  "))
    }

    @Test func listAndGetReadOnlyWhatTheyShowInTheirNamespace() throws {
        let c = try Cluster()
        let list = try c.run("shop-viewer", ["list", "rollouts", "-n", "shop"])
        #expect(list.status == 0, "\(list.err)")
        #expect(list.out.contains("cart"))
        #expect(list.requests == ["GET /apis/argoproj.io/v1alpha1/namespaces/shop/rollouts?limit=500"], "rollouts only: \(list.requests)")
        let experiments = try c.run("shop-viewer", ["list", "experiments", "-n", "shop"])
        #expect(experiments.requests == ["GET /apis/argoproj.io/v1alpha1/namespaces/shop/experiments?limit=500"], "\(experiments.requests)")
        let get = try c.run("shop-viewer", ["get", "rollout", "cart", "-n", "shop"])
        #expect(get.status == 0, "\(get.err)")
        #expect(get.out.contains("Name:            cart"), "\(get.out)")
        #expect(get.requests.first == "GET \(Self.cart)", "\(get.requests)")
        let lists = Set(get.requests.dropFirst().map { $0.split(separator: "?").first.map(String.init) ?? $0 })
        #expect(lists == ["GET /apis/apps/v1/namespaces/shop/replicasets", "GET /api/v1/namespaces/shop/pods",
                          "GET /apis/argoproj.io/v1alpha1/namespaces/shop/analysisruns",
                          "GET /apis/argoproj.io/v1alpha1/namespaces/shop/experiments"], "\(get.requests)")
        print("request log (get rollout cart as shop-viewer):\n  " + get.requests.joined(separator: "\n  "))
    }

    @Test func aKindTheClusterDoesNotServeIsAnsweredAsKubectlDoes() throws {
        let c = try Cluster(groups: ["argoproj.io"])
        #expect(c.server.groups.groups == ["argoproj.io"])
        let message = "error: the server doesn't have a resource type \"canaries\"\n"
        for command in [["list", "canaries", "-A"], ["get", "canary", "podinfo", "-n", "podinfo"], ["approve", "podinfo", "-n", "podinfo"]] {
            let r = try c.run("admin-token", command)
            #expect(r.status == 1, "\(command)")
            #expect(r.err == message, "\(command): \(r.err)")
        }
        let info = try c.run("admin-token", ["info"])
        #expect(info.out.contains("tools:      Argo Rollouts (argoproj.io), Flagger not installed\n"), "\(info.out)")
        let flaggerOnly = try Cluster(groups: ["flagger.app"])
        for command in [["list", "rollouts", "-A"], ["status", "cart", "-n", "shop", "--watch=false"], ["get", "rollout", "cart", "-n", "shop"],
                        ["undo", "cart", "-n", "shop"]] {
            let r = try flaggerOnly.run("admin-token", command)
            #expect(r.status == 1, "\(command)")
            #expect(r.err == "error: the server doesn't have a resource type \"rollouts\"\n", "\(command): \(r.err)")
        }
        // restart acts on a Canary too: on a Flagger-only cluster the name is looked for as one.
        let restart = try flaggerOnly.run("admin-token", ["restart", "cart", "-n", "shop"])
        #expect(restart.status == 1)
        #expect(restart.err == "Error: no canary.flagger.app \"cart\" in namespace \"shop\"\n", "\(restart.err)")
    }
}
