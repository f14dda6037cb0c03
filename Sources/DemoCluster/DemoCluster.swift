import APIServer
import Foundation
import JSONValue
import KubeModel

/// A running simulation on an embedded API server: the Kubernetes Deployment and ReplicaSet
/// controllers and the kubelet, the Argo Rollouts controller (Rollouts, AnalysisRuns,
/// Experiments), Flagger with its flagger-loadtesters behind the service proxy and its
/// `/metrics` page behind its pod (pod proxy), and the
/// scenario's director. Everything reads by watching the store and writes through its API.
public final class DemoCluster: @unchecked Sendable {
    public let server: EmbeddedAPIServer
    public let options: DemoOptions
    public let clock: any DemoClock
    /// The seed in use (the given one, or the one drawn when none was given).
    public let seed: UInt64
    /// The flagger-loadtester of each namespace with a `flagger-loadtester` Service.
    public let loadTesters: LoadTesterRegistry
    /// The simulated Flagger's `/metrics` page, served by its pod through the pod proxy.
    public let flaggerMetrics: FlaggerMetrics

    private let random: DemoRandom
    private let watcher: StoreWatcher
    private let replicaSets: ReplicaSetController
    private let deployments: DeploymentController
    private let rollouts: RolloutController
    private let analysisRuns: AnalysisRunController
    private let experiments: ExperimentController
    private let canaries: CanaryController
    private let director: ScenarioDirector
    private let podLogs: PodLogWriter
    private let lock = NSLock()
    private var started = false

    public init(server: EmbeddedAPIServer, options: DemoOptions, clock: any DemoClock = LiveClock()) throws {
        self.server = server
        self.options = options
        self.clock = clock
        seed = options.seed ?? UInt64.random(in: 0...UInt64.max)
        random = DemoRandom(seed: seed)
        let store = server.store
        watcher = StoreWatcher(store: store)
        let events = EventRecorder(store: store, clock: clock, random: random)
        loadTesters = LoadTesterRegistry(proxy: server.proxy)
        flaggerMetrics = FlaggerMetrics(proxy: server.proxy)
        replicaSets = ReplicaSetController(store: store, clock: clock, options: options, random: random)
        deployments = DeploymentController(store: store, clock: clock)
        rollouts = RolloutController(store: store, clock: clock, events: events)
        analysisRuns = AnalysisRunController(store: store, clock: clock, options: options, random: random)
        experiments = ExperimentController(store: store, clock: clock)
        canaries = CanaryController(store: store, clock: clock, options: options, events: events,
                                    webhooks: WebhookCaller(loadTesters: loadTesters), metrics: flaggerMetrics,
                                    random: DemoRandom(seed: seed ^ 0x666C_6167_6765_72))
        director = ScenarioDirector(store: store, clock: clock, random: random)
        podLogs = PodLogWriter(store: store, logs: server.logs, clock: clock)
    }

    /// Starts the controllers, then applies the scenario's objects through the API (so the
    /// controllers meet them as ordinary ADDED events). Call once.
    public func start() throws {
        lock.lock()
        defer { lock.unlock() }
        guard !started else { return }
        started = true
        switch options.scenario {
        case .default:
            try DefaultScenario(store: server.store, director: director, release: Release(store: server.store),
                                groups: options.crdGroups).apply()
        case .fleetRelease(let stage):
            try FleetRelease(scenario: ScenarioKit(store: server.store, director: director, release: Release(store: server.store)),
                             loadTesters: loadTesters, stage: stage).apply()
        case .scale(let namespaces, let rolloutsPerNamespace, let podsPerRollout):
            try ScaleScenario(store: server.store, namespaces: namespaces, rolloutsPerNamespace: rolloutsPerNamespace,
                              podsPerRollout: podsPerRollout).apply()
        case .empty:
            break
        }
        try loadTesters.start(watcher, clock: clock)
        try flaggerMetrics.start(watcher, clock: clock)
        try replicaSets.start(watcher)
        try deployments.start(watcher)
        try rollouts.start(watcher)
        try analysisRuns.start(watcher)
        try experiments.start(watcher)
        try canaries.start(watcher)
        if case .scale = options.scenario {} else { podLogs.start() }
        let releases = options.releasesArrive ? options.scaled(options.releaseIntervalSeconds) : 0
        try director.start(watcher, releaseInterval: releases)
    }

    /// Stops watching and reacting; the objects stay in the store. Idempotent.
    public func stop() {
        watcher.stop()
        replicaSets.stop()
        deployments.stop()
        rollouts.stop()
        analysisRuns.stop()
        experiments.stop()
        canaries.stop()
        director.stop()
        loadTesters.stop()
        flaggerMetrics.stop()
        podLogs.stop()
    }

    /// What the cluster serves, for `rollscope demo --serve` to print.
    public var summary: String {
        let store = server.store
        func count(_ r: ResourceType) -> Int { store.count(r) }
        return """
        rollscope demo cluster (seed \(seed), speed \(options.speed)x)
          namespaces: \(((try? store.list(.namespaces, namespace: nil).items) ?? []).map(\.name).joined(separator: ", "))
          \(count(.rollouts)) Rollouts, \(count(.canaries)) Canaries, \(count(.replicaSets)) ReplicaSets, \(count(.pods)) Pods
          flagger-loadtester in: \(loadTesters.namespaces.joined(separator: ", "))
          CRDs served: \(server.groups.groups.isEmpty ? "none" : server.groups.groups.sorted().joined(separator: ", "))
        """
    }
}
