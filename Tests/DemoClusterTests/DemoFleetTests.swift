import Foundation
import JSONValue
import Kube
import KubeModel
import Testing
@testable import APIServer
@testable import DemoCluster

/// The demo fleet (`--clusters N`) as a client meets it: one kubeconfig with a cluster, users and
/// contexts per server, each context reaching its own server with its own credentials; one
/// server taken down and brought back while the others serve; a change in one cluster reaching
/// no other.
@Suite(.serialized) struct DemoFleetTests {
    /// Any object, by its metadata alone.
    struct Named: KubeObject { var metadata: ObjectMeta }

    /// A fleet of `clusters` with no scenario (tests write their own objects), a namespace `demo`
    /// in each, and its kubeconfig on disk.
    final class EmptyFleet {
        let fleet: DemoFleet
        let kubeconfig = NSTemporaryDirectory() + "rollscope-fleet-\(UUID().uuidString)/config"

        init(clusters: Int) throws {
            fleet = try DemoFleet.start(DemoOptions(scenario: .empty), clusters: clusters)
            for member in fleet.members {
                try member.server.store.create(.namespaces, namespace: nil, object: ["metadata": ["name": "demo"]])
            }
            try fleet.writeKubeconfig(to: kubeconfig)
        }

        deinit {
            fleet.stop()
            try? FileManager.default.removeItem(atPath: (kubeconfig as NSString).deletingLastPathComponent)
        }

        func config(_ context: String) throws -> ClientConfig {
            try KubeconfigLoader(environment: [:]).load(KubeconfigOptions(kubeconfig: kubeconfig, context: context))
        }

        func client(_ context: String) throws -> KubeClient {
            try KubeClient(config: config(context), options: KubeClientOptions(connectTimeout: 2, stallTimeout: 5))
        }

        func createPod(_ member: DemoFleet.Member, _ name: String) throws {
            try member.server.store.create(.pods, namespace: "demo", object: ["metadata": ["name": .string(name)]])
        }
    }

