import Foundation
import Kube
import KubeModel
import Delivery

/// The console's data from a real (or the embedded demo) API server: discovery first (which
/// tools the cluster serves, `.served`), then one informer per `WatchSpec`, caches on the main
/// thread, rows and the open detail rebuilt only for what an event touched, mutations sent on a
/// task of their own.
public final class LiveSource: ConsoleSource, @unchecked Sendable {
    /// A change from an informer thread, waiting for the main thread.
    private enum Change: Sendable {
        case rollouts(InformerEvent<Rollout>)
        case canaries(InformerEvent<Canary>)
        case replicaSets(WatchSpec, InformerEvent<ReplicaSet>)
        case pods(InformerEvent<Pod>)
        case analysisRuns(InformerEvent<AnalysisRun>)
        case experiments(InformerEvent<Experiment>)
        case events(InformerEvent<KubeEvent>)
        case deployments(WatchSpec, InformerEvent<Deployment>)
        case state(WatchSpec, ConnectionState)
        case unreadable(WatchSpec, UnreadableObject)
        /// Discovery answered.
        case served(ServedKinds)
        /// Discovery could not reach the server.
        case discoveryFailed(since: Date, message: String)
        case finished(ConsoleEvent)
    }

    /// A running informer, type-erased so one dictionary holds them all.
    private struct Running {
        var stop: () -> Void
    }

    public private(set) var identity: ClusterIdentity
    private var client: KubeClient
    private let connect: (String) throws -> (KubeClient, ClusterIdentity)
    private let clock: @Sendable () -> Date
    private let informerOptions: InformerOptions
    private let lock = NSLock()
    private var changes: [Change] = []
    private var wake: @Sendable () -> Void = {}
    private var informers: [WatchSpec: Running] = [:]
    private var states: [WatchSpec: ConnectionState] = [:]
    private var store = ObjectStore()
    private var detailRef: ObjectRef?
    /// Rows to build again at the next drain because a closed watch took away what they showed
    /// (Rollouts by key, and Canaries by their workloads' Deployment keys).
    private var staleRollouts: Set<String> = []
    private var staleDeployments: Set<String> = []
    private var reportedFailures: Set<String> = []
    private var lastConnection: ConnectionStatus = .connecting
    /// What rollscope must set back after a canary mutation: while it is on its way (by
    /// mutation id), then once it succeeded.
    private struct Watched {
        var ref: ObjectRef
        var kind: MutationKind
        var followUp: CanaryFollowUp
        var origin: AutomaticOrigin
    }
    private var sentFollowUps: [Int: Watched] = [:]
    private var activeFollowUps: [Watched] = []
    /// What discovery last said, and the task asking (main thread only).
    private var served: ServedKinds = .discovering
    private var discovery: Task<Void, Never>?
    private let rediscoveryInterval: TimeInterval

    /// How the console's informers retry. An operator watching a release wants the screen live
    /// again within a second or two of the API server's return, however long it was away, so the
    /// wait between attempts never grows past 1.2 s (a 429's Retry-After still wins). client-go's
    /// 30 s cap suits controllers, not a screen: with it, a 20 s outage left the list stale for up
    /// to a minute after the server was back.
    public static let defaultInformerOptions = InformerOptions(backoff: Backoff(initial: 0.25, cap: 1, jitter: 0.2))

    /// How often discovery is asked again while a tool is missing (to see it installed). A tool
    /// that goes away is noticed sooner: its list answers 404, and that asks again at once.
    public static let defaultRediscoveryInterval: TimeInterval = 30

    /// `connect` makes the client of another context (for `:ctx`).
    public init(client: KubeClient, identity: ClusterIdentity, clock: @escaping @Sendable () -> Date = Date.init,
                informerOptions: InformerOptions = LiveSource.defaultInformerOptions,
                rediscoveryInterval: TimeInterval = LiveSource.defaultRediscoveryInterval,
                connect: @escaping (String) throws -> (KubeClient, ClusterIdentity)) {
        self.client = client
        self.identity = identity
        self.clock = clock
        self.informerOptions = informerOptions
        self.rediscoveryInterval = rediscoveryInterval
        self.connect = connect
    }

    /// Nothing of either tool is watched before discovery says the cluster serves it.
    public var initiallyServed: ServedKinds { .discovering }

    public func start(wake: @escaping @Sendable () -> Void) {
        self.wake = wake
        rediscover()
    }

