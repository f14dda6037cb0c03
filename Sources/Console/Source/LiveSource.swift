import Foundation
import Kube
import KubeModel
import Rollouts

/// The console's data from a real (or the embedded demo) API server: one informer per
/// `WatchSpec`, caches on the main thread, rows and the open detail rebuilt only for what an
/// event touched, mutations sent on a task of their own.
public final class LiveSource: ConsoleSource, @unchecked Sendable {
    /// A change from an informer thread, waiting for the main thread.
    private enum Change: Sendable {
        case rollouts(InformerEvent<Rollout>)
        case canaries(InformerEvent<Canary>)
        case replicaSets(InformerEvent<ReplicaSet>)
        case pods(InformerEvent<Pod>)
        case analysisRuns(InformerEvent<AnalysisRun>)
        case experiments(InformerEvent<Experiment>)
        case events(InformerEvent<KubeEvent>)
        case deployments(InformerEvent<Deployment>)
        case state(WatchSpec, ConnectionState)
        case unreadable(WatchSpec, UnreadableObject)
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
    private var reportedFailures: Set<String> = []
    private var lastConnection: ConnectionStatus = .connecting
    /// Follow-ups of canary mutations on their way (by mutation id), and of those that succeeded.
    private var sentFollowUps: [Int: (ObjectRef, MutationKind, CanaryFollowUp)] = [:]
    private var activeFollowUps: [(ObjectRef, MutationKind, CanaryFollowUp)] = []

    /// How the console's informers retry. An operator watching a release wants the screen live
    /// again within a second or two of the API server's return, however long it was away, so the
    /// wait between attempts never grows past 1.2 s (a 429's Retry-After still wins). client-go's
    /// 30 s cap suits controllers, not a screen: with it, a 20 s outage left the list stale for up
    /// to a minute after the server was back.
    public static let defaultInformerOptions = InformerOptions(backoff: Backoff(initial: 0.25, cap: 1, jitter: 0.2))

    /// `connect` makes the client of another context (for `:ctx`).
    public init(client: KubeClient, identity: ClusterIdentity, clock: @escaping @Sendable () -> Date = Date.init,
                informerOptions: InformerOptions = LiveSource.defaultInformerOptions,
                connect: @escaping (String) throws -> (KubeClient, ClusterIdentity)) {
        self.client = client
        self.identity = identity
        self.clock = clock
        self.informerOptions = informerOptions
        self.connect = connect
    }

    public func start(wake: @escaping @Sendable () -> Void) {
        self.wake = wake
    }

    private func post(_ change: Change) {
        lock.withLock { changes.append(change) }
        wake()
    }

