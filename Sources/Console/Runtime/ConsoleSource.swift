/// Where the console's data comes from and where its mutations go: a live cluster, a
/// snapshot file, or a test fake. Producers run on their own threads; they queue events and
/// call `wake` so the main loop, asleep in `poll()`, picks them up with `drain()`.
public protocol ConsoleSource: AnyObject, Sendable {
    /// Who the console talks to, for the header (the first cluster of several).
    var identity: ClusterIdentity { get }
    /// The clusters it reads, in order, each with who it talks to there: one (`.single`) unless
    /// it is a fleet of several.
    var clusters: [ClusterMember] { get }
    /// Every context of the kubeconfig it reads (the `:ctx` list); empty when it has none.
    var contextNames: [String] { get }
    /// What the console may assume the cluster serves before the source says (`.served`).
    var initiallyServed: ServedKinds { get }
    /// Starts delivering; `wake` must be called after events are queued (from any thread).
    func start(wake: @escaping @Sendable () -> Void)
    /// Everything queued since the last call, oldest first.
    func drain() -> [ConsoleEvent]
    /// Keep exactly these watches open (open the new ones, close the others).
    func setWatches(_ watches: Set<WatchSpec>)
    /// Read Flagger's `/metrics` page as exactly these say, queueing a `.flaggerScraped` per reading.
    func setFlaggerScrapes(_ scrapes: Set<FlaggerScrape>)
    /// Keep exactly these log streams open, queueing `.logLines` and `.logStreamEnded`.
    func setLogStreams(_ streams: Set<LogStreamSpec>)
    /// Asks what the user may do in these namespaces (once each, again after a reconnect),
    /// queueing a `.permissions` per answer.
    func askPermissions(_ namespaces: Set<String>, in cluster: ClusterID)
    /// Sends the mutation's requests once, in order, and queues its `.mutationFinished`.
    func send(_ mutation: Mutation)
    /// Reconnects to another kubeconfig context and queues `.contextChanged` (or a `.notice`).
    func switchContext(_ name: String)
    /// Closes every watch.
    func stop()
    /// Shows only these delivery kinds (`--kinds`); called before `start`.
    func enable(_ deliveries: DeliveryRegistry)
}

extension ConsoleSource {
    public var clusters: [ClusterMember] { [ClusterMember(id: .single, identity: identity)] }

    /// A source not read from a kubeconfig has no contexts to list.
    public var contextNames: [String] { [] }

    /// Who the source talks to in `cluster` (the audit log's context, server and user).
    public func identity(of cluster: ClusterID) -> ClusterIdentity {
        clusters.first { $0.id == cluster }?.identity ?? identity
    }

    /// Both tools, unless the source discovers what the cluster serves.
    public var initiallyServed: ServedKinds { .assumed }

    /// A source with no cluster behind it (a snapshot file, a test's fake) has no Flagger to read.
    public func setFlaggerScrapes(_ scrapes: Set<FlaggerScrape>) {}
    /// A source without a cluster (a dump, a test's fake) has no logs to stream.
    public func setLogStreams(_ streams: Set<LogStreamSpec>) {}
    /// A source without a cluster (a dump, a test's fake) has no one to ask.
    public func askPermissions(_ namespaces: Set<String>, in cluster: ClusterID) {}

    /// A source that builds no rows itself (a test's fake) has nothing to narrow.
    public func enable(_ deliveries: DeliveryRegistry) {}
}
