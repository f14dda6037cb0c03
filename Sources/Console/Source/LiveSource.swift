import Foundation
import Kube
import KubeModel
import Delivery

/// The console's data from a real (or the embedded demo) API server: discovery first (which
/// tools the cluster serves, `.served`), then one informer per `WatchSpec`, caches on the main
/// thread, rows and the open detail rebuilt only for what an event touched, mutations sent on a
/// task of their own.
public final class LiveSource: ConsoleSource, @unchecked Sendable {
    /// A change from an informer or discovery thread, waiting for the main thread.
    private enum Change: Sendable {
        case report(WatchSpec, WatchSet.Report)
        /// Discovery answered.
        case served(ServedKinds)
        /// Discovery could not reach the server.
        case discoveryFailed(since: Date, message: String)
        /// `GET /version` answered.
        case version(String)
        case finished(ConsoleEvent)
        /// A namespace's reviews answered (or did not), for the client of `generation`.
        case reviewed(generation: Int, namespace: String, Permissions?)
        /// A namespace's rules review answered incomplete: its rows' requests are to be asked
        /// about one by one.
        case rulesIncomplete(generation: Int, Permissions)
    }

    public private(set) var identity: ClusterIdentity
    /// Every context of its kubeconfig (the `:ctx` list), set by whoever opened it.
    public var contextNames: [String] = []
    private var client: KubeClient
    private let connect: (String) throws -> (KubeClient, ClusterIdentity)
    private let clock: @Sendable () -> Date
    private let informerOptions: InformerOptions
    private let lock = NSLock()
    private var changes: [Change] = []
    private var wake: @Sendable () -> Void = {}
    private var registry: DeliveryRegistry
    private lazy var watches = makeWatches()
    private lazy var logStreams = LogStreamSet { [weak self] event in self?.post(.finished(event)) }
    private var store: ObjectStore
    private var connection: ConnectionTracker
    private var followUps = FollowUpBook()
    private var detailRef: ObjectRef?
    /// The fleet screen's application (`WatchSpec.lineupKey`), reported whenever one of its
    /// namespaces or one of the rows changes.
    private var lineupKey: FleetAppKey?
    /// The namespaces its last report came from (`LineupObjects.namespaces`).
    private var lineupNamespaces: Set<String> = []
    /// The application changed: report it at the next drain, whatever changed.
    private var lineupDue = false
    /// What closed watches took away, for the rows to build again at the next drain.
    private var pending = Touched()
    /// The task asking discovery (main thread only).
    private var discovery: Task<Void, Never>?
    private let rediscoveryInterval: TimeInterval
    /// `GET /version` has answered on this connection (once per context: rediscovery does not ask
    /// again; a discovery round that starts before the answer is in may ask once more).
    private var versionAsked = false
    /// Which namespaces were asked about (what the user may do there), main thread only.
    private var permissionBook: PermissionBook
    /// Counts clients (`:ctx`): a review of an earlier one is dropped.
    private var generation = 0
    /// The user's name as the server knows it (`kubectl auth whoami`), asked once per client.
    private var userName: Task<String, Never>?
    /// The reading of Flagger's page asked for (main thread only), and the task reading it.
    private var flaggerScrape: FlaggerScrape?
    private var flaggerPoll: Task<Void, Never>?

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
                registry: DeliveryRegistry = .standard,
                connect: @escaping (String) throws -> (KubeClient, ClusterIdentity)) {
        self.client = client
        self.registry = registry
        store = ObjectStore(registry: registry)
        connection = ConnectionTracker(listResources: registry.listResources)
        permissionBook = PermissionBook(registry: registry)
        self.identity = identity
        self.clock = clock
        self.informerOptions = informerOptions
        self.rediscoveryInterval = rediscoveryInterval
        self.connect = connect
    }

    /// The informers of the current client, reporting to this source.
    private func makeWatches() -> WatchSet {
        WatchSet(client: client, options: informerOptions) { [weak self] spec, report in
            EventStamps.mark(.handedOver)
            self?.post(.report(spec, report))
        }
    }

    public func enable(_ deliveries: DeliveryRegistry) {
        registry = deliveries
        store = ObjectStore(registry: deliveries)
        connection = ConnectionTracker(listResources: deliveries.listResources)
        permissionBook = PermissionBook(registry: deliveries)
    }

    /// Nothing of any tool is watched before discovery says the cluster serves it.
    public var initiallyServed: ServedKinds { .discovering }

    public func start(wake: @escaping @Sendable () -> Void) {
        self.wake = wake
        rediscover()
        askUserName()
    }

    /// Asks the server who the user is (a SelfSubjectReview); the kubeconfig's user name when
    /// it does not say. The name is what a disabled action's reason names.
    private func askUserName() {
        let client = self.client
        let fallback = identity.user
        userName = ClientExecutor.task { (try? await client.whoAmI()) ?? fallback }
    }

    /// The reducer's question (the namespaces on screen): those not asked about yet are asked now.
    public func askPermissions(_ namespaces: Set<String>, in cluster: ClusterID) {
        review(permissionBook.ask(namespaces))
    }

    /// Asks what the user may do in each of `namespaces` (one SelfSubjectRulesReview each).
    /// Where the server says its rules are incomplete, the main thread builds the requests the
    /// rows' plans would send there and asks about them (`askAccess`). A server that does not
    /// answer (404, 403, a failure) gives nil: the actions there stay enabled.
    private func review(_ namespaces: [String]) {
        guard !namespaces.isEmpty, let userName else { return }
        let client = self.client
        let generation = self.generation
        for namespace in namespaces {
            ClientExecutor.task { [weak self] in
                let user = await userName.value
                guard let answer = try? await client.rulesReview(namespace: namespace) else {
                    self?.post(.reviewed(generation: generation, namespace: namespace, nil))
                    return
                }
                let permissions = Permissions(user: user, namespace: namespace, rules: answer.rules, incomplete: answer.incomplete)
                self?.post(answer.incomplete ? .rulesIncomplete(generation: generation, permissions)
                                             : .reviewed(generation: generation, namespace: namespace, permissions))
            }
        }
    }

    /// A SelfSubjectAccessReview for each request the rows' plans would send to the namespace of
    /// `permissions` that its incomplete rules do not allow (main thread: the rows are built here).
    private func askAccess(_ permissions: Permissions) {
        let namespace = permissions.namespace
        let requests = permissionBook.requests(to: namespace, from: rows(reaching: namespace))
        let client = self.client
        let generation = self.generation
        ClientExecutor.task { [weak self] in
            var p = permissions
            for attributes in Set(requests.compactMap { ResourceAttributes($0) }) where p.allows(attributes) == nil {
                p.answers[attributes] = try? await client.accessReview(attributes)
            }
            self?.post(.reviewed(generation: generation, namespace: namespace, p))
        }
    }

    /// The rows whose plans may send a request to `namespace`: its own, and every row of a kind
    /// whose plans may reach another namespace.
    private func rows(reaching namespace: String) -> [DeliveryRow] {
        var touched = Touched()
        for adapter in registry.adapters {
            let anywhere = !adapter.crossNamespacePlans.isEmpty
            touched.rows[adapter.kind] = Set(store.objects(adapter.resource).lazy
                .filter { anywhere || $0.metadata.namespace == namespace }.map(\.metadata.key))
        }
        return LiveRows(touched, store: store, registry: registry, detail: nil, now: clock()).rows
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
        let askVersion = !versionAsked
        discovery = ClientExecutor.task { [weak self] in
            var since: Date?
            var versionWanted = askVersion
            while !Task.isCancelled {
                do {
                    let kinds = ServedKinds(groups: try await client.servedGroups())
                    guard !Task.isCancelled else { return }
                    since = nil
                    self?.post(.served(kinds))
                    if versionWanted, let version = try? await client.serverVersion() {
                        versionWanted = false
                        self?.post(.version(version))
                    }
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

    public func setWatches(_ wanted: Set<WatchSpec>) {
        let closed = watches.specs.subtracting(wanted)
        for spec in closed {
            watches.stop(spec)
            pending.formUnion(store.drop(spec))
        }
        let out = connection.closed(Array(closed))
        detailRef = wanted.lazy.compactMap(\.detailObject).first
        let key = wanted.lazy.compactMap(\.lineupKey).first
        if key != lineupKey { lineupDue = key != nil }
        lineupKey = key
        for spec in wanted { watches.start(spec, keepingText: store.keepsText(spec)) }
        if !out.isEmpty { lock.withLock { changes += out.map(Change.finished) } }
        if !out.isEmpty || !pending.isEmpty || lineupDue { wake() }
    }

    public func setFlaggerScrapes(_ scrapes: Set<FlaggerScrape>) {
        let wanted = scrapes.first
        guard wanted != flaggerScrape else { return }
        flaggerScrape = wanted
        pollFlagger()
    }

    /// Reads Flagger's page now and then every interval of the scrape asked for, on a task of
    /// its own (one request per interval: the page carries every Canary of the cluster);
    /// stops the previous one.
    private func pollFlagger() {
        flaggerPoll?.cancel()
        flaggerPoll = nil
        guard let scrape = flaggerScrape else { return }
        let client = self.client
        let clock = self.clock
        flaggerPoll = ClientExecutor.task { [weak self] in
            var reader = FlaggerPageReader(client: client, clock: clock)
            while !Task.isCancelled {
                let result = await reader.read()
                guard !Task.isCancelled else { return }
                self?.post(.finished(.flaggerScraped(result)))
                try? await Task.sleep(nanoseconds: UInt64(scrape.interval * 1_000_000_000))
            }
        }
    }

    public func setLogStreams(_ streams: Set<LogStreamSpec>) {
        logStreams.set(streams, client: client)
    }

    public func drain() -> [ConsoleEvent] {
        let batch = lock.withLock { defer { changes = [] }; return changes }
        guard !batch.isEmpty || !pending.isEmpty || lineupDue else { return [] }
        let now = clock()
        var out: [ConsoleEvent] = []
        var touched = pending
        pending = Touched()
        for change in batch {
            switch change {
            case let .report(spec, .objects(event)):
                // What a watch closed since delivered stays out: its objects were dropped with it.
                guard watches.isRunning(spec) else { continue }
                touched.formUnion(store.apply(event, from: spec))
            case let .report(spec, .state(state)):
                guard watches.isRunning(spec) else { continue }
                let (events, action) = connection.state(state, of: spec)
                out += events
                switch action {
                case let .watchEventsUnselected(replacement)?: watches.replace(spec, with: replacement)
                case .rediscover?: rediscover()
                case nil: break
                }
            case let .report(spec, .page(event, progress)):
                guard watches.isRunning(spec) else { continue }
                touched.formUnion(store.apply(event, from: spec, progress: progress))
                out += connection.loading(progress, of: spec)
            case let .report(spec, .unreadable(object)):
                // Told once per object and reason: a relist would repeat it.
                let text = "\(spec.resource.kind) \(object.metadata.key) cannot be read, not shown: \(object.reason)"
                if connection.isNews(text) { out.append(.notice(StatusMessage(text, isError: true))) }
            case let .served(kinds):
                out += connection.served(kinds)
            case let .discoveryFailed(since, message):
                out += connection.unreachable(since: since, message: message)
            case let .version(version):
                versionAsked = true
                out.append(.serverVersion(version))
            case let .reviewed(generation, namespace, permissions):
                if generation == self.generation { out.append(.permissions(namespace: namespace, permissions)) }
            case let .rulesIncomplete(generation, permissions):
                if generation == self.generation { askAccess(permissions) }
            case let .finished(event):
                out.append(event)
                if case let .mutationFinished(id, outcome) = event {
                    out += followUps.finished(id, outcome, object: object)
                }
            }
        }
        let built = LiveRows(touched, store: store, registry: registry, detail: detailRef, now: now)
        out += followUps.due(changed: built.touched, object: object)
        if let key = lineupKey, lineupDue || !touched.namespaces.isDisjoint(with: lineupNamespaces) || Self.mayAdd(key, touched) {
            lineupDue = false
            let objects = LineupObjects.build(key, store: store, registry: registry)
            lineupNamespaces = LineupObjects.namespaces(key, of: objects)
            out.append(.lineup(key, objects))
        }
        review(permissionBook.questions(for: out + built.events))
        // Every row and the detail this batch touched are built: its typed objects go, their texts stay.
        store.settle()
        return out + built.events
    }

    /// Whether `touched` may bring a label's application an object in a namespace it was not in:
    /// a row built again anywhere.
    private static func mayAdd(_ key: FleetAppKey, _ touched: Touched) -> Bool {
        guard case .label = key else { return false }
        return touched.rows.values.contains { !$0.isEmpty } || touched.removed.values.contains { !$0.isEmpty }
    }

    /// The cached object `ref` names.
    private func object(_ ref: ObjectRef) -> (any KubeObject)? {
        registry.adapter(for: ref.kind).flatMap { store.object($0.resource, key: LiveRows.key(ref)) }
    }

    public func send(_ mutation: Mutation) {
        if let current = object(mutation.target), let adapter = registry.adapter(for: mutation.target.kind) {
            followUps.sending(mutation, adapter.awaitedFollowUp(after: mutation, on: current, now: clock()))
        }
        let client = self.client
        ClientExecutor.task { [weak self] in
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
            watches = makeWatches()
            store = ObjectStore(registry: registry)
            pending = Touched()
            versionAsked = false
            generation += 1
            permissionBook.reset()
            askUserName()
            lineupDue = lineupKey != nil
            connection.reset()
            lock.withLock { changes.append(.finished(.contextChanged(identity))) }
            rediscover()
            pollFlagger()
        } catch {
            lock.withLock { changes.append(.finished(.notice(StatusMessage("context \(name): \(error)", isError: true)))) }
        }
        wake()
    }

    /// The resourceVersion of every cached object of `resource` by `namespace/name`: what the
    /// list is built from (the reliability tests compare it with a fresh list from the server).
    func listCacheVersions(_ resource: ResourceType) -> [String: String] {
        Dictionary(store.objects(resource).map { ($0.metadata.key, $0.metadata.resourceVersion ?? "") }, uniquingKeysWith: { a, _ in a })
    }

    public func stop() {
        discovery?.cancel()
        discovery = nil
        flaggerPoll?.cancel()
        flaggerPoll = nil
        watches.stopAll()
        logStreams.stopAll()
    }
}
