import Foundation
import Testing
import KubeModel
@testable import Console

/// A member of a fleet in a test: its own identity, the events the test queues, and what it is asked.
private final class FakeMember: ConsoleSource, @unchecked Sendable {
    let identity: ClusterIdentity
    private let lock = NSLock()
    private var queued: [ConsoleEvent] = []
    private(set) var watches: [Set<WatchSpec>] = []
    private(set) var sent: [Mutation] = []
    private(set) var started = false
    private(set) var stopped = false
    private(set) var enabled: DeliveryRegistry?

    init(_ id: ClusterID) { identity = FleetFixtures.identity(id) }

    func queue(_ events: [ConsoleEvent]) { lock.withLock { queued += events } }
    func start(wake: @escaping @Sendable () -> Void) { started = true }
    func drain() -> [ConsoleEvent] { lock.withLock { defer { queued = [] }; return queued } }
    func setWatches(_ watches: Set<WatchSpec>) { self.watches.append(watches) }
    func send(_ mutation: Mutation) { sent.append(mutation) }
    func switchContext(_ name: String) {}
    func stop() { stopped = true }
    func enable(_ deliveries: DeliveryRegistry) { enabled = deliveries }
}

/// `FleetSource` over fake members: events tagged by cluster, watches and mutations routed to
/// their own member, a member in trouble never holding up the others.
@Suite struct FleetSourceTests {
    private static func fleet() -> (FleetSource, FakeMember, FakeMember) {
        let eu = FakeMember(FleetFixtures.prodEU), us = FakeMember(FleetFixtures.prodUS)
        let fleet = FleetSource(members: [("prod-eu", eu), ("prod-us", us)]) { name in FakeMember(ClusterID(name)) }
        return (fleet, eu, us)
    }

    @Test func eventsComeTaggedWithTheirCluster() {
        let (fleet, eu, us) = Self.fleet()
        #expect(fleet.clusters.map(\.id) == [FleetFixtures.prodEU, FleetFixtures.prodUS])
        eu.queue([.connection(.live), .rows(upserted: [Fixtures.checkout], removed: [Fixtures.paymentsRef])])
        us.queue([.detail(Fixtures.checkoutDetail())])
        let events = fleet.drain()
        #expect(events.count == 3)
        guard case .cluster(FleetFixtures.prodEU, .connection(.live)) = events[0],
              case let .cluster(FleetFixtures.prodEU, .rows(upserted, removed)) = events[1],
              case let .cluster(FleetFixtures.prodUS, .detail(detail)) = events[2] else {
            Issue.record("untagged: \(events)")
            return
        }
        #expect(upserted.map(\.ref) == [Fixtures.checkoutRef.in(FleetFixtures.prodEU)])
        #expect(removed == [Fixtures.paymentsRef.in(FleetFixtures.prodEU)])
        #expect(detail.ref == Fixtures.checkoutRef.in(FleetFixtures.prodUS))
    }

    /// One member reconnecting (or silent) does not hold back the other's rows; in the reducer,
    /// its rows stay, stale, while the other's arrive.
    @Test func aMemberInTroubleNeverBlocksTheOther() {
        let (fleet, eu, us) = Self.fleet()
        var state = ConsoleState(clusters: fleet.clusters.map { ClusterState(id: $0.id, identity: $0.identity, watchAllNamespaces: true) },
                                 scope: .all, now: Fixtures.now)
        eu.queue([.connection(.live), .rows(upserted: [Fixtures.checkout], removed: [])])
        us.queue([.connection(.live), .rows(upserted: [Fixtures.checkout], removed: [])])
        for event in fleet.drain() { _ = Reducer.reduce(&state, event) }
        #expect(state.rows.count == 2)
        us.queue([.connection(.reconnecting(since: Fixtures.now, reason: "connection refused"))])
        var moved = Fixtures.checkout
        moved.status = .degraded
        eu.queue([.rows(upserted: [moved], removed: [])])
        for event in fleet.drain() { _ = Reducer.reduce(&state, event) }
        #expect(state.rows[Fixtures.checkoutRef.in(FleetFixtures.prodEU)]?.status == .degraded)
        #expect(state.rows[Fixtures.checkoutRef.in(FleetFixtures.prodUS)]?.status == .paused)
        #expect(state.isStale(Fixtures.checkoutRef.in(FleetFixtures.prodUS)))
        #expect(!state.isStale(Fixtures.checkoutRef.in(FleetFixtures.prodEU)))
    }

    @Test func eachMemberGetsItsOwnWatches() {
        let (fleet, eu, us) = Self.fleet()
        let list = WatchSpec(resource: .rollouts, namespace: nil)
        let events = WatchSpec(resource: .events, namespace: "shop", fieldSelector: "involvedObject.kind=Rollout,involvedObject.name=checkout")
        fleet.setWatches([list.in(FleetFixtures.prodEU), list.in(FleetFixtures.prodUS), events.in(FleetFixtures.prodUS)])
        #expect(eu.watches.last == [list])
        #expect(us.watches.last == [list, events])
    }

