import KubeModel

/// Which of the registered tools whose kinds are CRDs the cluster serves, as discovery last said
/// (their API groups, `argoproj.io`, `flagger.app`, ...): what decides which kinds the console
/// watches. A kind whose group is not served is never listed, so a cluster with one tool is live
/// at once and nothing re-lists the other. Built-in kinds are always served.
public enum ServedKinds: Sendable, Hashable {
    /// Not asked (a dump, a test): every tool is assumed.
    case assumed
    /// Asking the server for the first time: only built-in kinds may be watched yet.
    case discovering
    /// What discovery said: the served groups of the registered tools.
    case known(groups: Set<String>)

    /// The state for a set of served API group names.
    public init(groups: Set<String>) {
        self = .known(groups: groups.intersection(Self.toolGroups))
    }

    /// The registered tools a cluster may lack, with their API groups.
    private static let tools = DeliveryRegistry(DeliveryRegistry.registered).optionalTools
    private static let toolGroups = Set(tools.map(\.group))

    /// Whether `resource` may be watched.
    public func serves(_ resource: ResourceType) -> Bool {
        switch self {
        case .assumed: true
        case .discovering: !resource.isCustomResource
        case let .known(groups): !Self.toolGroups.contains(resource.group) || groups.contains(resource.group)
        }
    }

    /// Whether discovery found none of the tools.
    public var servesNeither: Bool { self == .known(groups: []) }

    /// Whether discovery found none of `resources` (the enabled kinds' own): the list has
    /// nothing to show and says which tools are missing. A built-in kind enabled (`--kinds
    /// deployments`) is always served, so its list is shown even with neither tool.
    public func servesNone(of resources: Set<ResourceType>) -> Bool {
        guard case .known = self else { return false }
        return !resources.contains(where: serves)
    }

    /// What the header says of a missing tool; nil when nothing known is missing.
    public var missingText: String? {
        guard case let .known(groups) = self else { return nil }
        let missing = Self.tools.filter { !groups.contains($0.group) }.map(\.name)
        guard let last = missing.last else { return nil }
        let names = missing.count == 1 ? last : missing.dropLast().joined(separator: ", ") + " and " + last
        return "\(names) not installed"
    }
}
