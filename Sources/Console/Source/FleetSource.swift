import Foundation

/// Several clusters as one source: a member source per kubeconfig context (a `LiveSource` with
/// that context's credentials, namespace and client), each keeping its own connection. Every
/// member event comes out tagged with its cluster (`.cluster(id, event)`, its objects named in
/// that cluster); each cluster's watches go to its member alone, and a mutation to the member of
/// its target's cluster. A member that is slow, unreachable or refused never holds the others up:
/// each drains what it has, from its own threads.
///
/// The members know nothing of clusters (their objects are `single`): the tagging is here.
public final class FleetSource: ConsoleSource, @unchecked Sendable {
    private var members: [(id: ClusterID, source: any ConsoleSource)]
    /// Makes the member of a context (for `:ctx`).
    private let connect: (String) throws -> any ConsoleSource
    private let lock = NSLock()
    /// What the fleet itself has to say (a refused mutation, a changed set of clusters).
    private var queued: [ConsoleEvent] = []
    private var wake: (@Sendable () -> Void)?
    private var registry: DeliveryRegistry?
    /// Every context of the kubeconfig (the `:ctx` list), set by whoever opened it.
    public var contextNames: [String] = []

    /// One member per context, in order; `connect` makes another context's.
    public init(members: [(context: String, source: any ConsoleSource)], connect: @escaping (String) throws -> any ConsoleSource) {
        self.members = members.map { (ClusterID($0.context), $0.source) }
        self.connect = connect
    }

    public var identity: ClusterIdentity { members[0].source.identity }

    public var clusters: [ClusterMember] { members.map { ClusterMember(id: $0.id, identity: $0.source.identity) } }

    public var initiallyServed: ServedKinds { members[0].source.initiallyServed }

    public func enable(_ deliveries: DeliveryRegistry) {
        registry = deliveries
        for member in members { member.source.enable(deliveries) }
    }

    public func start(wake: @escaping @Sendable () -> Void) {
        self.wake = wake
        for member in members { member.source.start(wake: wake) }
    }

    public func drain() -> [ConsoleEvent] {
        let own = lock.withLock { defer { queued = [] }; return queued }
        return own + members.flatMap { member in member.source.drain().map { ConsoleEvent.cluster(member.id, $0.tagged(member.id)) } }
    }

    public func setWatches(_ wanted: Set<WatchSpec>) {
        for member in members {
            member.source.setWatches(Set(wanted.filter { $0.cluster == member.id }.map { $0.in(.single) }))
        }
    }

    public func setFlaggerScrapes(_ scrapes: Set<FlaggerScrape>) {
        for member in members {
            member.source.setFlaggerScrapes(Set(scrapes.filter { $0.cluster == member.id }.map { FlaggerScrape(interval: $0.interval) }))
        }
    }

    public func setLogStreams(_ wanted: Set<LogStreamSpec>) {
        for member in members {
            member.source.setLogStreams(Set(wanted.filter { $0.cluster == member.id }.map { var spec = $0; spec.cluster = .single; return spec }))
        }
    }

    public func askPermissions(_ namespaces: Set<String>, in cluster: ClusterID) {
        members.first { $0.id == cluster }?.source.askPermissions(namespaces, in: .single)
    }

    public func send(_ mutation: Mutation) {
        guard let member = members.first(where: { $0.id == mutation.target.cluster }) else {
            queue(.mutationFinished(id: mutation.id, outcome: .unreachable("cluster \(mutation.target.cluster) is no longer shown; nothing sent")))
            return
        }
        var own = mutation
        own.target = mutation.target.in(.single)
        member.source.send(own)
    }

    /// `:ctx NAME`: the fleet becomes that one context (as k9s switches).
    public func switchContext(_ name: String) {
        do {
            let source = try members.first(where: { $0.id.rawValue == name })?.source ?? connect(name)
            for member in members where member.source !== source { member.source.stop() }
            let fresh = !members.contains { $0.source === source }
            members = [(ClusterID(name), source)]
            if fresh { begin(source) }
            queue(.fleetChanged(clusters))
        } catch {
            queue(.notice(StatusMessage("context \(name): \(error)", isError: true)))
        }
    }

    /// `:ctx +NAME`: that context's cluster joins the others.
    public func addContext(_ name: String) {
        guard !members.contains(where: { $0.id.rawValue == name }) else { return }
        do {
            let source = try connect(name)
            members.append((ClusterID(name), source))
            begin(source)
            queue(.fleetChanged(clusters))
        } catch {
            queue(.notice(StatusMessage("context \(name): \(error)", isError: true)))
        }
    }

    /// `:ctx -NAME`: that context's cluster leaves (never the last one).
    public func removeContext(_ name: String) {
        guard let index = members.firstIndex(where: { $0.id.rawValue == name }) else { return }
        guard members.count > 1 else {
            queue(.notice(StatusMessage("context \(name) is the only one shown: :ctx NAME switches to another", isError: true)))
            return
        }
        members.remove(at: index).source.stop()
        queue(.fleetChanged(clusters))
    }

    /// Starts a member that joins after the console started.
    private func begin(_ source: any ConsoleSource) {
        if let registry { source.enable(registry) }
        if let wake { source.start(wake: wake) }
    }

    private func queue(_ event: ConsoleEvent) {
        lock.withLock { queued.append(event) }
        wake?()
    }

    public func stop() {
        for member in members { member.source.stop() }
    }
}
