/// Where the fleet's release stands in one cluster (`FleetRelease`): a release goes to staging,
/// then to one production region, then to the rest.
public enum ReleaseStage: Sendable, Equatable {
    /// The release is out: every application on its new revision, Healthy (staging).
    case released
    /// The release is under way: one Rollout paused at a step and one blue/green waiting for
    /// promotion, a Flagger canary waiting at its confirm-promotion gate, one application failing
    /// its analysis (Degraded), the rest through (the first production region).
    case rollingOut
    /// The release has not started: every application still on its old revision, `checkout` an
    /// older install under another namespace and name (the rest).
    case notStarted

    /// The stage of each cluster of a fleet of `count`, in order: the first cluster has the
    /// release, the second is rolling it out, the others wait.
    public static func stages(count: Int) -> [ReleaseStage] {
        (0..<max(count, 0)).map { $0 == 0 ? .released : $0 == 1 ? .rollingOut : .notStarted }
    }

    /// One line for the banner of `rollscope demo --serve`.
    public var summary: String {
        switch self {
        case .released: "the release is out (every application on its new revision)"
        case .rollingOut: "the release is rolling out (cart paused at a step, frontend and podinfo waiting for promotion, payments failing analysis)"
        case .notStarted: "the release has not started (every application on its old revision; checkout an older install, shop-us/checkout-v2)"
        }
    }
}
