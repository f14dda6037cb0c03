import APIServer
import Foundation
import JSONValue
import Kube
import KubeModel
import Testing
import TerminalUI
@testable import Console

/// Discovery decides what the console watches: on a cluster with one tool it is live at once,
/// never lists the other's kind and says it is not installed; with neither it says so and how to
/// check; a tool installed or removed while it runs is picked up.
@Suite(.serialized) struct DiscoveryTests {
    /// A server serving `groups`, with Rollout shop/checkout, and a live source on it that asks
    /// discovery again every 0.2 s while a tool is missing.
    static func start(groups: Set<String>) throws -> (EmbeddedAPIServer, LiveSource) {
        let server = try EmbeddedAPIServer(options: .init(customGroups: groups))
        try server.start()
        _ = try server.store.create(.namespaces, namespace: nil, object: ["metadata": ["name": "shop"]])
        _ = try server.store.create(.rollouts, namespace: "shop", object: ["metadata": ["name": "checkout"], "spec": ["replicas": 1]])
        _ = try server.store.create(.canaries, namespace: "shop", object: ["metadata": ["name": "podinfo"], "spec": [:]])
        let dir = NSTemporaryDirectory() + "rollscope-discovery-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        try server.writeKubeconfig(to: dir + "/config")
        let config = try KubeconfigLoader(environment: ["HOME": dir]).load(KubeconfigOptions(kubeconfig: dir + "/config"))
        let source = LiveSource(client: try KubeClient(config: config),
                                identity: ClusterIdentity(context: config.contextName, server: config.server, user: config.userName),
                                rediscoveryInterval: 0.2) { _ in throw KubeError.cancelled }
        return (server, source)
    }

    /// The console's loop without a terminal: the reducer's watches go to the source.
    final class Loop {
        let source: LiveSource
        var state: ConsoleState
        var notices: [String] = []

        init(_ source: LiveSource) {
            self.source = source
            state = ConsoleState(identity: source.identity, scope: .all, watchAllNamespaces: true, now: Date())
            state.served = source.initiallyServed
            source.start(wake: {})
            apply(Console.Reducer.start(&state))
        }

        func apply(_ effects: [ConsoleEffect]) {
            for case let .watch(specs) in effects { source.setWatches(specs) }
        }

        @discardableResult
        func pump(limit: Int = 200, until done: (ConsoleState) -> Bool) async -> Bool {
            for _ in 0..<limit {
                for event in source.drain() {
                    if case let .notice(line) = event { notices.append(line.text) }
                    apply(Console.Reducer.reduce(&state, event))
                }
                if done(state) { return true }
                try? await Task.sleep(nanoseconds: 50_000_000)
            }
            return false
        }

        var screen: [String] { ConsoleView.render(state, glyphs: .unicode).lines }
    }

    static func names(_ state: ConsoleState) -> Set<String> { Set(state.rows.values.map(\.ref.name)) }

    @Test func aClusterWithoutFlaggerIsLiveAtOnceAndPicksItUpWhenInstalled() async throws {
        let (server, source) = try Self.start(groups: ["argoproj.io"])
        defer { source.stop(); server.stop() }
        let loop = Loop(source)
        #expect(loop.state.neededWatches.isEmpty, "nothing of either tool is watched before discovery answers")
        #expect(await loop.pump { $0.connection == .live && Self.names($0) == ["checkout"] }, "\(loop.state.connection)")
        #expect(loop.state.served == .known(argo: true, flagger: false))
        #expect(loop.screen[0].contains("Flagger not installed"), "\(loop.screen[0])")
        // A while later, still nothing asked of canaries, nothing said of them.
        await loop.pump(limit: 10) { _ in false }
        #expect(!server.faults.requests.contains { $0.uri.contains("canaries") }, "\(server.faults.requests.map(\.uri))")
        #expect(loop.notices.isEmpty, "\(loop.notices)")

        server.groups.install("flagger.app")
        #expect(await loop.pump { Self.names($0) == ["checkout", "podinfo"] }, "the canary appears once Flagger is installed")
        #expect(loop.state.served == .known(argo: true, flagger: true))
        #expect(!loop.screen[0].contains("not installed"))

        server.groups.remove("flagger.app")
        #expect(await loop.pump { Self.names($0) == ["checkout"] && $0.served == .known(argo: true, flagger: false) },
                "the canary goes with Flagger")
        #expect(loop.state.connection == .live)
        #expect(!loop.notices.contains { $0.contains("404") }, "\(loop.notices)")
    }

    /// The server's version is asked once per connection (`GET /version`), not at every
    /// rediscovery, and reaches the cluster's state (the clusters pane shows it).
    @Test func theServerVersionIsAskedOnce() async throws {
        let (server, source) = try Self.start(groups: ["argoproj.io"])
        defer { source.stop(); server.stop() }
        let loop = Loop(source)
        #expect(await loop.pump { $0.cluster($0.primary).serverVersion != nil })
        #expect(loop.state.cluster(loop.state.primary).serverVersion == "v1.32.0-rollscope-demo")
        // Flagger missing: discovery is asked again every 0.2 s; the version is not.
        await loop.pump(limit: 10) { _ in false }
        #expect(server.faults.requests.filter { $0.uri.hasPrefix("/apis") && !$0.uri.contains("/apis/") }.count > 1, "rediscovered")
        #expect(server.faults.requests.filter { $0.uri == "/version" }.count == 1, "\(server.faults.requests.map(\.uri))")
    }

    @Test func aClusterWithNeitherToolSaysSoAndHowToCheck() async throws {
        let (server, source) = try Self.start(groups: [])
        defer { source.stop(); server.stop() }
        let loop = Loop(source)
        #expect(await loop.pump { $0.connection == .live && $0.served.servesNeither }, "\(loop.state.connection)")
        let screen = loop.screen.joined(separator: "\n")
        #expect(loop.screen[0].contains("Argo Rollouts and Flagger not installed"))
        #expect(screen.contains("Neither Argo Rollouts nor Flagger is installed on this cluster"))
        #expect(screen.contains("kubectl api-resources --api-group=argoproj.io"))
        #expect(!server.faults.requests.contains { $0.uri.contains("rollouts") || $0.uri.contains("canaries") })
    }

    @Test func onlyServedKindsAreWatched() {
        var state = ConsoleState(identity: ClusterIdentity(context: "c", server: "s", user: "u"), scope: .all, watchAllNamespaces: true, now: Date())
        // The Rollouts' ReplicaSets are listed beside them from the start; a Canary's Deployments wait for a Canary.
        #expect(Set(state.neededWatches.map(\.resource.plural)) == ["rollouts", "replicasets", "canaries"], "a dump or a test assumes both")
        state.served = .discovering
        #expect(state.neededWatches.isEmpty)
        state.served = .known(argo: false, flagger: true)
        #expect(Set(state.neededWatches.map(\.resource.plural)) == ["canaries"])
        state.served = .known(argo: true, flagger: false)
        #expect(Set(state.neededWatches.map(\.resource.plural)) == ["rollouts", "replicasets"])
        #expect(ServedKinds(groups: ["apps", "flagger.app"]) == .known(argo: false, flagger: true))
        #expect(ServedKinds.known(argo: false, flagger: true).missingText == "Argo Rollouts not installed")
    }
}

extension ServedKinds {
    /// What discovery says of the two tools, as these tests name it.
    static func known(argo: Bool, flagger: Bool) -> ServedKinds {
        ServedKinds(groups: Set([argo ? ResourceType.rollouts.group : nil, flagger ? ResourceType.canaries.group : nil].compactMap { $0 }))
    }
}