    @Test func aMutationGoesToItsClusterOnly() {
        let (fleet, eu, us) = Self.fleet()
        let target = Fixtures.checkoutRef.in(FleetFixtures.prodUS)
        fleet.send(Mutation(id: 7, kind: .promote, label: "promote", target: target, context: "prod-us", requests: []))
        #expect(eu.sent.isEmpty)
        #expect(us.sent.map(\.target) == [Fixtures.checkoutRef])
        #expect(fleet.identity(of: FleetFixtures.prodUS).server == "https://prod-us.example:6443")
        // A cluster no longer shown sends nothing, and says so.
        fleet.send(Mutation(id: 8, kind: .promote, label: "promote", target: Fixtures.checkoutRef.in(ClusterID("gone")), context: "gone",
                            requests: []))
        guard case .mutationFinished(8, .unreachable)? = fleet.drain().first else { Issue.record("no refusal"); return }
    }

    @Test func switchingContextMakesTheFleetThatOne() {
        let (fleet, eu, us) = Self.fleet()
        fleet.enable(.standard)
        fleet.start(wake: {})
        #expect(eu.started && us.started)
        fleet.switchContext("prod-us")
        #expect(eu.stopped && !us.stopped)
        guard case let .fleetChanged(members)? = fleet.drain().first else { Issue.record("no change"); return }
        #expect(members.map(\.id) == [FleetFixtures.prodUS])
        fleet.switchContext("staging")
        #expect(us.stopped)
        #expect(fleet.clusters.map(\.id) == [FleetFixtures.staging])
    }
}

extension FleetSourceTests {
    @Test func aContextJoinsAndLeaves() {
        let (fleet, eu, us) = Self.fleet()
        fleet.enable(.standard)
        fleet.start(wake: {})
        fleet.addContext("staging")
        guard case let .fleetChanged(members)? = fleet.drain().first else { Issue.record("no change"); return }
        #expect(members.map(\.id) == [FleetFixtures.prodEU, FleetFixtures.prodUS, FleetFixtures.staging])
        fleet.removeContext("prod-eu")
        #expect(eu.stopped && !us.stopped)
        #expect(fleet.clusters.map(\.id) == [FleetFixtures.prodUS, FleetFixtures.staging])
        _ = fleet.drain()
        fleet.removeContext("staging")
        fleet.removeContext("prod-us")
        #expect(fleet.clusters.map(\.id) == [FleetFixtures.prodUS], "the last cluster stays")
        #expect(!us.stopped)
    }
}

/// The effect runner in a fleet: the audit record names the mutation's own cluster (context,
/// server, user), and a cluster the config makes read-only is refused there alone.
@Suite struct FleetEffectRunnerTests {
    @Test func theAuditNamesTheClusterAndAReadOnlyClusterIsRefused() throws {
        let eu = FakeMember(FleetFixtures.prodEU), us = FakeMember(FleetFixtures.prodUS)
        let fleet = FleetSource(members: [("prod-eu", eu), ("prod-us", us)]) { name in FakeMember(ClusterID(name)) }
        let log = EffectRunnerTests.temporaryLog()
        let runner = EffectRunner(source: fleet, readOnly: false, readOnlyClusters: [FleetFixtures.prodEU], audit: log,
                                  clock: { Fixtures.now })
        func mutation(_ id: Int, _ cluster: ClusterID) -> Mutation {
            Mutation(id: id, kind: .promote, label: "promote", target: Fixtures.checkoutRef.in(cluster), context: cluster.rawValue,
                     requests: [Fixtures.promoteRequest(Fixtures.checkoutRef)])
        }
        let refused = runner.run([.send(mutation(1, FleetFixtures.prodEU))])
        guard case .mutationFinished(1, .refusedReadOnly)? = refused.events.first else { Issue.record("not refused"); return }
        #expect(eu.sent.isEmpty)
        #expect(runner.run([.send(mutation(2, FleetFixtures.prodUS))]).events.isEmpty)
        #expect(us.sent.count == 1)
        let line = try #require(try String(contentsOfFile: log.path, encoding: .utf8).split(separator: "\n").first)
        let record = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
        #expect(record?["context"] as? String == "prod-us")
        #expect(record?["server"] as? String == "https://prod-us.example:6443")
        #expect(record?["user"] as? String == "admin")
    }

    @Test func aOneClusterSourceCannotGrowAndSaysHow() {
        let runner = EffectRunner(source: FakeSource(), readOnly: false, audit: nil)
        guard case let .notice(message)? = runner.run([.addContext("prod-eu")]).events.first else { Issue.record("no notice"); return }
        #expect(message.text.hasPrefix("context prod-eu: one cluster is shown"))
    }
}