    /// Asks discovery (`GET /apis`) which tools the cluster serves, now, and again every
    /// `rediscoveryInterval` while one is missing. A server that refuses discovery (403) or has
    /// none (404) is assumed to serve both, as before discovery was asked; an unreachable one is
    /// asked again after a short wait, the header saying why.
    private func rediscover() {
        discovery?.cancel()
        let client = self.client
        let interval = rediscoveryInterval
        let clock = self.clock
        discovery = Task { [weak self] in
            var since: Date?
            while !Task.isCancelled {
                do {
                    let kinds = ServedKinds(groups: try await client.servedGroups())
                    guard !Task.isCancelled else { return }
                    since = nil
                    self?.post(.served(kinds))
                    guard kinds.missingText != nil else { return }
                    try await Task.sleep(nanoseconds: UInt64(interval * 1_000_000_000))
                } catch let error as KubeError where error.httpStatus == 403 || error.httpStatus == 404 {
                    self?.post(.served(.assumed))
                    return
                } catch is CancellationError {
                    return
                } catch {
                    if Task.isCancelled { return }
                    let start = since ?? clock()
                    since = start
                    self?.post(.discoveryFailed(since: start, message: "\(error)"))
                    try? await Task.sleep(nanoseconds: 1_000_000_000)
                }
            }
        }
    }

    private func post(_ change: Change) {
        lock.withLock { changes.append(change) }
        wake()
    }

    public func setWatches(_ watches: Set<WatchSpec>) {
        var out: [ConsoleEvent] = []
        let before = informers.count
        for (spec, running) in informers where !watches.contains(spec) {
            running.stop()
            informers[spec] = nil
            states[spec] = nil
            if spec.resource == .rollouts || spec.resource == .canaries {
                let kind: DeliveryKind = spec.resource == .rollouts ? .rollout : .canary
                let keys = (kind == .rollout ? Array(store.rollouts.keys) : Array(store.canaries.keys))
                    .filter { spec.namespace == nil || $0.hasPrefix("\(spec.namespace!)/") }
                out.append(.rows(upserted: [], removed: keys.compactMap { Self.ref(kind, key: $0) }))
            }
            let gone = store.drop(spec)
            staleRollouts.formUnion(gone.rollouts)
            staleDeployments.formUnion(gone.deployments)
        }
        // A list that stopped (its tool went away) no longer holds the connection back.
        if informers.count < before { out += listConnection() }
        detailRef = watches.lazy.compactMap(\.detailObject).first
        for spec in watches where informers[spec] == nil {
            informers[spec] = start(spec)
        }
        if !out.isEmpty { lock.withLock { changes += out.map(Change.finished) } }
        if !out.isEmpty || !staleRollouts.isEmpty || !staleDeployments.isEmpty { wake() }
    }

    private static func ref(_ kind: DeliveryKind, key: String) -> ObjectRef? {
        let parts = key.split(separator: "/", maxSplits: 1).map(String.init)
        return parts.count == 2 ? ObjectRef(kind: kind, namespace: parts[0], name: parts[1]) : nil
    }

    private func start(_ spec: WatchSpec) -> Running {
        let scope = ListScope(namespace: spec.namespace, labelSelector: spec.labelSelector, fieldSelector: spec.fieldSelector)
        func run<T: KubeObject>(_ type: T.Type, _ wrap: @escaping @Sendable (InformerEvent<T>) -> Change) -> Running {
            let informer = Informer<T>(client: client, resource: spec.resource, scope: scope, options: informerOptions) { [weak self] event in
                if case let .state(state) = event { self?.post(.state(spec, state)); return }
                if case let .unreadable(object) = event { self?.post(.unreadable(spec, object)) }
                self?.post(wrap(event))
            }
            informer.start()
            return Running(stop: { informer.stop() })
        }
        switch spec.resource.plural {
        case ResourceType.rollouts.plural: return run(Rollout.self, Change.rollouts)
        case ResourceType.canaries.plural: return run(Canary.self, Change.canaries)
        case ResourceType.replicaSets.plural: return run(ReplicaSet.self) { Change.replicaSets(spec, $0) }
        case ResourceType.pods.plural: return run(Pod.self, Change.pods)
        case ResourceType.analysisRuns.plural: return run(AnalysisRun.self, Change.analysisRuns)
        case ResourceType.experiments.plural: return run(Experiment.self, Change.experiments)
        case ResourceType.deployments.plural: return run(Deployment.self) { Change.deployments(spec, $0) }
        default: return run(KubeEvent.self, Change.events)
        }
    }

