/// The four statuses an operator sorts the world into, plus unknown. Argo Rollouts phases map
/// one to one; Flagger phases fold into them (Waiting and WaitingPromotion are Paused: a human
/// must act; Failed is Degraded; Succeeded and Initialized are Healthy).
public enum DeliveryStatus: String, Sendable, Hashable, CaseIterable, Comparable {
    case healthy = "Healthy"
    case progressing = "Progressing"
    case paused = "Paused"
    case degraded = "Degraded"
    case unknown = "Unknown"

    /// The order used when sorting by status: what needs attention first.
    private var rank: Int {
        switch self {
        case .degraded: 0
        case .paused: 1
        case .progressing: 2
        case .unknown: 3
        case .healthy: 4
        }
    }

    public static func < (a: DeliveryStatus, b: DeliveryStatus) -> Bool { a.rank < b.rank }

    /// The statuses counted in the header and the namespaces pane, in display order.
    public static let counted: [DeliveryStatus] = [.healthy, .progressing, .paused, .degraded]
}

/// How far a rollout has come, in the unit its strategy advances by.
public enum DeliveryProgress: Sendable, Hashable {
    /// Argo canary steps: `completed` of `total` (0-based steps completed, as the plugin's `Step`).
    case step(completed: Int, total: Int)
    /// Flagger canary traffic weight: `weight` of `maxWeight`.
    case weight(Int, of: Int)
    /// Flagger blue/green or A/B iterations: `iteration` of `total`.
    case iteration(Int, of: Int)
    /// Nothing to count (Argo blue/green, or a rollout without steps).
    case none

    /// `3/8`, `20/50%`, `it 2/10`, or empty.
    public var text: String {
        switch self {
        case let .step(completed, total): "\(completed)/\(total)"
        case let .weight(weight, max): "\(weight)/\(max)%"
        case let .iteration(i, total): "it \(i)/\(total)"
        case .none: ""
        }
    }

    /// Completion in 0...1, when there is something to count.
    public var fraction: Double? {
        switch self {
        case let .step(c, t): t > 0 ? min(1, Double(c) / Double(t)) : nil
        case let .weight(w, m): m > 0 ? min(1, Double(w) / Double(m)) : nil
        case let .iteration(i, t): t > 0 ? min(1, Double(i) / Double(t)) : nil
        case .none: nil
        }
    }
}
