import Foundation
import KubeModel
import Delivery

/// The delivery kinds the console shows: each tool registered once, in `registered`, and the
/// ones a session enables (`--kinds`, the config's `kinds:`). Everything that differs by kind
/// (watches, rows, details, discovery, follow-ups) asks the registry for the kind's adapter.
public struct DeliveryRegistry: Sendable {
    /// Every delivery tool rollscope knows: one line per tool.
    public static let registered: [any DeliveryAdapter] = [
        ArgoRolloutsAdapter(),
        FlaggerAdapter(),
        DeploymentsAdapter(),
    ]

    /// Every kind `rollscope get` and `rollscope list` know: each registered tool's, then the
    /// command line's own (Experiments, which the plugin shows and the console does not list).
    public static let commandLineKinds = commandLineKinds(registered)

    /// The command line's table for `adapters`: theirs, then Experiments.
    static func commandLineKinds(_ adapters: [any DeliveryAdapter]) -> [CommandLineKind] {
        adapters.map(\.commandLine) + [.experiments]
    }

    /// The tools enabled unless `--kinds` says otherwise.
    public static let standard = DeliveryRegistry(registered.filter(\.enabledByDefault))

    /// The enabled adapters, in registration order.
    public let adapters: [any DeliveryAdapter]
    /// The label whose value every row carries (`DeliveryRow.fleetLabelValue`): the one the
    /// fleet screen matches applications by; nil: by namespace and name.
    public var fleetLabel: String?
    private let byKind: [DeliveryKind: any DeliveryAdapter]
    private let byResource: [ResourceType: any DeliveryAdapter]

    public init(_ adapters: [any DeliveryAdapter]) {
        self.adapters = adapters
        byKind = Dictionary(adapters.map { ($0.kind, $0) }, uniquingKeysWith: { first, _ in first })
        byResource = Dictionary(adapters.map { ($0.resource, $0) }, uniquingKeysWith: { first, _ in first })
    }

    /// The registered tools named in `--kinds` (`rollouts,canaries,deployments`): by plural,
    /// singular, kind or short name, case-insensitively.
    public static func enabling(_ names: [String]) throws(KindsError) -> DeliveryRegistry {
        var chosen: [any DeliveryAdapter] = []
        for name in names.map({ $0.trimmingCharacters(in: .whitespaces).lowercased() }) where !name.isEmpty {
            guard let adapter = registered.first(where: { Self.names($0).contains(name) }) else {
                throw KindsError(name: name, known: registered.map(\.resource.plural))
            }
            if !chosen.contains(where: { $0.kind == adapter.kind }) { chosen.append(adapter) }
        }
        return DeliveryRegistry(registered.filter { a in chosen.contains { $0.kind == a.kind } })
    }

    private static func names(_ adapter: any DeliveryAdapter) -> Set<String> {
        let r = adapter.resource
        return Set([r.plural, r.singular, r.kind.lowercased()] + r.shortNames)
    }

    /// The adapter of `kind`, if it is enabled.
    public func adapter(for kind: DeliveryKind) -> (any DeliveryAdapter)? { byKind[kind] }

    /// The adapter whose own objects `resource` serves.
    public func adapter(listing resource: ResourceType) -> (any DeliveryAdapter)? { byResource[resource] }

    /// The kinds' own resources: the list informers that decide the connection.
    public var listResources: Set<ResourceType> { Set(byResource.keys) }

    /// The API groups of the tools a cluster may lack, with the tools' names.
    var optionalTools: [(name: String, group: String)] {
        adapters.compactMap { a in a.toolName.map { ($0, a.resource.group) } }
    }
}

/// A `--kinds` entry that names no registered tool.
public struct KindsError: Error, Sendable, Equatable, CustomStringConvertible {
    public var name: String
    public var known: [String]
    public var description: String { "unknown kind \"\(name)\" (known: \(known.joined(separator: ", ")))" }
}

extension DeliveryKind {
    /// The API resource that serves this kind, from its registered adapter.
    public var resource: ResourceType {
        guard let adapter = DeliveryRegistry.registered.first(where: { $0.kind == self }) else {
            preconditionFailure("\(rawValue) is not a registered delivery kind")
        }
        return adapter.resource
    }
}
