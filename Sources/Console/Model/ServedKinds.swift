import KubeModel

/// Which of the two tools the cluster serves, as discovery last said (their CRDs' API groups,
/// `argoproj.io` and `flagger.app`): what decides which kinds the console watches. A kind whose
/// group is not served is never listed, so a cluster with one tool is live at once and nothing
/// re-lists the other.
public enum ServedKinds: Sendable, Hashable {
    /// Not asked (a dump, a test): both tools are assumed.
    case assumed
    /// Asking the server for the first time: only built-in kinds may be watched yet.
    case discovering
    /// What discovery said.
    case known(argo: Bool, flagger: Bool)

    /// The state for a set of served API group names.
    public init(groups: Set<String>) {
        self = .known(argo: groups.contains(ResourceType.rollouts.group), flagger: groups.contains(ResourceType.canaries.group))
    }

    /// Whether `resource` may be watched.
    public func serves(_ resource: ResourceType) -> Bool {
        switch self {
        case .assumed: true
        case .discovering: !resource.isCustomResource
        case let .known(argo, flagger):
            switch resource.group {
            case ResourceType.rollouts.group: argo
            case ResourceType.canaries.group: flagger
            default: true
            }
        }
    }

    /// Whether discovery found neither tool.
    public var servesNeither: Bool { self == .known(argo: false, flagger: false) }

    /// What the header says of a missing tool; nil when nothing known is missing.
    public var missingText: String? {
        guard case let .known(argo, flagger) = self else { return nil }
        switch (argo, flagger) {
        case (true, true): return nil
        case (true, false): return "Flagger not installed"
        case (false, true): return "Argo Rollouts not installed"
        case (false, false): return "Argo Rollouts and Flagger not installed"
        }
    }
}