    public func drain() -> [ConsoleEvent] {
        let pending = lock.withLock { defer { changes = [] }; return changes }
        guard !pending.isEmpty || !staleRollouts.isEmpty || !staleDeployments.isEmpty else { return [] }
        let now = clock()
        var out: [ConsoleEvent] = []
        var changedRollouts = staleRollouts, removedRollouts: Set<String> = []
        var changedCanaries: Set<String> = [], removedCanaries: Set<String> = []
        var changedDeployments = staleDeployments
        staleRollouts = []
        staleDeployments = []
        var detailTouched = false
        /// Whether changes to objects under these keys can touch the open detail (its namespace).
        func inDetail(_ keys: Set<String>) -> Bool {
            guard let ns = detailRef?.namespace else { return false }
            return keys.contains { $0.hasPrefix("\(ns)/") }
        }
        for change in pending {
            switch change {
            case let .rollouts(event):
                let (c, r) = ObjectStore.apply(event, to: &store.rollouts)
                changedRollouts.formUnion(c); removedRollouts.formUnion(r)
            case let .canaries(event):
                let (c, r) = ObjectStore.apply(event, to: &store.canaries)
                changedCanaries.formUnion(c); removedCanaries.formUnion(r)
            case let .replicaSets(spec, event):
                // The Rollouts that own them show their actual weight and undo from them.
                let owners = store.applyReplicaSets(event, from: spec)
                changedRollouts.formUnion(owners)
                detailTouched = detailTouched || inDetail(owners) || (spec.namespace != nil && spec.namespace == detailRef?.namespace)
            case let .pods(event): _ = ObjectStore.apply(event, to: &store.pods); detailTouched = true
            case let .analysisRuns(event): _ = ObjectStore.apply(event, to: &store.analysisRuns); detailTouched = true
            case let .experiments(event): _ = ObjectStore.apply(event, to: &store.experiments); detailTouched = true
            case let .events(event): _ = ObjectStore.apply(event, to: &store.events); detailTouched = true
            case let .deployments(spec, event):
                let keys = store.applyDeployments(event, from: spec)
                changedDeployments.formUnion(keys)
                detailTouched = detailTouched || inDetail(keys) || (spec.namespace != nil && spec.namespace == detailRef?.namespace)
            case let .state(spec, state):
                guard informers[spec] != nil else { continue }
                states[spec] = state
                out += stateEvents(spec, state) + readableEvents(spec, state)
            case let .served(kinds):
                out += servedEvents(kinds)
            case let .discoveryFailed(since, message):
                out += connectionEvent(.reconnecting(since: since, reason: message))
            case let .unreadable(spec, object):
                // Told once per object and reason: a relist would repeat it.
                let text = "\(spec.resource.kind) \(object.metadata.key) cannot be read, not shown: \(object.reason)"
                if reportedFailures.insert(text).inserted { out.append(.notice(StatusMessage(text, isError: true))) }
            case let .finished(event):
                out.append(event)
                if case let .mutationFinished(id, outcome) = event, let watched = sentFollowUps.removeValue(forKey: id),
                   outcome == .succeeded {
                    activeFollowUps.append(watched)
                    if let close = closing(watched, now: now) {
                        out.append(.followUpOpened(OpenFollowUp(opened: watched.followUp.opened, awaited: watched.followUp.awaited, close: close)))
                    }
                }
            }
        }
        if !changedDeployments.isEmpty {
            // A Canary's row shows its primary's READY: rebuilt when its target or primary changes.
            for (key, canary) in store.canaries {
                let target = "\(canary.metadata.namespace ?? "")/\(canary.spec.targetRef?.name ?? "")"
                if changedDeployments.contains(target) || changedDeployments.contains(target + "-primary") { changedCanaries.insert(key) }
            }
        }
        if let ref = detailRef {
            let key = "\(ref.namespace)/\(ref.name)"
            if ref.kind == .rollout, changedRollouts.contains(key) || detailTouched { changedRollouts.insert(key) }
            if ref.kind == .canary, changedCanaries.contains(key) || detailTouched { changedCanaries.insert(key) }
            detailTouched = detailTouched || changedRollouts.contains(key) || changedCanaries.contains(key)
        }
        let detailObjects = detailTouched ? detailRef.map { store.objects(in: $0.namespace) } : nil
        var rows: [DeliveryRow] = []
        // What counts is where each key ends the batch: a delete then a re-create (or an unreadable
        // version then a readable one) is a row; a change then a delete is a removal.
        removedRollouts = removedRollouts.filter { store.rollouts[$0] == nil }
        removedCanaries = removedCanaries.filter { store.canaries[$0] == nil }
        for key in changedRollouts {
            guard let rollout = store.rollouts[key] else { continue }
            rows.append(RolloutRowBuilder.row(rollout, objects: store.rowObjects(forRollout: key), now: now))
        }
        for key in changedCanaries {
            guard let canary = store.canaries[key] else { continue }
            rows.append(CanaryRowBuilder.row(canary, objects: store.rowObjects(for: canary), now: now))
        }
        out += dueFollowUps(changed: changedCanaries, now: now)
        let removed = removedRollouts.compactMap { Self.ref(.rollout, key: $0) } + removedCanaries.compactMap { Self.ref(.canary, key: $0) }
        if !rows.isEmpty || !removed.isEmpty { out.append(.rows(upserted: rows, removed: removed)) }
        if detailTouched, let ref = detailRef, let set = detailObjects {
            let key = "\(ref.namespace)/\(ref.name)"
            if ref.kind == .rollout, let rollout = store.rollouts[key] {
                out.append(.detail(DetailBuilder.detail(rollout, objects: set, now: now)))
            } else if ref.kind == .canary, let canary = store.canaries[key] {
                out.append(.detail(DetailBuilder.detail(canary, objects: set, now: now)))
            }
        }
        return out
    }

