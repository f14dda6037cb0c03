import Foundation
import KubeModel

/// One row of `list rollouts` (`cmd/list/rollloutinfo.go`): the columns it compares to decide
/// whether a watch event is worth a new line.
public struct RolloutRow: Sendable, Hashable, Codable {
    public var namespace: String
    public var name: String
    /// `Canary`, `BlueGreen` or `unknown`.
    public var strategy: String
    /// The phase word only.
    public var status: String
    /// `i/n` or `-`.
    public var step: String
    /// The desired canary weight or `-`.
    public var setWeight: String
    /// `ready/current`.
    public var readyCurrent: String
    public var desired: Int32
    public var upToDate: Int32
    public var available: Int32

    public init(_ rollout: Rollout) {
        namespace = rollout.metadata.namespace ?? ""
        name = rollout.metadata.name
        strategy = "unknown"
        step = "-"
        setWeight = "-"
        if let canary = rollout.spec.strategy?.canary {
            strategy = "Canary"
            let steps = canary.steps ?? []
            if let index = rollout.status.currentStepIndex, !steps.isEmpty { step = "\(index)/\(steps.count)" }
            setWeight = String(CanaryWeights.setWeight(rollout))
        } else if rollout.spec.strategy?.blueGreen != nil {
            strategy = "BlueGreen"
        }
        status = RolloutStatus.of(rollout).status
        desired = rollout.desiredReplicas
        let counts = rollout.readyOfCurrent
        readyCurrent = "\(counts.ready)/\(counts.current)"
        upToDate = rollout.status.updatedReplicas ?? 0
        available = rollout.status.availableReplicas ?? 0
    }

    /// `namespace/name`.
    public var key: String { "\(namespace)/\(name)" }
}

/// The text of `kubectl argo rollouts list rollouts` and `list experiments` (trailing spaces
/// significant, as upstream: the last column is pre-padded and not aligned).
public enum ListText {
    /// Options of `list rollouts`.
    public struct Options: Sendable, Hashable {
        public var allNamespaces: Bool
        /// `--timestamps`: prefix every row with this time (UTC, whole seconds).
        public var timestamp: Date?
        public init(allNamespaces: Bool = false, timestamp: Date? = nil) {
            self.allNamespaces = allNamespaces
            self.timestamp = timestamp
        }
    }

    /// What `list` prints on standard error when there is nothing.
    public static let noResources = "No resources found.\n"

    static func pad(_ s: String, _ width: Int) -> String {
        s.count >= width ? s : s + String(repeating: " ", count: width - s.count)
    }

    /// One row before alignment: `%-10s\t%-9s\t%-12s\t%-4s\t%-10s\t%-5s\t%-7d\t%-10d\t%-9d`.
    static func cells(_ row: RolloutRow, _ options: Options) -> [String] {
        var cells = [pad(row.name, 10), pad(row.strategy, 9), pad(row.status, 12), pad(row.step, 4), pad(row.setWeight, 10),
                     pad(row.readyCurrent, 5), pad(String(row.desired), 7), pad(String(row.upToDate), 10), pad(String(row.available), 9)]
        if options.allNamespaces { cells.insert(pad(row.namespace, 9), at: 0) }
        if let t = options.timestamp { cells.insert(pad(KubeTime.format(t), 20), at: 0) }
        return cells
    }

    static func header(_ options: Options) -> [String] {
        var h = ["NAME", "STRATEGY", "STATUS", "STEP", "SET-WEIGHT", "READY", "DESIRED", "UP-TO-DATE", "AVAILABLE"]
        if options.allNamespaces { h.insert("NAMESPACE", at: 0) }
        if options.timestamp != nil { h.insert("TIMESTAMP", at: 0) }
        return h
    }

    /// `list rollouts [-A]`: the table, or empty when there are no rollouts (print `noResources` to stderr).
    public static func rollouts(_ rollouts: [Rollout], options: Options = Options()) -> String {
        rolloutsTable(rollouts, options: options).text
    }

    /// The table of `list rollouts` before alignment (the plugin's pre-padded cells, trailing spaces kept).
    public static func rolloutsTable(_ rollouts: [Rollout], options: Options = Options()) -> TextTable {
        TextTable(header: header(options), rows: rollouts.map { cells(TerminalSafe.sanitized(RolloutRow($0)), options) }, trimsTrailingSpaces: false)
    }

    /// `list rollouts -o wide`: the plugin's columns plus ACTUAL-WEIGHT, AGE and MESSAGE, from the full views.
    public static func rolloutsWide(_ infos: [RolloutInfo], allNamespaces: Bool, now: Date) -> String {
        rolloutsWideTable(infos, allNamespaces: allNamespaces, now: now).text
    }

