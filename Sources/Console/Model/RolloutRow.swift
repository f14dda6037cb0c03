import Foundation

/// One line of the rollouts list: an Argo Rollout or a Flagger Canary reduced to what the
/// list shows, plus the plans of the mutations that apply to it. Built by the data source
/// from the watched object; a plain value so the reducer and the views need no network.
public struct RolloutRow: Sendable, Hashable, Identifiable {
    public var ref: ObjectRef
    /// `Canary`, `BlueGreen`, `A/B`, or empty when the spec names none.
    public var strategy: String
    public var status: DeliveryStatus
    /// The status message (`CanaryPauseStep`, `RolloutAborted: ...`), empty when healthy.
    public var message: String
    public var progress: DeliveryProgress
    /// The desired traffic weight to the new version, when the strategy shifts traffic.
    public var setWeight: Int?
    /// The weight actually observed.
    public var actualWeight: Int?
    public var ready: Int
    public var desired: Int
    public var created: Date?
    /// True while a human must act for the rollout to go on (a pause step without a
    /// duration, a closed Flagger gate): the bell rings when a row turns this on.
    public var awaitsPromotion: Bool
    /// Every mutation, planned against this object as it is now.
    public var plans: [MutationKind: MutationPlan]
    /// The label selector of the object's pods and ReplicaSets (a Rollout's `spec.selector`;
    /// a Canary's target and primary apps), used to narrow the detail's watches.
    public var selector: String?

    public var id: ObjectRef { ref }

    public init(ref: ObjectRef, strategy: String, status: DeliveryStatus, message: String = "",
                progress: DeliveryProgress = .none, setWeight: Int? = nil, actualWeight: Int? = nil,
                ready: Int = 0, desired: Int = 0, created: Date? = nil, awaitsPromotion: Bool = false,
                plans: [MutationKind: MutationPlan] = [:], selector: String? = nil) {
        self.ref = ref
        self.strategy = strategy
        self.status = status
        self.message = message
        self.progress = progress
        self.setWeight = setWeight
        self.actualWeight = actualWeight
        self.ready = ready
        self.desired = desired
        self.created = created
        self.awaitsPromotion = awaitsPromotion
        self.plans = plans
        self.selector = selector
    }

    /// The plan for `kind`; an action the source did not plan is disabled with a reason.
    public func plan(_ kind: MutationKind) -> MutationPlan {
        plans[kind] ?? .disabled(reason: "\(kind.verb) does not apply to a \(ref.kind.rawValue)")
    }
}
