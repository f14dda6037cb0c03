import Delivery

/// The actions of the rows a frame shows them for, each planned once (`ConsoleState.plan`):
/// the summary pane lists every action of the selected row and the footer hints the ones that
/// apply, and each plan builds its requests and judges them against the user's permissions. (A
/// row's decoded object is cached across frames by `StoredPlans`; this is the judged plan.) A
/// frame makes one sheet and hands it to both; the next frame's sheet starts from this one's
/// plans (`carried`), keeping the plans of each row still planned from the same inputs (so a frame
/// whose event touched another row plans nothing), so a plan is never older than the state it
/// was drawn from.
final class PlanSheet {
    private let state: ConsoleState
    private var planned: [ObjectRef: Planned] = [:]
    /// Rows whose carried plans were checked against this sheet's state.
    private var checked: Set<ObjectRef> = []

    /// A row's plans so far, and what they were made from.
    fileprivate struct Planned {
        var row: DeliveryRow
        var inputs: PlanInputs
        var plans: [MutationKind: MutationPlan] = [:]
    }

    /// What a sheet planned, kept from one frame to the next without the state it planned in:
    /// a state kept between frames would share its storage with the live one, and the
    /// reducer's next change would copy every row (13 ms an event at 20,000 rows).
    struct Carried {
        fileprivate var planned: [ObjectRef: Planned] = [:]
    }

    /// A sheet for `state` with `carried`'s plans, each kept while its row plans from the same
    /// inputs there.
    init(_ state: ConsoleState, carrying carried: Carried? = nil) {
        self.state = state
        planned = carried?.planned ?? [:]
    }

    /// This sheet's plans, for the next frame's sheet.
    var carried: Carried { Carried(planned: planned) }

    /// `state.plan(kind, for: row)`, planned on first use.
    func plan(_ kind: MutationKind, for row: DeliveryRow) -> MutationPlan {
        if checked.insert(row.ref).inserted, let carried = planned[row.ref],
           !carried.row.isCopy(of: row) || carried.inputs != PlanInputs(state, row.ref) {
            planned[row.ref] = nil
        }
        if let plan = planned[row.ref]?.plans[kind] { return plan }
        let plan = state.plan(kind, for: row)
        planned[row.ref, default: Planned(row: row, inputs: PlanInputs(state, row.ref))].plans[kind] = plan
        return plan
    }
}

/// What `ConsoleState.plan` reads of the state besides the row: the open detail's plans of it
/// (they take the place of the row's) and its cluster's permissions. A row (`DeliveryRow.isCopy`)
/// with equal inputs plans alike.
struct PlanInputs: Equatable {
    var detailPlans: [MutationKind: MutationPlan]?
    var permissions: ClusterPermissions

    init(_ state: ConsoleState, _ ref: ObjectRef) {
        detailPlans = state.detail.flatMap { $0.ref == ref ? $0.plans : nil }
        permissions = state.cluster(ref.cluster).permissions
    }
}
