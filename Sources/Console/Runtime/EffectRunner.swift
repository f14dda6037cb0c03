import Foundation

/// Carries the reducer's effects out against a source, and is where `--readonly` (and the
/// config's `readonly:` of one cluster) is enforced and every mutation is audited, naming its
/// cluster (context, server, user): a mutation is logged as sent before it leaves and again
/// with its result; if the log cannot be written, nothing is sent.
public final class EffectRunner {
    private let source: any ConsoleSource
    private let readOnly: Bool
    /// Clusters the config makes read-only.
    private let readOnlyClusters: Set<ClusterID>
    private let audit: AuditLog?
    private let clock: () -> Date
    private var inFlight: [Int: Mutation] = [:]

    public init(source: any ConsoleSource, readOnly: Bool, readOnlyClusters: Set<ClusterID> = [], audit: AuditLog?,
                clock: @escaping () -> Date = Date.init) {
        self.source = source
        self.readOnly = readOnly
        self.readOnlyClusters = readOnlyClusters
        self.audit = audit
        self.clock = clock
    }

    /// Runs effects; returns events to feed straight back (refusals made here), and whether
    /// to quit and to ring the bell.
    public func run(_ effects: [ConsoleEffect]) -> (events: [ConsoleEvent], quit: Bool, bell: Bool) {
        var events: [ConsoleEvent] = []
        var quit = false, bell = false
        for effect in effects {
            switch effect {
            case let .watch(specs): source.setWatches(specs)
            case let .scrapeFlagger(scrapes): source.setFlaggerScrapes(scrapes)
            case let .logStreams(specs): source.setLogStreams(specs)
            case let .askPermissions(cluster, namespaces): source.askPermissions(namespaces, in: cluster)
            case let .switchContext(name): source.switchContext(name)
            case let .addContext(name), let .removeContext(name):
                guard let fleet = source as? FleetSource else {
                    events.append(.notice(StatusMessage("context \(name): one cluster is shown; start rollscope with --context a,b, "
                                                        + "--all-contexts or the config's clusters: to show several", isError: true)))
                    continue
                }
                if case .addContext = effect { fleet.addContext(name) } else { fleet.removeContext(name) }
            case .bell: bell = true
            case .quit: quit = true
            case let .send(mutation):
                if let refusal = send(mutation) { events.append(.mutationFinished(id: mutation.id, outcome: refusal)) }
            }
        }
        return (events, quit, bell)
    }

    /// Audits the outcomes among `events` (from the source) and passes them on.
    public func observe(_ events: [ConsoleEvent]) -> [ConsoleEvent] {
        events.map { event in
            guard case let .mutationFinished(id, outcome) = event, let mutation = inFlight.removeValue(forKey: id) else { return event }
            do {
                try record(mutation, result: AuditRecord.result(outcome))
                return event
            } catch {
                return .notice(StatusMessage("\(mutation.label) \(mutation.target): \(AuditRecord.result(outcome)); \(error)", isError: true))
            }
        }
    }

    /// Sends, or returns why not.
    private func send(_ mutation: Mutation) -> MutationOutcome? {
        if readOnly || readOnlyClusters.contains(mutation.target.cluster) { return .refusedReadOnly }
        do {
            try record(mutation, result: "sent")
        } catch {
            return .unreachable("\(error); nothing sent")
        }
        inFlight[mutation.id] = mutation
        source.send(mutation)
        return nil
    }

    private func record(_ mutation: Mutation, result: String) throws(AuditLogError) {
        let cluster = source.identity(of: mutation.target.cluster)
        try audit?.append(AuditRecord(time: clock(), context: mutation.context, server: cluster.server, user: cluster.user,
                                      mutation: mutation, result: result))
    }
}
