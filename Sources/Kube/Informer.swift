import Foundation
import KubeModel

/// Tunables of an informer; the defaults follow client-go's reflector.
public struct InformerOptions: Sendable {
    /// Items per list page.
    public var pageSize: Int
    public var backoff: Backoff
    /// Each watch asks the server to end it after a random time in this range, so streams renew.
    public var watchTimeout: ClosedRange<Int>
    /// A watch that ends this fast with no event counts as a failure (backs off).
    public var shortWatch: TimeInterval
    /// Random numbers in [0, 1) for jitter.
    public var random: @Sendable () -> Double
    /// Whether the informer keeps the objects (`objects`); a consumer that keeps its own from the
    /// deltas turns this off, so there is one cache, not two.
    public var keepsObjects: Bool

    public init(pageSize: Int = 500, backoff: Backoff = Backoff(), watchTimeout: ClosedRange<Int> = 300...600,
                shortWatch: TimeInterval = 1, random: @escaping @Sendable () -> Double = { Double.random(in: 0..<1) },
                keepsObjects: Bool = true) {
        self.keepsObjects = keepsObjects
        self.pageSize = pageSize
        self.backoff = backoff
        self.watchTimeout = watchTimeout
        self.shortWatch = shortWatch
        self.random = random
    }
}

/// Keeps a cache of one kind of object (in one namespace or all, narrowed by selectors) current:
/// a paginated list, then a watch from the list's resourceVersion with bookmarks. The first list
/// hands each page over as soon as it is decoded (`.page`), so a consumer shows the first objects
/// while the rest arrive; a relist (after a 410, or a first list that failed part-way) hands over
/// one consistent replacement at its end (`.replaced`), as client-go's reflector replaces its
/// store. A closed stream resumes from the last version seen; failures back off exponentially
/// with jitter. Deltas and state changes go to `deliver` in order; a watch's events from the
/// transport's thread as each is decoded (`KubeClient.watch`), the rest from the informer's task.
public final class Informer<T: KubeObject>: Sendable {
    public let resource: ResourceType
    public let scope: ListScope
    private let client: KubeClient
    private let options: InformerOptions
    private let deliver: @Sendable (InformerEvent<T>) -> Void
    private let cacheBox: Locked<ObjectCache<T>>
    private let stateBox = Locked(ConnectionState.stopped)
    private let task = Locked<Task<Void, Never>?>(nil)
    private let listCount = Locked(0)
    /// When the current outage began; nil while live.
    private let outageStart = Locked<Date?>(nil)

    public init(client: KubeClient, resource: ResourceType, scope: ListScope = ListScope(),
                options: InformerOptions = InformerOptions(), deliver: @escaping @Sendable (InformerEvent<T>) -> Void) {
        self.client = client
        self.resource = resource
        self.scope = scope
        self.options = options
        self.deliver = deliver
        cacheBox = Locked(ObjectCache<T>(keepsObjects: options.keepsObjects))
    }

    /// An informer whose events go to a wakeup queue (poll its `fileDescriptor`).
    public convenience init(client: KubeClient, resource: ResourceType, scope: ListScope = ListScope(),
                            options: InformerOptions = InformerOptions(), queue: WakeupQueue<InformerEvent<T>>) {
        self.init(client: client, resource: resource, scope: scope, options: options, deliver: { queue.push($0) })
    }

    deinit { task.withLock { $0?.cancel() } }

    /// Starts listing and watching; does nothing while already running.
    public func start() {
        task.withLock { running in
            guard running == nil else { return }
            setState(.connecting, starting: true)
            running = ClientExecutor.task { [self] in await self.run() }
        }
    }

    /// Stops watching; the cache keeps its last contents.
    public func stop() {
        let running = task.withLock { t in defer { t = nil }; return t }
        guard let running else { return }
        running.cancel()
        setState(.stopped)
    }

    public var state: ConnectionState { stateBox.withLock { $0 } }
    /// A snapshot of the cache, by `metadata.key`.
    public var objects: [String: T] { cacheBox.withLock { $0.objects } }
    public func object(forKey key: String) -> T? { cacheBox.withLock { $0.objects[key] } }
    /// The resourceVersion the cache is current to.
    public var resourceVersion: String? { cacheBox.withLock { $0.resourceVersion } }
    /// How many times the informer listed (1 + relists): a diagnostic.
    public var lists: Int { listCount.withLock { $0 } }

    // MARK: the loop