    public func setWatches(_ watches: Set<WatchSpec>) {
        var out: [ConsoleEvent] = []
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
            store.drop(spec.resource)
        }
        detailRef = watches.lazy.compactMap(\.detailObject).first
        for spec in watches where informers[spec] == nil {
            informers[spec] = start(spec)
        }
        if !out.isEmpty { lock.withLock { changes += out.map(Change.finished) }; wake() }
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
        case ResourceType.replicaSets.plural: return run(ReplicaSet.self, Change.replicaSets)
        case ResourceType.pods.plural: return run(Pod.self, Change.pods)
        case ResourceType.analysisRuns.plural: return run(AnalysisRun.self, Change.analysisRuns)
        case ResourceType.experiments.plural: return run(Experiment.self, Change.experiments)
        case ResourceType.deployments.plural: return run(Deployment.self, Change.deployments)
        default: return run(KubeEvent.self, Change.events)
        }
    }

    public func drain() -> [ConsoleEvent] {
        let pending = lock.withLock { defer { changes = [] }; return changes }
        guard !pending.isEmpty else { return [] }
        let now = clock()
        var out: [ConsoleEvent] = []
        var changedRollouts: Set<String> = [], removedRollouts: Set<String> = []
        var changedCanaries: Set<String> = [], removedCanaries: Set<String> = []
        var detailTouched = false
        for change in pending {
            switch change {
            case let .rollouts(event):
                let (c, r) = ObjectStore.apply(event, to: &store.rollouts)
                changedRollouts.formUnion(c); removedRollouts.formUnion(r)
            case let .canaries(event):
                let (c, r) = ObjectStore.apply(event, to: &store.canaries)
                changedCanaries.formUnion(c); removedCanaries.formUnion(r)
            case let .replicaSets(event): _ = ObjectStore.apply(event, to: &store.replicaSets); detailTouched = true
            case let .pods(event): _ = ObjectStore.apply(event, to: &store.pods); detailTouched = true
            case let .analysisRuns(event): _ = ObjectStore.apply(event, to: &store.analysisRuns); detailTouched = true
            case let .experiments(event): _ = ObjectStore.apply(event, to: &store.experiments); detailTouched = true
            case let .events(event): _ = ObjectStore.apply(event, to: &store.events); detailTouched = true
            case let .deployments(event): _ = ObjectStore.apply(event, to: &store.deployments); detailTouched = true
            case let .state(spec, state):
                guard informers[spec] != nil else { continue }
                states[spec] = state
                out += stateEvents(spec, state) + readableEvents(spec, state)
            case let .unreadable(spec, object):
                // Told once per object and reason: a relist would repeat it.
                let text = "\(spec.resource.kind) \(object.metadata.key) cannot be read, not shown: \(object.reason)"
                if reportedFailures.insert(text).inserted { out.append(.notice(StatusMessage(text, isError: true))) }
            case let .finished(event):
                if case let .mutationFinished(id, outcome) = event, let followUp = sentFollowUps.removeValue(forKey: id),
                   outcome == .succeeded {
                    activeFollowUps.append(followUp)
                }
                out.append(event)
            }
        }
        if let ref = detailRef {
            let key = "\(ref.namespace)/\(ref.name)"
            if ref.kind == .rollout, changedRollouts.contains(key) || detailTouched { changedRollouts.insert(key) }
            if ref.kind == .canary, changedCanaries.contains(key) || detailTouched { changedCanaries.insert(key) }
            detailTouched = detailTouched || changedRollouts.contains(key) || changedCanaries.contains(key)
        }
        let detailObjects = detailRef.map { store.objects(in: $0.namespace) }
        func objects(_ namespace: String?) -> ObjectSet {
            namespace == detailRef?.namespace ? detailObjects ?? ObjectSet() : ObjectSet()
        }
        var rows: [RolloutRow] = []
        // What counts is where each key ends the batch: a delete then a re-create (or an unreadable
        // version then a readable one) is a row; a change then a delete is a removal.
        removedRollouts = removedRollouts.filter { store.rollouts[$0] == nil }
        removedCanaries = removedCanaries.filter { store.canaries[$0] == nil }
        for key in changedRollouts {
            guard let rollout = store.rollouts[key] else { continue }
            rows.append(RolloutRowBuilder.row(rollout, objects: objects(rollout.metadata.namespace), now: now))
        }
        for key in changedCanaries {
            guard let canary = store.canaries[key] else { continue }
            rows.append(CanaryRowBuilder.row(canary, objects: objects(canary.metadata.namespace), now: now))
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
        }
        if case let .unauthorized(message) = state, isList { return connectionEvent(.unauthorized(message: message)) }
        if case .failed = state, spec.resource == .events, spec.fieldSelector != nil, let running = informers[spec] {
            // Some servers refuse `involvedObject.*` field selectors: watch the namespace's Events
            // instead (the detail keeps only its object's), under the same key so leaving closes it.
            running.stop()
            informers[spec] = start(WatchSpec(resource: .events, namespace: spec.namespace))
            return []
        }
        if case let .failed(message) = state {
            guard reportedFailures.insert("\(spec.resource.plural): \(message)").inserted else { return [] }
            return [.notice(StatusMessage("\(spec.resource.plural): \(message)", isError: true))]
        }
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
        activeFollowUps.removeAll { ref, kind, followUp in
            let key = "\(ref.namespace)/\(ref.name)"
            guard changed.contains(key), let canary = store.canaries[key], let action = followUp.due(canary) else { return false }
            if let plan = try? CanaryRequests.plan(action, for: canary, now: now) {
                due.append(.followUpDue(FollowUp(kind: kind, label: action.title, target: ref, requests: plan.requests)))
            }
            return true
        }
        return due
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
            sentFollowUps[mutation.id] = (ref, mutation.kind, followUp)
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
            lock.withLock { changes.append(.finished(.contextChanged(identity))) }
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
        for running in informers.values { running.stop() }
        informers = [:]
        states = [:]
    }
}
