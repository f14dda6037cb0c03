import Foundation
import Kube
import KubeModel

/// What the informers' states mean for the console, on plain values: the delivery kinds' list
/// informers decide the connection (reconnecting while one is, live once every one has settled
/// and one is live); a namespace's 403 is shown on that namespace; other failures are told once.
struct ConnectionTracker {
    /// What the source must do besides showing events.
    enum Action: Equatable {
        /// The server refused the Events watch's field selector: watch the namespace's Events instead.
        case watchEventsUnselected(WatchSpec)
        /// A custom resource's list answered 404: ask discovery again.
        case rediscover
    }

    /// The kinds' own resources (their lists).
    let listResources: Set<ResourceType>
    private(set) var states: [WatchSpec: ConnectionState] = [:]
    private(set) var connection: ConnectionStatus = .connecting
    private(set) var served: ServedKinds = .discovering
    private var told: Set<String> = []
    /// The lists' first lists still coming, with the server's total.
    private var progress: [WatchSpec: ListProgress] = [:]
    /// What the header was last told of them.
    private var loadingShown: [ListLoading] = []

    init(listResources: Set<ResourceType>) {
        self.listResources = listResources
    }

    /// Forgets everything (another context).
    mutating func reset() {
        self = ConnectionTracker(listResources: listResources)
    }

    /// Whether `text` is news (each failure is told once).
    mutating func isNews(_ text: String) -> Bool { told.insert(text).inserted }

    /// Watches were closed: their states no longer count. Returns the connection as the
    /// remaining lists say it (a list that stopped, its tool gone, no longer holds it back).
    mutating func closed(_ specs: [WatchSpec]) -> [ConsoleEvent] {
        guard !specs.isEmpty else { return [] }
        for spec in specs {
            states[spec] = nil
            progress[spec] = nil
        }
        return listConnection() + loadingEvents()
    }

    /// How far a list's first list has come: shown while pages remain and the server gives a
    /// total; gone with the last page (or once the watch leaves `.connecting`: failed, or relisted
    /// whole).
    mutating func loading(_ loaded: ListProgress, of spec: WatchSpec) -> [ConsoleEvent] {
        guard listResources.contains(spec.resource), spec.lineupKey == nil else { return [] }
        progress[spec] = loaded.isComplete || loaded.total == nil ? nil : loaded
        return loadingEvents()
    }

    /// The lists still loading, summed by resource, when that changed.
    private mutating func loadingEvents() -> [ConsoleEvent] {
        var sums: [String: ListLoading] = [:]
        for (spec, p) in progress {
            guard let total = p.total else { continue }
            sums[spec.resource.plural, default: ListLoading(plural: spec.resource.plural, loaded: 0, total: 0)].loaded += p.loaded
            sums[spec.resource.plural]?.total += total
        }
        let loading = sums.values.sorted { $0.plural < $1.plural }
        guard loading != loadingShown else { return [] }
        loadingShown = loading
        return [.loading(loading)]
    }

    /// An informer's new state.
    mutating func state(_ state: ConnectionState, of spec: WatchSpec) -> (events: [ConsoleEvent], action: Action?) {
        if spec.lineupKey != nil { return (lineupEvents(spec, state), nil) }
        states[spec] = state
        let (events, action) = stateEvents(spec, state)
        var loading: [ConsoleEvent] = []
        if state != .connecting, progress.removeValue(forKey: spec) != nil { loading = loadingEvents() }
        return (events + readableEvents(spec, state) + loading, action)
    }

    /// Discovery answered: with none of the enabled kinds served there is no list to go live, so
    /// the reachable server is.
    mutating func served(_ kinds: ServedKinds) -> [ConsoleEvent] {
        guard kinds != served else { return [] }
        served = kinds
        return [.served(kinds)] + (kinds.servesNone(of: listResources) ? connectionEvent(.live) : [])
    }

    /// Discovery could not reach the server.
    mutating func unreachable(since: Date, message: String) -> [ConsoleEvent] {
        connectionEvent(.reconnecting(since: since, reason: message))
    }

    /// The fleet screen's watch is not the list: its state is not the connection's. Refused
    /// across namespaces, the screen looks in its row's namespace instead; another failure is told once.
    private mutating func lineupEvents(_ spec: WatchSpec, _ state: ConnectionState) -> [ConsoleEvent] {
        switch state {
        case let .forbidden(message) where spec.namespace == nil:
            return [.lineupNarrowed(message)]
        case let .forbidden(message), let .unauthorized(message), let .failed(message):
            let text = "the fleet screen's \(spec.resource.plural): \(message)"
            return isNews(text) ? [.notice(StatusMessage(text, isError: true))] : []
        default:
            return []
        }
    }

    /// A namespace that was refused and whose lists are now all live is readable again (even
    /// when it holds nothing, so no row would clear its mark).
    private func readableEvents(_ spec: WatchSpec, _ state: ConnectionState) -> [ConsoleEvent] {
        guard state == .live, let ns = spec.namespace, listResources.contains(spec.resource) else { return [] }
        let lists = states.filter { $0.key.namespace == ns && listResources.contains($0.key.resource) }
        return lists.values.allSatisfy { $0 == .live } ? [.namespaceReadable(ns)] : []
    }

    private mutating func stateEvents(_ spec: WatchSpec, _ state: ConnectionState) -> ([ConsoleEvent], Action?) {
        let isList = listResources.contains(spec.resource)
        if case let .forbidden(message) = state {
            if let ns = spec.namespace, isList { return ([.namespaceForbidden(ns, message: message)], nil) }
            if isList { return (connectionEvent(.forbidden(message: message)), nil) }
            // What a column or the detail is read from: told once, the values it gives read `-`.
            guard isNews("\(spec.resource.plural): \(message)") else { return ([], nil) }
            return ([.notice(StatusMessage("\(spec.resource.plural): \(message) (what they show reads -)", isError: true))], nil)
        }
        if case let .unauthorized(message) = state, isList { return (connectionEvent(.unauthorized(message: message)), nil) }
        if case .failed = state, spec.resource == .events, spec.fieldSelector != nil {
            // Some servers refuse `involvedObject.*` field selectors: watch the namespace's Events
            // instead (the detail keeps only its object's), under the same key so leaving closes it.
            return ([], .watchEventsUnselected(WatchSpec(resource: .events, namespace: spec.namespace)))
        }
        if case let .failed(message) = state, spec.resource.isCustomResource, message.hasPrefix("Error from server (NotFound)") {
            // The tool's CRDs may have been removed: discovery decides (and the reducer then stops
            // this watch); the 404 itself is no news for the operator.
            return ([], .rediscover)
        }
        if case let .failed(message) = state {
            guard isNews("\(spec.resource.plural): \(message)") else { return ([], nil) }
            return ([.notice(StatusMessage("\(spec.resource.plural): \(message)", isError: true))], nil)
        }
        return (listConnection(), nil)
    }

    /// The connection as the list informers together say it.
    mutating func listConnection() -> [ConsoleEvent] {
        let listStates = states.filter { listResources.contains($0.key.resource) }.map(\.value)
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

    private mutating func connectionEvent(_ status: ConnectionStatus) -> [ConsoleEvent] {
        guard status != connection else { return [] }
        connection = status
        return [.connection(status)]
    }
}