    private func run() async {
        var needList = true
        // Whether the consumer holds anything of ours: until it does, a list's pages only add.
        var handedOver = false
        var backoff = options.backoff
        while !Task.isCancelled {
            if needList {
                do {
                    try await list(pageByPage: !handedOver, handedOver: &handedOver)
                    guard !Task.isCancelled else { return }
                    listCount.withLock { $0 += 1 }
                    needList = false
                    markLive()
                } catch {
                    guard !Task.isCancelled else { return }
                    await fail(error, backoff: &backoff)
                    continue
                }
            }
            let started = Date()
            let events = Locked(0)
            do {
                let timeout = Int.random(in: options.watchTimeout)
                // Each event is applied and delivered on the transport's thread as it is decoded,
                // not handed to this task first: one thread fewer on its way to the consumer. The
                // watch's events come there one after another, and this task delivers nothing
                // else until the watch has ended, so the consumer sees them in the stream's order.
                try await client.watch(T.self, resource, scope, resourceVersion: resourceVersion, timeoutSeconds: timeout,
                                       onOpen: { [weak self] in self?.markLive() }) { [self] event in
                    if case .error(let status) = event { throw KubeError.from(status) }
                    events.withLock { $0 += 1 }
                    if let delta = cacheBox.withLock({ $0.apply(event) }) { deliver(delta) }
                }
                guard !Task.isCancelled else { return }
                if events.withLock({ $0 }) == 0, Date().timeIntervalSince(started) < options.shortWatch {
                    throw KubeError.transport("the watch closed at once")
                }
            } catch KubeError.gone {
                // The version we hold was compacted away: relist now, as client-go does.
                guard !Task.isCancelled else { return }
                needList = true
                relisting(because: "resource version expired")
            } catch let KubeError.server(_, _, message) where message.contains("Too large resource version") {
                // The server's history is behind the version we hold (it was restored or replaced,
                // as after a restart on a new etcd): resuming would never succeed. Relist, as client-go does.
                guard !Task.isCancelled else { return }
                needList = true
                relisting(because: "resource version newer than the server's")
            } catch {
                guard !Task.isCancelled else { return }
                await fail(error, backoff: &backoff)
            }
        }
    }

    /// Lists everything into the cache. `pageByPage`: each page goes to the consumer as it is
    /// decoded (with how far the list has come); otherwise, or when the list restarts after its
    /// continue token expired, the whole list goes as one `.replaced` at the end, so objects gone
    /// from it are removed only then and the consumer never sees a partial set.
    private func list(pageByPage: Bool, handedOver: inout Bool) async throws {
        var replacing = !pageByPage
        var items: [T] = []
        var unreadable: [UnreadableObject] = []
        var loaded = 0
        var version: String?
        try await client.listPages(T.self, resource, scope, pageSize: options.pageSize) { page in
            guard !Task.isCancelled else { throw CancellationError() }
            switch page {
            case let .page(list):
                version = version ?? list.metadata.resourceVersion
                guard !replacing else {
                    items += list.items
                    unreadable += list.unreadable
                    return
                }
                loaded += list.items.count
                let more = !(list.metadata.continue ?? "").isEmpty
                cacheBox.withLock { $0.add(list.items) }
                handedOver = true
                deliver(.page(list.items, ListProgress(loaded: loaded, total: more ? list.metadata.remainingItemCount.map { loaded + $0 } : loaded,
                                                       isComplete: !more)))
                for object in list.unreadable { deliver(.unreadable(object)) }
            case let .restarted(list):
                replacing = true
                (items, unreadable, version) = (list.items, list.unreadable, list.metadata.resourceVersion)
            }
        }
        guard !Task.isCancelled else { throw CancellationError() }
        if replacing {
            cacheBox.withLock { $0.replace(items, resourceVersion: version) }
            handedOver = true
            deliver(.replaced(items))
            for object in unreadable { deliver(.unreadable(object)) }
        } else {
            cacheBox.withLock { $0.listed(resourceVersion: version) }
        }
    }

    /// Shows that the cache is being listed again, within the current outage.
    private func relisting(because reason: String) {
        let since = outageStart.withLock { start in start = start ?? Date(); return start! }
        setState(.reconnecting(since: since, message: "\(reason); relisting"))
    }

    /// The list or watch is established: the outage, if any, is over.
    private func markLive() {
        outageStart.withLock { $0 = nil }
        setState(.live)
    }

    /// Shows why the connection failed and waits the backoff.
    private func fail(_ error: any Error, backoff: inout Backoff) async {
        let now = Date()
        let start = outageStart.withLock { start in start = start ?? now; return start! }
        let kubeError = error as? KubeError ?? .transport("\(error)")
        switch kubeError {
        case .forbidden(let message): setState(.forbidden(message))
        case .unauthorized: setState(.unauthorized(kubeError.description))
        case .notFound, .invalid, .decoding, .credentials, .conflict, .alreadyExists:
            setState(.failed(kubeError.description))
        case .gone, .tooManyRequests, .server, .transport, .cancelled:
            setState(.reconnecting(since: start, message: kubeError.description))
        }
        var delay = backoff.next(now: now, unit: options.random())
        if case .tooManyRequests(let retryAfter?, _) = kubeError { delay = max(delay, retryAfter) }
        // A server's Retry-After is at most a day here (KubeError keeps it finite and non-negative).
        try? await Task.sleep(nanoseconds: UInt64(min(delay, 86_400) * 1_000_000_000))
    }

    /// Changes the state and tells the consumer. Only `start` may leave `.stopped`: a stream that
    /// opens or fails on the transport thread just after `stop` must not revive the state.
    private func setState(_ new: ConnectionState, starting: Bool = false) {
        let changed = stateBox.withLock { s -> Bool in
            guard s != new, starting || s != .stopped else { return false }
            s = new
            return true
        }
        if changed { deliver(.state(new)) }
    }
}
