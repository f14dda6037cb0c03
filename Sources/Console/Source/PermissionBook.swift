import KubeModel
import Delivery

/// Which namespaces the source must ask the server about (what the user may do there): each
/// namespace once, when the screen first shows it (the reducer's `.askPermissions`: the rows on
/// screen and the target, `ask`) or when a plan that may reach another namespace
/// (`DeliveryAdapter.crossNamespacePlans`: a Canary's gate through its loadtester's namespace)
/// would send a request there (`questions(for:)`, from the events the source hands the reducer);
/// all of them again once the connection is live after a reconnect. Only those plans are made to
/// find the namespaces: the requests of every plan of a namespace's rows are built only when its
/// rules review answers `incomplete` (`requests(to:from:)`), for the access reviews then asked.
/// Planning all nine actions of every row a watch event touched was a tenth of the console's
/// start-up, and asking every namespace with rows put 2,000 reviews on the connection the
/// watches share, at start, on a cluster of 2,000 namespaces. Pure: `LiveSource` asks.
struct PermissionBook {
    /// The actions of each kind whose plans may reach another namespace.
    private let crossNamespace: [DeliveryKind: Set<MutationKind>]
    private var asked: Set<String> = []
    private var reconnecting = false

    init(registry: DeliveryRegistry) {
        crossNamespace = Dictionary(registry.adapters.map { ($0.kind, $0.crossNamespacePlans) }, uniquingKeysWith: { first, _ in first })
    }

    /// Of `wanted` (the namespaces on screen), those not asked about yet, sorted; marked asked.
    mutating func ask(_ wanted: Set<String>) -> [String] {
        let new = wanted.subtracting(asked)
        asked.formUnion(new)
        return new.sorted()
    }

    /// The namespaces that plans reaching another namespace in `events` bring and that were not
    /// asked about yet (or every one asked, after a reconnect), sorted.
    mutating func questions(for events: [ConsoleEvent]) -> [String] {
        var namespaces: Set<String> = []
        var refresh = false
        for event in events {
            switch event {
            case let .rows(upserted, _):
                for row in upserted {
                    for request in Self.requests(row, crossNamespace[row.ref.kind] ?? []) {
                        if let ns = ResourceAttributes(request)?.namespace { namespaces.insert(ns) }
                    }
                }
            case .connection(.reconnecting):
                reconnecting = true
            case .connection(.live) where reconnecting:
                reconnecting = false
                refresh = true
            default:
                break
            }
        }
        let again = refresh ? asked : []
        let new = namespaces.subtracting(asked)
        asked.formUnion(new)
        return new.union(again).sorted()
    }

    /// Every request the plans of `rows` would send to `namespace` now: all the plans of its own
    /// rows, and those of rows elsewhere that may reach it. What SelfSubjectAccessReviews are
    /// asked about when its rules review is incomplete.
    func requests(to namespace: String, from rows: [DeliveryRow]) -> [APIRequest] {
        rows.flatMap { row in
            let kinds = row.ref.namespace == namespace ? Set(MutationKind.allCases) : crossNamespace[row.ref.kind] ?? []
            return Self.requests(row, kinds).filter { ResourceAttributes($0)?.namespace == namespace }
        }
    }

    /// The requests of the ready plans of `kinds`, made now.
    private static func requests(_ row: DeliveryRow, _ kinds: Set<MutationKind>) -> [APIRequest] {
        MutationKind.allCases.filter(kinds.contains).flatMap { kind -> [APIRequest] in
            guard case let .ready(_, requests, _)? = row.plans[kind] else { return [] }
            return requests
        }
    }

    /// Forgets what was asked (another context).
    mutating func reset() { asked = []; reconnecting = false }
}
