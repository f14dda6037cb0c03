import TerminalUI

/// Under the list on a tall screen: the selected row in full, with every action and, for the
/// ones that do not apply now, why.
enum SummaryView {
    /// Everything `draw` reads of the state and the frame's plans: equal inputs draw alike, so
    /// a frame draws the summary again only when they changed. The only text that reads the
    /// clock is its row's status (a timed pause counts down there).
    struct Inputs: Equatable {
        /// The row, compared as a copy (`DeliveryRow.isCopy`): a row built again is drawn again.
        var row: DeliveryRow?
        var plans: PlanInputs?
        var clusterName: String?
        var readOnlyReason: String?
        var readOnly: Bool
        var keys: KeyTable
        var clockText: String?

        init(_ state: ConsoleState, glyphs: Glyphs) {
            row = SummaryView.row(state)
            plans = row.map { PlanInputs(state, $0.ref) }
            clusterName = state.isFleet ? row.map { state.cluster($0.ref.cluster).displayName } : nil
            readOnlyReason = row.flatMap { state.readOnlyReason($0.ref.cluster) }
            readOnly = state.readOnly
            keys = state.keys
            clockText = row?.statusText(glyphs, now: state.now)
        }

        static func == (a: Inputs, b: Inputs) -> Bool {
            guard a.row.map({ row in b.row.map { row.isCopy(of: $0) } ?? false }) ?? (b.row == nil) else { return false }
            return (a.plans, a.clusterName, a.readOnlyReason, a.readOnly, a.clockText) == (b.plans, b.clusterName, b.readOnlyReason, b.readOnly, b.clockText)
                && a.keys == b.keys
        }
    }

    private static func row(_ state: ConsoleState) -> DeliveryRow? {
        state.targetRow ?? state.selectedDelivery.flatMap { state.rows[$0] }
    }

    /// `plans`: the frame's sheet (the footer reads the same plans).
    static func draw(_ state: ConsoleState, plans: PlanSheet, into grid: inout Grid, in rect: Rect, glyphs: Glyphs) {
        guard let row = row(state) else {
            Frame(title: "selection").draw(into: &grid, in: rect, glyphs: glyphs)
            return
        }
        let cluster = state.isFleet ? " on \(state.cluster(row.ref.cluster).displayName)" : ""
        let inside = Frame(title: "\(row.ref) in \(row.ref.namespace)\(cluster)").draw(into: &grid, in: rect, glyphs: glyphs)
        guard !inside.isEmpty else { return }
        var y = inside.y
        func line(_ label: String, _ value: String, _ role: Role = .normal) {
            guard y < inside.maxY else { return }
            let x = inside.x + 1 + grid.put(label.padded(toWidth: 10), at: inside.x + 1, y, role: .dim)
            grid.put(value, at: x, y, role: role, maxWidth: inside.maxX - x)
            y += 1
        }
        line("Status", row.statusText(glyphs, now: state.now) + (row.message.isEmpty || row.message == row.phaseText ? "" : " - \(row.message)"),
             row.status.role)
        line("Strategy", row.strategy.isEmpty ? "-" : row.strategy)
        if let fraction = row.progress.fraction, y < inside.maxY {
            let x = inside.x + 1 + grid.put("Progress".padded(toWidth: 10), at: inside.x + 1, y, role: .dim)
            Gauge(fraction: fraction, label: row.progress.text)
                .draw(into: &grid, in: Rect(x: x, y: y, width: min(40, inside.maxX - x), height: 1), glyphs: glyphs)
            y += 1
        }
        if let set = row.setWeight { line("Weight", "set \(set), actual \(row.actualWeight.map(String.init) ?? "-")") }
        line("Ready", row.readyText, row.isShortOfReady ? .warning : .normal)
        if let reason = state.readOnlyReason(row.ref.cluster) {
            // The config's read-only cluster says so where its actions would be (--readonly hides them).
            if !state.readOnly, y + 1 < inside.maxY { grid.put(reason, at: inside.x + 1, y + 1, role: .dim, maxWidth: inside.width - 2) }
            return
        }
        y += 1
        for binding in state.keys.bindings(in: .deliveries, readOnly: false) {
            guard let kind = MutationKind(binding.action), y < inside.maxY else { continue }
            var x = inside.x + 1
            x += grid.put(binding.keyText.padded(toWidth: 3), at: x, y, role: .keyHint)
            switch plans.plan(kind, for: row) {
            case let .ready(label, _, _):
                // A label that reads with its object after it, as the dialog's title does
                // ("restart the target of canary/podinfo"), is not left hanging here.
                grid.put(label.hasSuffix(" of") ? "\(label) \(row.ref)" : label, at: x, y, maxWidth: inside.maxX - x)
            case let .disabled(reason):
                grid.put("\(kind.verb): \(reason)", at: x, y, role: .dim, maxWidth: inside.maxX - x)
            case let .needsArgument(planner):
                grid.put("\(kind.verb) (\(planner.initial))", at: x, y, maxWidth: inside.maxX - x)
            }
            y += 1
        }
    }
}
