import APIServer
import Foundation

/// Several demo clusters in one process (`rollscope --demo --clusters N`, `demo --serve
/// --clusters N`): each its own embedded API server (its own port, CA and users), store, clock
/// and simulated controllers, so that a change in one cluster reaches no other, with one
/// kubeconfig naming them all. A fleet of one is the demo cluster as it always was.
public final class DemoFleet: @unchecked Sendable {
    /// One cluster of the fleet.
    public struct Member: Sendable {
        public let name: String
        public let server: EmbeddedAPIServer
        public let cluster: DemoCluster
    }

    /// A cluster name the fleet does not have.
    public struct UnknownCluster: Error, CustomStringConvertible {
        public let name: String
        public let known: [String]
        public var description: String { "no cluster \(name) in the demo fleet (clusters: \(known.joined(separator: ", ")))" }
    }

    /// The most clusters `--clusters` takes.
    public static let maxClusters = 16

    /// Seconds each cluster's release interval is longer than the one before's, so that their
    /// new releases never arrive together.
    static let releaseStagger: Double = 6

    public let members: [Member]
    /// The clusters whose server `stopServer` took down.
    private let down = NSLock()
    private var stopped: Set<String> = []

    private init(members: [Member]) { self.members = members }

    /// The clusters' names: one is `rollscope-demo` (its kubeconfig as it always was); three are
    /// `staging`, `prod-eu`, `prod-us`; any other count `staging`, `prod-1`, `prod-2`...
    public static func names(count: Int) -> [String] {
        switch count {
        case 1: ["rollscope-demo"]
        case 3: ["staging", "prod-eu", "prod-us"]
        default: (0..<max(count, 0)).map { $0 == 0 ? "staging" : "prod-\($0)" }
        }
    }

    /// Each cluster's options, from the fleet's: with more than one cluster the default scenario
    /// becomes the fleet's release at each cluster's stage (`ReleaseStage.stages`); each cluster
    /// has its own seed (the given one plus its index; none given, each draws its own) and its own
    /// release interval (`releaseStagger` seconds more than the previous cluster's).
    public static func memberOptions(_ options: DemoOptions, count: Int) -> [DemoOptions] {
        guard count > 1 else { return count == 1 ? [options] : [] }
        return ReleaseStage.stages(count: count).enumerated().map { index, stage in
            var member = options
            if options.scenario == .default { member.scenario = .fleetRelease(stage) }
            member.seed = options.seed.map { $0 &+ UInt64(index) }
            if options.releaseIntervalSeconds > 0 { member.releaseIntervalSeconds += Double(index) * releaseStagger }
            return member
        }
    }

    /// Starts `clusters` demo clusters, listening on 127.0.0.1 at `port`, `port + 1`... (0: free
    /// ports below the ephemeral range, `DemoPorts`, so that a stopped server's port is still
    /// free when it starts again), HTTPS unless `tls` is false. With a head start, each cluster's scenario is seeded
    /// and its head start played at once, the clusters side by side, before any serves; without
    /// one (the scale scenario), each server starts, then its controllers on the wall clock.
    /// A cluster that fails to start stops the ones already started.
    public static func start(_ options: DemoOptions, clusters count: Int = 1, port: Int = 0, tls: Bool = true) throws -> DemoFleet {
        var members: [Member] = []
        var headStarts: [HeadStartClock?] = []
        // None free below the range (a crowded host): the kernel's choice, as before.
        let ports = port == 0 ? DemoPorts.choose(count) ?? Array(repeating: 0, count: count) : (0..<count).map { port + $0 }
        for (index, (name, memberOptions)) in zip(names(count: count), memberOptions(options, count: count)).enumerated() {
            let headStart = memberOptions.headStartSeconds > 0 ? HeadStartClock(headStart: memberOptions.headStartSeconds) : nil
            let clock: any DemoClock = headStart ?? LiveClock()
            let serverOptions = EmbeddedAPIServer.Options(port: ports[index], tls: tls, customGroups: memberOptions.crdGroups)
            let store = ObjectStore(historyLimit: serverOptions.historyLimit, initialResourceVersion: serverOptions.initialResourceVersion,
                                    clock: { clock.now })
            let server = try EmbeddedAPIServer(options: serverOptions, store: store)
            members.append(Member(name: name, server: server, cluster: try DemoCluster(server: server, options: memberOptions, clock: clock)))
            headStarts.append(headStart)
        }
        let fleet = DemoFleet(members: members)
        do {
            for (member, headStart) in zip(members, headStarts) where headStart == nil {
                try member.server.start()
                try member.cluster.start()
            }
            let played = zip(members, headStarts).compactMap { member, clock in clock.map { (member, $0) } }
            for (member, _) in played { try member.cluster.start() }
            DispatchQueue.concurrentPerform(iterations: played.count) { played[$0].1.playForward() }
            for (_, clock) in played { clock.goLive() }
            for (member, _) in played { try member.server.start() }
        } catch {
            fleet.stop()
            throw error
        }
        return fleet
    }

    /// The cluster named `name`.
    public func member(named name: String) throws(UnknownCluster) -> Member {
        guard let member = members.first(where: { $0.name == name }) else { throw UnknownCluster(name: name, known: members.map(\.name)) }
        return member
    }

    /// The context of each cluster's admin (by token), in the clusters' order: what the console
    /// opens on.
    public var adminContexts: [String] {
        members.count == 1 ? [EmbeddedAPIServer.contextNames[0]] : members.map { EmbeddedAPIServer.contextNames(cluster: $0.name)[0] }
    }

    /// Every context of the fleet's kubeconfig, cluster by cluster.
    public var contexts: [String] {
        members.count == 1 ? EmbeddedAPIServer.contextNames : members.flatMap { EmbeddedAPIServer.contextNames(cluster: $0.name) }
    }

    /// One kubeconfig for every cluster (`EmbeddedAPIServer.kubeconfigYAML(fleet:)`).
    public func kubeconfigYAML() -> String { EmbeddedAPIServer.kubeconfigYAML(fleet: members.map { ($0.name, $0.server) }) }

    /// Writes it with mode 0600 (`EmbeddedAPIServer.writeKubeconfig(fleet:to:)`).
    public func writeKubeconfig(to path: String) throws {
        try EmbeddedAPIServer.writeKubeconfig(fleet: members.map { ($0.name, $0.server) }, to: path)
    }

    /// Takes one cluster's API server down while the others keep serving, as when its control
    /// plane restarts or the network to it fails: its port refuses connections and its open
    /// watches and connections end; its controllers go on, its store keeps every change.
    public func stopServer(of name: String) throws {
        let server = try member(named: name).server
        down.withLock { _ = stopped.insert(name) }
        server.stop()
    }

    /// Brings a server `stopServer` took down back on the same port, with the same CA, users and
    /// store: a client's watch resumes from the last resourceVersion it saw. Refused for a server
    /// that is serving.
    public func restartServer(of name: String) throws {
        let server = try member(named: name).server
        guard down.withLock({ stopped.remove(name) }) != nil else { throw AlreadyServing(name: name) }
        do {
            try server.start()
        } catch {
            down.withLock { _ = stopped.insert(name) }
            throw error
        }
    }

    /// `restartServer` of a cluster whose server was not stopped.
    public struct AlreadyServing: Error, CustomStringConvertible {
        public let name: String
        public var description: String { "the server of \(name) is serving already" }
    }

    /// Stops every cluster (controllers, then server); idempotent.
    public func stop() {
        for member in members {
            member.cluster.stop()
            member.server.stop()
        }
    }
}