    /// Polls `condition` every 50 ms until it holds or `seconds` pass.
    func eventually(_ seconds: Double = 10, _ condition: () throws -> Bool) async rethrows -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if try condition() { return true }
            try? await Task.sleep(nanoseconds: 50_000_000)
        }
        return try condition()
    }

    @Test func theClustersAreNamedForTheRelease() {
        #expect(DemoFleet.names(count: 1) == ["rollscope-demo"])
        #expect(DemoFleet.names(count: 3) == ["staging", "prod-eu", "prod-us"])
        #expect(DemoFleet.names(count: 4) == ["staging", "prod-1", "prod-2", "prod-3"])
        #expect(EmbeddedAPIServer.contextNames(cluster: "prod-eu") == [
            "prod-eu", "prod-eu-admin-cert", "prod-eu-viewer", "prod-eu-viewer-cert",
            "prod-eu-cart-promoter", "prod-eu-cart-operator", "prod-eu-shop-viewer", "prod-eu-spec-patcher",
        ])
        let members = DemoFleet.memberOptions(DemoOptions(seed: 40, releaseIntervalSeconds: 45), count: 3)
        #expect(members.map(\.scenario) == [.fleetRelease(.released), .fleetRelease(.rollingOut), .fleetRelease(.notStarted)])
        #expect(members.map(\.seed) == [40, 41, 42])
        #expect(members.map(\.releaseIntervalSeconds) == [45, 51, 57], "the clusters' releases never arrive together")
        let scale = DemoOptions.Scenario.scale(namespaces: 2, rolloutsPerNamespace: 3, podsPerRollout: 1)
        #expect(DemoFleet.memberOptions(DemoOptions(scenario: scale), count: 2).map(\.scenario) == [scale, scale])
        let one = DemoFleet.memberOptions(DemoOptions(seed: 40), count: 1)
        #expect(one.map(\.scenario) == [.default] && one.map(\.seed) == [40], "one cluster plays the demo as it always did")
    }

    @Test func aFleetOfOneWritesTheKubeconfigItAlwaysDid() throws {
        let one = try EmptyFleet(clusters: 1)
        let server = one.fleet.members[0].server
        #expect(try String(contentsOfFile: one.kubeconfig, encoding: .utf8) == server.kubeconfigYAML())
        #expect(one.fleet.adminContexts == ["admin-token"])
        #expect(one.fleet.contexts == EmbeddedAPIServer.contextNames)
        #expect(try one.config("admin-token").server == server.url)
    }

    @Test func everyContextReachesItsOwnServerWithItsOwnCredentials() async throws {
        let t = try EmptyFleet(clusters: 3)
        #expect(t.fleet.adminContexts == ["staging", "prod-eu", "prod-us"])
        #expect(Set(t.fleet.members.map(\.server.port)).count == 3)
        #expect(Set(t.fleet.members.map(\.server.credentials.caPEM)).count == 3, "a CA per cluster")
        let merged = try KubeconfigLoader.merge([t.kubeconfig])
        #expect(merged.currentContext?.value == "staging")
        for member in t.fleet.members {
            let credentials = member.server.credentials
            for (context, user) in zip(EmbeddedAPIServer.contextNames(cluster: member.name), credentials.users.flatMap { user in
                user.certificatePEM.isEmpty ? [(user, false)] : [(user, false), (user, true)]
            }) {
                let config = try t.config(context)
                #expect(config.server == member.server.url, "\(context)")
                #expect(config.clusterName == member.name && config.userName == context)
                #expect(config.tls.caPEM == Data(credentials.caPEM.utf8), "\(context) trusts its own cluster's CA")
                if user.1 {
                    #expect(config.clientCertificate?.certificatePEM == Data(user.0.certificatePEM.utf8), "\(context)")
                } else {
                    #expect(config.credential == .token(user.0.token), "\(context)")
                }
            }
            member.server.faults.clearRequests()
        }
        // Each cluster's admin and viewer, by token and by certificate, list on their own server.
        for member in t.fleet.members {
            for context in EmbeddedAPIServer.contextNames(cluster: member.name).prefix(4) {
                let list = try await t.client(context).list(Named.self, .namespaces)
                #expect(list.items.map(\.metadata.name).contains("demo"), "\(context)")
            }
        }
        for member in t.fleet.members {
            #expect(member.server.faults.requests.map { $0.user ?? "-" } == ["admin", "admin", "viewer", "viewer"], "\(member.name)")
        }
        // One cluster's credentials are not another's: staging's admin token at prod-eu is refused.
        let prodEU = t.fleet.members[1].server
        var crossed = try t.config("staging")
        crossed.server = prodEU.url
        crossed.tls.caPEM = Data(prodEU.credentials.caPEM.utf8)
        do {
            _ = try await KubeClient(config: crossed).list(Named.self, .namespaces)
            Issue.record("staging's token was accepted by prod-eu")
        } catch KubeError.unauthorized {}
    }

    /// The range's start as /proc says it, else Linux's default; ports chosen from a place in
    /// the range below it, wrapping round, skipping those taken.
    @Test func portsAreChosenBelowTheEphemeralRange() {
        #expect(DemoPorts.ephemeralStart("32768\t60999\n") == 32768)
        #expect(DemoPorts.ephemeralStart("40000 65000") == 40000)
        #expect(DemoPorts.ephemeralStart(nil) == 32768 && DemoPorts.ephemeralStart("") == 32768 && DemoPorts.ephemeralStart("x 1") == 32768)
        #expect(DemoPorts.choose(3, below: 20000, from: 19999, isFree: { $0 != 10000 }) == [19999, 10001, 10002])
        #expect(DemoPorts.choose(2, below: 20000, from: 5, isFree: { _ in true }) == [10005, 10006], "a start below the range's floor wraps into it")
        #expect(DemoPorts.choose(1, below: 20000, from: 15000, isFree: { _ in false }) == nil, "none free")
        #expect(DemoPorts.choose(2, below: 10001, from: 0, isFree: { _ in true })?.allSatisfy { (1024..<10001).contains($0) } == true,
                "a range starting low: from 1024")
    }

    /// A fleet started without a port listens below the ephemeral range, where no outgoing
    /// connection can take a stopped server's port: `start CLUSTER` binds it again.
    @Test func theFleetListensBelowTheEphemeralRangeAndComesBackOnItsPort() async throws {
        let t = try EmptyFleet(clusters: 2)
        let limit = DemoPorts.ephemeralStart
        for member in t.fleet.members {
            #expect(member.server.port < limit && member.server.port >= 1024, "\(member.name) on \(member.server.port), the range from \(limit)")
        }
        let member = t.fleet.members[1]
        let port = member.server.port
        try t.fleet.stopServer(of: member.name)
        try t.fleet.restartServer(of: member.name)
        #expect(member.server.port == port)
        let list = try await t.client(member.name).list(Named.self, .namespaces)
        #expect(list.items.map(\.metadata.name).contains("demo"))
    }

    @Test func oneServerStopsAndComesBackWhileTheOthersServe() async throws {
        let t = try EmptyFleet(clusters: 3)
        let (staging, prodEU, prodUS) = (t.fleet.members[0], t.fleet.members[1], t.fleet.members[2])
        // What each informer went through, after it first went live.
        let states = Locked<[String: [ConnectionState]]>([:])
        var informers: [String: Informer<Named>] = [:]
        for member in t.fleet.members {
            try t.createPod(member, "before")
            let name = member.name
            informers[name] = Informer<Named>(
                client: try t.client(name), resource: .pods, scope: ListScope(namespace: "demo"),
                options: InformerOptions(backoff: Backoff(initial: 0.05, cap: 0.3, jitter: 0)),
                deliver: { event in if case .state(let s) = event { states.withLock { $0[name, default: []].append(s) } } })
            informers[name]?.start()
        }
        defer { for informer in informers.values { informer.stop() } }
        #expect(await eventually { informers.values.allSatisfy { $0.state == .live && $0.object(forKey: "demo/before") != nil } })
        #expect(await eventually { t.fleet.members.allSatisfy { $0.server.openWatchCount == 1 } }, "each informer watching")
        states.withLock { $0 = [:] }

        try t.fleet.stopServer(of: "prod-eu")
        #expect(await eventually { if case .reconnecting = informers["prod-eu"]!.state { true } else { false } })
        let refused = try t.client("prod-eu")
        await #expect(throws: KubeError.self) { _ = try await refused.list(Named.self, .pods) }
        // The others still list, and their watches still deliver.
        for member in [staging, prodUS] {
            try t.createPod(member, "while-prod-eu-is-down")
            let client = try t.client(member.name)
            let names = try await client.list(Named.self, .pods, ListScope(namespace: "demo")).items.map(\.metadata.name)
            #expect(names.sorted() == ["before", "while-prod-eu-is-down"], "\(member.name)")
            #expect(await eventually { informers[member.name]!.object(forKey: "demo/while-prod-eu-is-down") != nil }, "\(member.name)")
        }
        // prod-eu's cluster goes on while its server is down; back on its port, its watch resumes
        // from where it was (no new list) and catches up.
        try t.createPod(prodEU, "while-down")
        #expect(throws: DemoFleet.AlreadyServing.self) { try t.fleet.restartServer(of: "staging") }
        try t.fleet.restartServer(of: "prod-eu")
        let back = informers["prod-eu"]!
        #expect(await eventually { back.state == .live && back.object(forKey: "demo/while-down") != nil }, "\(back.state)")
        #expect(back.lists == 1, "the watch resumed rather than listing again")
        #expect(states.withLock { $0["staging"] ?? [] }.isEmpty && states.withLock { $0["prod-us"] ?? [] }.isEmpty,
                "the others never left live: \(states.withLock { $0 })")
        #expect(throws: DemoFleet.UnknownCluster.self) { try t.fleet.stopServer(of: "prod-mars") }
    }

    @Test func aPromoteInOneClusterChangesOnlyThatCluster() async throws {
        let fleet = try DemoFleet.start(DemoOptions(seed: 5, headStartSeconds: 120), clusters: 3)
        defer { fleet.stop() }
        let kubeconfig = NSTemporaryDirectory() + "rollscope-fleet-\(UUID().uuidString).kubeconfig"
        try fleet.writeKubeconfig(to: kubeconfig)
        defer { try? FileManager.default.removeItem(atPath: kubeconfig) }
        func cart(_ member: DemoFleet.Member) throws -> JSON { try member.server.store.get(.rollouts, namespace: "shop", name: "cart").json }
        let (staging, prodEU, prodUS) = (fleet.members[0], fleet.members[1], fleet.members[2])
        #expect(try cart(prodEU)[path: ["status", "currentStepIndex"]] == 1, "paused at its indefinite pause (STEP 1/4) after the head start")
        let untouched = try [staging, prodUS].map(cart)
        for member in fleet.members { member.server.faults.clearRequests() }

        let config = try KubeconfigLoader(environment: [:]).load(KubeconfigOptions(kubeconfig: kubeconfig, context: "prod-eu"))
        _ = try await KubeClient(config: config).patch(Named.self, .rollouts, namespace: "shop", name: "cart", subresource: "status",
                                                       .merge, body: Data(#"{"status":{"pauseConditions":null}}"#.utf8))
        #expect(await eventually { ((try? cart(prodEU))?[path: ["status", "currentStepIndex"]]?.intValue ?? 0) >= 2 },
                "prod-eu's controller took the promote")
        #expect(try [staging, prodUS].map(cart) == untouched, "staging's and prod-us's cart are as they were")
        #expect(prodEU.server.faults.requests.map(\.method) == ["PATCH"])
        #expect(staging.server.faults.requests.isEmpty && prodUS.server.faults.requests.isEmpty)
    }
}
