import Foundation
import KubeModel
import Delivery

/// Derived views of the state: what each pane lists, what is selected, which keys apply,
/// which watches are needed and when the clock must wake the console.
extension ConsoleState {
    /// The fleet screen's rows: its application's objects in every cluster, in the clusters'
    /// order (then by kind, namespace and name).
    public var fleetRows: [DeliveryRow] {
        guard case let .fleet(app) = screen else { return [] }
        let order = Dictionary(clusterOrder.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
        return rows.values.filter(app.key.holds).sorted {
            (order[$0.ref.cluster] ?? .max, $0.ref.kind, $0.ref.namespace, $0.ref.name)
                < (order[$1.ref.cluster] ?? .max, $1.ref.kind, $1.ref.namespace, $1.ref.name)
        }
    }

    /// The scope's rows, filtered and sorted as the list shows them.
    public var visibleRows: [DeliveryRow] { visibleOrder.compactMap { rows[$0] } }

    /// Whether the list shows `row` (in scope and through the filter).
    func isVisible(_ row: DeliveryRow) -> Bool {
        (scope.namespace.map { row.ref.namespace == $0 } ?? true)
            && RowFilter(filters[.deliveries] ?? "").keeps(row, clusterNames: isFleet ? clusterNames(row.ref.cluster) : [])
    }

    /// The names `cluster` goes by: its display name and its context's.
    func clusterNames(_ id: ClusterID) -> [String] {
        let cluster = cluster(id)
        return cluster.displayName == cluster.identity.context ? [cluster.displayName] : [cluster.displayName, cluster.identity.context]
    }

    /// Filters and sorts every row again.
    mutating func refreshVisible() {
        // Indices are sorted, not rows: moving rows about in a sort copies every field.
        let visible = rows.values.filter(isVisible)
        visibleOrder = ChunkedArray(visible.indices.sorted { sort.precedes(visible[$0], visible[$1]) }.lazy.map { visible[$0].ref })
    }

    /// Up to how many changed rows `reposition` is used rather than `refreshVisible`.
    static let repositionLimit = 64

    /// Moves each of `refs` to its place in `visibleOrder` (out of it when removed or no longer
    /// visible), leaving the others where they are: a binary search each to take them out, found
    /// where their rows as they were (`previous`, nil for a row that is new) sorted, and one each
    /// to put them back, where sorting thousands of rows again for one watch event was most of
    /// its cost (and taking them out by a pass over every row, hashing each, was most of what was
    /// left). The order is total (ties broken by the reference), so the result is what
    /// `refreshVisible` gives.
    mutating func reposition(_ refs: [ObjectRef], previous: [ObjectRef: DeliveryRow]) {
        let changed = Set(refs)
        // While rows are taken out, the order still sorts by each changed row's previous state.
        let sortedAs = { (ref: ObjectRef) in previous[ref] ?? self.rows[ref] }
        var scan = false
        for ref in changed {
            guard let old = previous[ref], isVisible(old) else { continue }
            let at = insertionPoint(of: old, sortedAs: sortedAs)
            if at < visibleOrder.count, visibleOrder[at] == ref { visibleOrder.remove(at: at) } else { scan = true }
        }
        // An order that did not sort as expected (a row changed without passing through here).
        if scan { visibleOrder.removeAll { changed.contains($0) } }
        for ref in changed {
            guard let row = rows[ref], isVisible(row) else { continue }
            visibleOrder.insert(ref, at: insertionPoint(of: row, sortedAs: { self.rows[$0] }))
        }
    }

    /// Moves many changed rows into place at once (a list page, a relist): when any of them was in
    /// the order (`wereListed`), the changed ones are taken out in one pass; the changed rows that
    /// are visible, sorted among themselves, are then merged into the rest, which stay sorted, each
    /// finding its place by a binary search. Sorting every row again for each page of 500 was most
    /// of the main thread's first load at 20,000 rows, and grew with every page (a page took
    /// 150 ms at the start of the load and 350 ms at its end). The order is total, so the result is
    /// what `refreshVisible` gives.
    ///
    /// A list's page comes in its storage's key order (`namespace/name`), which is mostly the
    /// list's own order already: the page's rows are sorted only when they are not (sorting 500
    /// rows, each moved whole, was two thirds of a merge), by their indices; and when the first
    /// of them goes after every row in the order, as a first load's pages do, they are appended
    /// where they stand rather than the order copied around them.
    mutating func merge(_ refs: [ObjectRef], wereListed: Bool) {
        var changed = Set<ObjectRef>(minimumCapacity: refs.count)
        let moved = refs.compactMap { ref -> DeliveryRow? in
            guard changed.insert(ref).inserted, let row = rows[ref], isVisible(row) else { return nil }
            return row
        }
        if wereListed { visibleOrder.removeAll { changed.contains($0) } }
        guard !moved.isEmpty else { return }
        let inOrder = moved.indices.dropFirst().allSatisfy { !sort.precedes(moved[$0], moved[$0 - 1]) }
        let order = inOrder ? Array(moved.indices) : moved.indices.sorted { sort.precedes(moved[$0], moved[$1]) }
        var from = insertionPoint(of: moved[order[0]], sortedAs: { self.rows[$0] })
        if from == visibleOrder.count {
            visibleOrder.append(contentsOf: order.lazy.map { moved[$0].ref })
            return
        }
        var merged = ChunkedArray<ObjectRef>()
        merged.append(contentsOf: visibleOrder[..<from])
        for index in order {
            let row = moved[index]
            // The rest's place for `row`, from where the last one went.
            let low = insertionPoint(of: row, from: from, sortedAs: { self.rows[$0] })
            merged.append(contentsOf: visibleOrder[from..<low])
            merged.append(row.ref)
            from = low
        }
        merged.append(contentsOf: visibleOrder[from...])
        visibleOrder = merged
    }

    /// The first place in `visibleOrder`, at `from` or after, whose row (as `sortedAs` gives it)
    /// does not sort before `row`.
    private func insertionPoint(of row: DeliveryRow, from: Int = 0, sortedAs: (ObjectRef) -> DeliveryRow?) -> Int {
        var low = from, high = visibleOrder.count
        while low < high {
            let middle = (low + high) / 2
            if let other = sortedAs(visibleOrder[middle]), sort.precedes(other, row) { low = middle + 1 } else { high = middle }
        }
        return low
    }

    /// Counts by status in the current scope (unfiltered): the header's figures.
    public var scopeCounts: [DeliveryStatus: Int] {
        scope.namespace.map { rows.countsByNamespace[$0] ?? [:] } ?? rows.totals
    }

    /// The namespaces the pane lists after "all namespaces", in order: every namespace holding
    /// rollouts or canaries, or refused to us, or in scope; filtered by the pane's filter. With
    /// nothing refused, the scope's namespace listed and no filter, this is the row table's own
    /// sorted list, not a copy: the pane reads it each frame.
    public var namespaceNames: [String] {
        let forbidden = forbiddenNamespaces
        var extra = forbidden.keys.filter { rows.countsByNamespace[$0] == nil }
        if let ns = scope.namespace, rows.countsByNamespace[ns] == nil, forbidden[ns] == nil { extra.append(ns) }
        var names = extra.isEmpty ? rows.namespaces : (rows.namespaces + extra).sorted()
        if let text = filters[.namespaces], !text.isEmpty {
            let filter = RowFilter(text)
            names = names.filter { filter.keeps([$0]) }
        }
        return names
    }

    /// The pane's line for `namespace`, or for all namespaces (nil).
    public func namespaceEntry(_ namespace: String?) -> NamespaceEntry {
        guard let namespace else { return NamespaceEntry(namespace: nil, counts: rows.totals) }
        return NamespaceEntry(namespace: namespace, counts: rows.countsByNamespace[namespace] ?? [:],
                              forbidden: forbiddenNamespaces[namespace])
    }

    /// The pane's lines: "all namespaces" (which always stays), then `namespaceNames`.
    public var namespaceEntries: [NamespaceEntry] { [namespaceEntry(nil)] + namespaceNames.map { namespaceEntry($0) } }

    /// The scope of the pane's line `index` (0: all namespaces), nil past its end.
    public func namespaceScope(at index: Int, in names: [String]) -> NamespaceScope? {
        index == 0 ? .all : names.indices.contains(index - 1) ? .one(names[index - 1]) : nil
    }

    /// The namespaces whose permissions the screen needs, by cluster: those of the list's rows
    /// on screen and of the row the keys act on (the detail's object, the fleet's cursor).
    /// Rows scrolled to later, a namespace picked, a detail opened, each ask theirs then.
    public var permissionNamespacesNeeded: [ClusterID: Set<String>] {
        var needed: [ClusterID: Set<String>] = [:]
        if case .main = screen {
            for ref in visibleOrder.dropFirst(deliveryOffset).prefix(deliveryRows) { needed[ref.cluster, default: []].insert(ref.namespace) }
        }
        if let ref = targetRow?.ref { needed[ref.cluster, default: []].insert(ref.namespace) }
        return needed
    }

    /// The row under the cursor in the list, or the object of the open detail.
    public var targetRow: DeliveryRow? {
        switch screen {
        case let .detail(ref): rows[ref]
        case .fleet: fleetRows.indices.contains(fleetCursor) ? fleetRows[fleetCursor] : nil
        case .main: focus == .deliveries ? selectedDelivery.flatMap { rows[$0] } : nil
        }
    }

    /// The plan of `kind` for `row`: the open detail's, when it plans that kind (it watches more
    /// than the list), else the row's; for an action that asks first, the plan for `argument`
    /// once it is given. A plan whose requests the user may not make (the cluster's
    /// `permissions`, as the server answered) is disabled with the reason; an action that asks
    /// first is judged by the requests its starting text plans (the text changes their bodies,
    /// not where they go or their verbs).
    public func plan(_ kind: MutationKind, for row: DeliveryRow, argument: String? = nil) -> MutationPlan {
        let plan = detail.flatMap { $0.ref == row.ref ? $0.plans[kind] : nil } ?? row.plan(kind)
        let permissions = cluster(row.ref.cluster).permissions
        func denial(_ plan: MutationPlan) -> String? {
            guard case let .ready(_, requests, _) = plan else { return nil }
            return permissions.denial(of: requests)
        }
        switch plan {
        case let .needsArgument(planner):
            if let reason = permissions.denial(of: planner.targets) { return .disabled(reason: reason) }
            guard let argument else { return plan }
            let argued = planner.plan(argument)
            return denial(argued).map { .disabled(reason: $0) } ?? argued
        case .ready:
            return denial(plan).map { .disabled(reason: $0) } ?? plan
        case .disabled:
            return plan
        }
    }

    /// The key scope for what has the keys now.
    public var keyScope: KeyScope {
        switch overlay {
        case .help, .messages: .help
        case .confirm, .quit: .dialog
        case .contexts: .contexts
        case .input, nil: screenKeyScope
        }
    }

    /// The key scope of the screen under any overlay: the detail or the focused pane.
    public var screenKeyScope: KeyScope {
        // The fleet screen is a detail across clusters: the detail's keys act on its selected line.
        if case .detail = screen { return detailPage == .logs ? .logs : .detail }
        if case .fleet = screen { return .detail }
        return focus == .namespaces ? .namespaces : .deliveries
    }

    /// Lines of the `?` overlay in one column (a title and a blank line per section): how far
    /// it can scroll (the overlay itself stops at its last page).
    var helpLineCount: Int {
        keys.helpSections(first: screenKeyScope, readOnly: readOnly).reduce(0) { $0 + $1.bindings.count + 2 }
    }

    /// Rows one page moves: the visible rows of the focused list or of the detail.
    public var pageSize: Int {
        if case .detail = screen { return detailBodyHeight }
        return focus == .deliveries ? deliveryRows : namespaceRows
    }

    /// The watches the current screen needs, of the kinds the cluster serves (`served`): the list
    /// needs Rollouts and Canaries (cluster-wide when allowed, so switching namespace costs
    /// nothing), and what every row's WEIGHT and READY are read from: the Rollouts' ReplicaSets
    /// (by the label Argo puts on each) once there is a Rollout, the Deployments (a Canary's
    /// primary and target) once there is a Canary. The detail adds its namespace's ReplicaSets,
    /// Pods, AnalysisRuns and Experiments, and the Events of its object.
    public var neededWatches: Set<WatchSpec> {
        var set = Set<WatchSpec>()
        for cluster in orderedClusters {
            set.formUnion(screenWatches(cluster).filter { cluster.served.serves($0.resource) }.map { $0.in(cluster.id) })
        }
        return set
    }

    /// Each enabled kind's list in `cluster` (and, while it has rows there, what they read); the
    /// open detail's watches, when its object is in `cluster`, as its kind's adapter says, and its Events;
    /// on the fleet screen, its application's objects of each kind (`WatchSpec.lineup`: across
    /// namespaces unless the cluster refused it).
    private func screenWatches(_ cluster: ClusterState) -> Set<WatchSpec> {
        let listNamespace = cluster.watchAllNamespaces ? nil : scope.namespace
        let kinds = rows.kindsByCluster[cluster.id] ?? [:]
        var set = Set<WatchSpec>()
        for adapter in deliveries.adapters {
            set.insert(WatchSpec(resource: adapter.resource, namespace: listNamespace))
            // (What the list watches beside a kind is served whatever tools a cluster has: it
            // waits, as the kind's own list does, for discovery to say the kind is served.)
            if kinds[adapter.kind] != nil || (!adapter.listWatchesAwaitRows && cluster.served.serves(adapter.resource)) {
                set.formUnion(adapter.listWatches(namespace: listNamespace))
            }
        }
        if case let .detail(ref) = screen, ref.cluster == cluster.id, let adapter = deliveries.adapter(for: ref.kind) {
            set.formUnion(adapter.detailWatches(of: ref, row: rows[ref]))
            set.insert(WatchSpec(resource: .events, namespace: ref.namespace,
                                 fieldSelector: "involvedObject.kind=\(ref.kind.rawValue),involvedObject.name=\(ref.name)"))
        }
        if case let .fleet(app) = screen {
            let across = lineupNarrowed[cluster.id] == nil
            set.formUnion(deliveries.adapters.map { WatchSpec.lineup($0.resource, app, acrossNamespaces: across) })
        }
        return set
    }

    /// When the console must wake by itself: when something on screen next reads differently
    /// with time alone (a pause countdown in the detail, the time spent reconnecting in the
    /// header, the age of a row on the list: every second for a young one, hourly for one
    /// days old), nil when nothing does (then the console sleeps until input or data).
    public var timerDeadline: Date? {
        guard timeStandsAt == nil else { return nil }
        var deadlines: [Date] = []
        // Counting down: when the time left is next a whole number of seconds.
        func countdown(to deadline: Date) -> Date {
            let fraction = deadline.timeIntervalSince(now).truncatingRemainder(dividingBy: 1)
            return now.addingTimeInterval(fraction > 0 ? fraction : 1)
        }
        if case .main = screen {
            let onScreen = visibleOrder.dropFirst(deliveryOffset).prefix(deliveryRows).compactMap { rows[$0] }
            let change = onScreen.compactMap { $0.created.map { HumanDuration.untilChange(now.timeIntervalSince($0)) } }.min()
            if let change { deadlines.append(now.addingTimeInterval(change)) }
            // A timed pause counts down in the status column.
            deadlines += onScreen.compactMap { $0.pauseEnds.flatMap { $0 > now ? countdown(to: $0) : nil } }
        }
        if case .detail = screen, let deadline = detail?.pauseDeadline, deadline > now, deletedDetail == nil {
            deadlines.append(countdown(to: deadline))
        }
        if case .detail = screen, let deleted = deletedDetail {
            // Counting up "deleted 12s ago".
            let fraction = max(0, now.timeIntervalSince(deleted.at)).truncatingRemainder(dividingBy: 1)
            deadlines.append(now.addingTimeInterval(1 - fraction))
        }
        // Counting up (the header, the clusters pane, a stale row): when the time spent
        // reconnecting is next a whole number of seconds.
        for cluster in orderedClusters {
            guard case let .reconnecting(since, _) = cluster.connection else { continue }
            let fraction = max(0, now.timeIntervalSince(since)).truncatingRemainder(dividingBy: 1)
            deadlines.append(now.addingTimeInterval(1 - fraction))
        }
        return deadlines.min()
    }

    /// The timeline of the open detail: Events and live step changes, oldest first.
    public var timeline: [TimelineEntry] {
        let (events, history) = timelineSources
        return (events + history).sorted()
    }

    /// What the timeline merges: the open detail's Events and its live step changes.
    var timelineSources: (events: [TimelineEntry], history: [TimelineEntry]) {
        guard case let .detail(ref) = screen else { return ([], []) }
        return (detail?.ref == ref ? detail?.events ?? [] : [], stepHistory[ref] ?? [])
    }
}