    /// A change in what discovery says, for the reducer (which then asks for the watches of the
    /// kinds served); with neither tool there is no list to go live, so the reachable server is.
    private func servedEvents(_ kinds: ServedKinds) -> [ConsoleEvent] {
        guard kinds != served else { return [] }
        served = kinds
        return [.served(kinds)] + (kinds.servesNeither ? connectionEvent(.live) : [])
    }

    /// A namespace that was refused and whose lists are now all live is readable again (even
    /// when it holds nothing, so no row would clear its mark).
    private func readableEvents(_ spec: WatchSpec, _ state: ConnectionState) -> [ConsoleEvent] {
        guard state == .live, let ns = spec.namespace, spec.resource == .rollouts || spec.resource == .canaries else { return [] }
        let lists = states.filter { $0.key.namespace == ns && ($0.key.resource == .rollouts || $0.key.resource == .canaries) }
        return lists.values.allSatisfy { $0 == .live } ? [.namespaceReadable(ns)] : []
    }

    /// What an informer's state means for the console: the list informers decide the
    /// connection; a namespace's 403 is shown on that namespace; other failures are told once.
    private func stateEvents(_ spec: WatchSpec, _ state: ConnectionState) -> [ConsoleEvent] {
        let isList = spec.resource == .rollouts || spec.resource == .canaries
        if case let .forbidden(message) = state {
            if let ns = spec.namespace, isList { return [.namespaceForbidden(ns, message: message)] }
            if isList { return connectionEvent(.forbidden(message: message)) }
            // What a column or the detail is read from: told once, the values it gives read `-`.
            guard reportedFailures.insert("\(spec.resource.plural): \(message)").inserted else { return [] }
            return [.notice(StatusMessage("\(spec.resource.plural): \(message) (what they show reads -)", isError: true))]
        }
        if case let .unauthorized(message) = state, isList { return connectionEvent(.unauthorized(message: message)) }
        if case .failed = state, spec.resource == .events, spec.fieldSelector != nil, let running = informers[spec] {
            // Some servers refuse `involvedObject.*` field selectors: watch the namespace's Events
            // instead (the detail keeps only its object's), under the same key so leaving closes it.
            running.stop()
            informers[spec] = start(WatchSpec(resource: .events, namespace: spec.namespace))
            return []
        }
        if case let .failed(message) = state, spec.resource.isCustomResource, message.hasPrefix("Error from server (NotFound)") {
            // The tool's CRDs may have been removed: discovery decides (and the reducer then stops
            // this watch); the 404 itself is no news for the operator.
            rediscover()
            return []
        }
        if case let .failed(message) = state {
            guard reportedFailures.insert("\(spec.resource.plural): \(message)").inserted else { return [] }
            return [.notice(StatusMessage("\(spec.resource.plural): \(message)", isError: true))]
        }
        return listConnection()
    }

