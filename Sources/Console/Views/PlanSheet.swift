/// The actions of the rows a frame shows them for, each planned once per frame
/// (`ConsoleState.plan`): the summary pane lists every action of the selected row and the
/// footer hints the ones that apply, and each plan builds its requests and judges them
/// against the user's permissions. (A row's decoded object is cached across frames by
/// `StoredPlans`; this is the judged plan, within one frame.) A frame makes one sheet and hands
/// it to both; nothing outlives the frame, so a plan is never older than the state it was
/// drawn from.
final class PlanSheet {
    private let state: ConsoleState
    private var plans: [ObjectRef: [MutationKind: MutationPlan]] = [:]

    init(_ state: ConsoleState) {
        self.state = state
    }

    /// `state.plan(kind, for: row)`, planned on first use.
    func plan(_ kind: MutationKind, for row: DeliveryRow) -> MutationPlan {
        if let plan = plans[row.ref]?[kind] { return plan }
        let plan = state.plan(kind, for: row)
        plans[row.ref, default: [:]][kind] = plan
        return plan
    }
}