    /// The table of `list rollouts -o wide` before alignment.
    public static func rolloutsWideTable(_ infos: [RolloutInfo], allNamespaces: Bool, now: Date) -> TextTable {
        let header = (allNamespaces ? ["NAMESPACE"] : [])
            + ["NAME", "STRATEGY", "STATUS", "STEP", "SET-WEIGHT", "ACTUAL-WEIGHT", "READY", "DESIRED", "UP-TO-DATE", "AVAILABLE", "AGE", "MESSAGE"]
        let rows = infos.map(TerminalSafe.sanitized).map { i in
            let setWeight: String = i.setWeight.map { String($0) } ?? "-"
            let actualWeight: String = i.actualWeight.map { String($0) } ?? "-"
            let counts: [String] = ["\(i.ready)/\(i.current)", String(i.desired), String(i.updated), String(i.available)]
            var cells: [String] = [i.name, i.strategy.isEmpty ? "unknown" : i.strategy, i.status, i.step.isEmpty ? "-" : i.step,
                                   setWeight, actualWeight]
            cells += counts
            cells += [HumanDuration.age(i.creationTimestamp?.date, now: now), i.message.isEmpty ? "-" : i.message]
            if allNamespaces { cells.insert(i.namespace, at: 0) }
            return cells
        }
        return TextTable(header: header, rows: rows)
    }

    /// `list experiments [--all-namespaces]`.
    public static func experiments(_ experiments: [Experiment], allNamespaces: Bool, now: Date) -> String {
        experimentsTable(experiments, allNamespaces: allNamespaces, now: now).text
    }

    /// The table of `list experiments` before alignment (pre-padded cells, trailing spaces kept).
    public static func experimentsTable(_ experiments: [Experiment], allNamespaces: Bool, now: Date) -> TextTable {
        let rows = experiments.map { e in
            var duration = "-", remaining = "-"
            if let spec = e.spec.duration?.value, !spec.isEmpty, let seconds = GoDuration.seconds(spec) {
                duration = HumanDuration.format(seconds)
                let completed = ["Successful", "Failed", "Error", "Inconclusive"].contains(e.status.phase ?? "")
                if !completed, let available = e.status.availableAt {
                    let left = seconds - now.timeIntervalSince(available.date)
                    if left > 0 { remaining = HumanDuration.format(left) }
                }
            }
            var cells = [pad(TerminalSafe.text(e.metadata.name), 10), pad(TerminalSafe.text(e.status.phase ?? ""), 6), pad(duration, 8), pad(remaining, 9),
                         pad(HumanDuration.age(e.metadata.creationTimestamp?.date, now: now), 3)]
            if allNamespaces { cells.insert(pad(TerminalSafe.text(e.metadata.namespace ?? ""), 9), at: 0) }
            return cells
        }
        return TextTable(header: (allNamespaces ? ["NAMESPACE"] : []) + ["NAME", "STATUS", "DURATION", "REMAINING", "AGE"], rows: rows,
                         trimsTrailingSpaces: false)
    }
}

/// The change tracking of a `list --watch`: a row is printed again only when it differs from the
/// last one printed for the same object.
public struct ListWatch<Row: Hashable & Sendable>: Sendable {
    private var last: [String: Row] = [:]

    public init() {}

    /// Whether `row` differs from the last one printed for `key`; remembers it either way.
    public mutating func changed(_ row: Row, key: String) -> Bool {
        defer { last[key] = row }
        return last[key] != row
    }
}

/// `list rollouts --watch`: after the first table, a line is appended for each watch event whose
/// row differs from the last one printed for that rollout. Each appended line is aligned on its own,
/// as upstream's per-event flush does.
public struct RolloutListWatch: Sendable {
    public var options: ListText.Options
    private var rows = ListWatch<RolloutRow>()

    /// Starts from the rows of the initial listing.
    public init(initial: [Rollout], options: ListText.Options = ListText.Options()) {
        self.options = options
        for r in initial {
            let row = RolloutRow(r)
            _ = rows.changed(row, key: row.key)
        }
    }

    /// The line to append for this event, or nil when the row did not change.
    public mutating func update(_ rollout: Rollout) -> String? {
        let row = RolloutRow(rollout)
        guard rows.changed(row, key: row.key) else { return nil }
        return TabWriter().format(ListText.cells(TerminalSafe.sanitized(row), options).joined(separator: "\t") + "\n")
    }
}