    /// The connection as the list informers together say it: reconnecting while one is, live once
    /// every one has settled and one is live.
    private func listConnection() -> [ConsoleEvent] {
        let listStates = states.filter { $0.key.resource == .rollouts || $0.key.resource == .canaries }.map(\.value)
        let since = listStates.compactMap { if case let .reconnecting(since, _) = $0 { since } else { nil } }.min()
        if let since {
            let reason = listStates.compactMap { if case let .reconnecting(_, m) = $0 { m } else { nil } }.first ?? ""
            return connectionEvent(.reconnecting(since: since, reason: reason))
        }
        let settled = listStates.allSatisfy {
            switch $0 {
            case .live, .failed, .forbidden, .unauthorized: true
            default: false
            }
        }
        return settled && listStates.contains(.live) ? connectionEvent(.live) : []
    }

    private func connectionEvent(_ status: ConnectionStatus) -> [ConsoleEvent] {
        guard status != lastConnection else { return [] }
        lastConnection = status
        return [.connection(status)]
    }

    /// Follow-ups whose canary has moved far enough, as events; they leave the active list.
    private func dueFollowUps(changed: Set<String>, now: Date) -> [ConsoleEvent] {
        var due: [ConsoleEvent] = []
        activeFollowUps.removeAll { watched in
            let key = "\(watched.ref.namespace)/\(watched.ref.name)"
            guard changed.contains(key), let canary = store.canaries[key], watched.followUp.due(canary) != nil else { return false }
            if let close = closing(watched, now: now) { due.append(.followUpDue(close)) }
            return true
        }
        return due
    }

    /// The automatic request that sets `watched` back, from the canary as cached now.
    private func closing(_ watched: Watched, now: Date) -> FollowUp? {
        guard let canary = store.canaries["\(watched.ref.namespace)/\(watched.ref.name)"],
              let plan = try? CanaryRequests.undo(watched.followUp, for: canary) else { return nil }
        return FollowUp(kind: watched.kind, label: watched.followUp.undo.title, target: watched.ref, requests: plan.requests,
                        after: watched.origin)
    }

    /// The Flagger action behind a mutation kind, for follow-ups.
    private static func canaryAction(_ kind: MutationKind) -> CanaryAction? {
        switch kind {
        case .promote: .approve
        case .promoteFull: .promote
        case .abort: .abort
        default: nil
        }
    }

    public func send(_ mutation: Mutation) {
        let ref = mutation.target
        if ref.kind == .canary, !mutation.isFollowUp, let action = Self.canaryAction(mutation.kind),
           let canary = store.canaries["\(ref.namespace)/\(ref.name)"], let followUp = CanaryFollowUp.after(action, on: canary) {
            sentFollowUps[mutation.id] = Watched(ref: ref, kind: mutation.kind, followUp: followUp,
                                                 origin: AutomaticOrigin(label: mutation.label, time: clock()))
        }
        let client = self.client
        Task { [weak self] in
            let outcome = await MutationSender.run(mutation) { request in _ = try await client.send(request) }
            self?.post(.finished(.mutationFinished(id: mutation.id, outcome: outcome)))
        }
    }

    public func switchContext(_ name: String) {
        do {
            let (client, identity) = try connect(name)
            stop()
            self.client = client
            self.identity = identity
            store = ObjectStore()
            lastConnection = .connecting
            reportedFailures = []
            served = .discovering
            lock.withLock { changes.append(.finished(.contextChanged(identity))) }
            rediscover()
        } catch {
            lock.withLock { changes.append(.finished(.notice(StatusMessage("context \(name): \(error)", isError: true)))) }
        }
        wake()
    }

    /// The resourceVersion of every cached Rollout and Canary by `namespace/name`: what the list
    /// is built from (the reliability tests compare it with a fresh list from the server).
    var listCacheVersions: (rollouts: [String: String], canaries: [String: String]) {
        (store.rollouts.mapValues { $0.metadata.resourceVersion ?? "" }, store.canaries.mapValues { $0.metadata.resourceVersion ?? "" })
    }

    public func stop() {
        discovery?.cancel()
        discovery = nil
        for running in informers.values { running.stop() }
        informers = [:]
        states = [:]
    }
}
