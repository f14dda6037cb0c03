import Foundation

/// One line of the rollouts list: an Argo Rollout or a Flagger Canary reduced to what the
/// list shows, plus the plans of the mutations that apply to it (made when asked). Built by the data source
/// from the watched object; a plain value so the reducer and the views need no network.
public struct DeliveryRow: Sendable, Hashable, Identifiable {
    public var ref: ObjectRef
    /// `Canary`, `BlueGreen`, `A/B`, or empty when the spec names none.
    public var strategy: String
    /// The four-way grouping: counts, colours, sorting and the glyph.
    public var status: DeliveryStatus
    /// The phase a user reads (Flagger's `Waiting`, `WaitingPromotion`, `Suspended` for
    /// `spec.suspend`; Argo's phase), which can say more than the grouping; nil when the
    /// grouping's own word says it.
    public var phase: String?
    /// When a timed pause ends by itself (a Rollout's pause step with a duration, a blue/green
    /// `autoPromotionSeconds`): the status then counts down.
    public var pauseEnds: Date?
    /// The status message (`CanaryPauseStep`, `RolloutAborted: ...`), empty when healthy.
    public var message: String
    public var progress: DeliveryProgress
    /// The desired traffic weight to the new version, when the strategy shifts traffic.
    public var setWeight: Int?
    /// The weight actually observed; nil when unknown (then the list says `-`, never a guess).
    public var actualWeight: Int?
    /// READY is `ready/replicas`: for a Rollout the plugin's `ready/current` (`Rollout.readyOfCurrent`),
    /// for a Canary the primary workload's ready of desired; both nil when unknown (no primary seen yet).
    public var ready: Int?
    public var replicas: Int?
    public var created: Date?
    /// True while a human must act for the rollout to go on (a pause step without a
    /// duration, a closed Flagger gate): the bell rings when a row turns this on.
    public var awaitsPromotion: Bool
    /// Every mutation, planned against this object as it is now, when asked (`RowPlans`).
    public var plans: RowPlans
    /// The label selector of the object's pods and ReplicaSets (a Rollout's `spec.selector`;
    /// a Canary's target and primary apps), used to narrow the detail's watches.
    public var selector: String?
    /// The object's value of the label the fleet screen matches applications by (the config's
    /// `fleet: matchLabel:`, `--match-label`): that label's alone, not all of them; nil when none
    /// is configured or the object lacks it.
    public var fleetLabelValue: String?

    public var id: ObjectRef { ref }

    /// The phase as the list and the summary write it.
    public var phaseText: String { phase ?? status.rawValue }

    /// `5/5`, or `-` when unknown.
    public var readyText: String {
        guard let ready, let replicas else { return "-" }
        return "\(ready)/\(replicas)"
    }

    /// Fewer pods ready than there should be.
    public var isShortOfReady: Bool { (ready ?? 0) < (replicas ?? 0) }

    /// `20/20` (set/actual), `20/-` while the actual weight is unknown, `-` without weights.
    public var weightText: String {
        guard let setWeight else { return "-" }
        return "\(setWeight)/\(actualWeight.map(String.init) ?? "-")"
    }

    public init(ref: ObjectRef, strategy: String, status: DeliveryStatus, phase: String? = nil, pauseEnds: Date? = nil,
                message: String = "", progress: DeliveryProgress = .none, setWeight: Int? = nil, actualWeight: Int? = nil,
                ready: Int? = nil, replicas: Int? = nil, created: Date? = nil, awaitsPromotion: Bool = false,
                plans: RowPlans = [:], selector: String? = nil) {
        self.ref = ref
        self.strategy = strategy
        self.status = status
        self.phase = phase == status.rawValue ? nil : phase
        self.pauseEnds = pauseEnds
        self.message = message
        self.progress = progress
        self.setWeight = setWeight
        self.actualWeight = actualWeight
        self.ready = ready
        self.replicas = replicas
        self.created = created
        self.awaitsPromotion = awaitsPromotion
        self.plans = plans
        self.selector = selector
    }

    /// The plan for `kind`; an action the source did not plan is disabled with a reason.
    public func plan(_ kind: MutationKind) -> MutationPlan {
        plans[kind] ?? .disabled(reason: "\(kind.verb) does not apply to a \(ref.kind.rawValue)")
    }

    /// Equal to `other` with plans that are a copy of its (`RowPlans.isCopy`): the same row,
    /// told without planning; false for a row built again, even alike.
    public func isCopy(of other: DeliveryRow) -> Bool {
        guard plans.isCopy(of: other.plans) else { return false }
        var (mine, theirs) = (self, other)
        (mine.plans, theirs.plans) = ([:], [:])
        return mine == theirs
    }
}
