import Foundation

/// Every flag of `rollscope` that shapes the console, merged with the config file by
/// `resolved(with:)`. The executable parses the command line into this.
public struct ConsoleOptions: Sendable, Hashable {
    /// `--context a,b,c`: the kubeconfig contexts shown (empty: the current one; several: a fleet,
    /// one connection each).
    public var contexts: [String]
    /// `--all-contexts`: every context of the kubeconfig.
    public var allContexts: Bool
    /// `-n`: the namespace to open on (nil: the context's namespace, or all with `-A`).
    public var namespace: String?
    /// `-A`: all namespaces.
    public var allNamespaces: Bool
    /// `--readonly`: no mutation, enforced where requests are sent.
    public var readOnly: Bool
    /// `--theme`.
    public var theme: String?
    /// `--no-color` (also `NO_COLOR` in the environment).
    public var noColor: Bool
    /// `--ascii`: ASCII glyphs whatever the locale.
    public var ascii: Bool
    /// `--kubeconfig`: paths instead of `$KUBECONFIG` / `~/.kube/config`.
    public var kubeconfig: [String]
    /// `-f PATH`: open a dump instead of a cluster (read-only).
    public var snapshotPath: String?
    /// When the dump was taken (its newest timestamp, else the file's time): the console's clock
    /// stands still there, so ages read as they did then.
    public var snapshotTime: Date?
    /// `--kinds rollouts,canaries,deployments`: the delivery kinds shown (nil: the config's
    /// `kinds:`, else the registered tools enabled by default).
    public var kinds: [String]?
    /// `--match-label KEY`: the fleet screen matches applications by this label's value (nil:
    /// the config's `fleet: matchLabel:`, else namespace and name).
    public var matchLabel: String?

    public init(contexts: [String] = [], allContexts: Bool = false, namespace: String? = nil, allNamespaces: Bool = false, readOnly: Bool = false,
                theme: String? = nil, noColor: Bool = false, ascii: Bool = false, kubeconfig: [String] = [],
                snapshotPath: String? = nil) {
        self.contexts = contexts
        self.allContexts = allContexts
        self.namespace = namespace
        self.allNamespaces = allNamespaces
        self.readOnly = readOnly
        self.theme = theme
        self.noColor = noColor
        self.ascii = ascii
        self.kubeconfig = kubeconfig
        self.snapshotPath = snapshotPath
    }

    /// The first scope: `-A` wins, then `-n`, then the context's default namespace, then all.
    public func scope(contextNamespace: String?) -> NamespaceScope {
        if allNamespaces { return .all }
        if let ns = namespace ?? contextNamespace { return .one(ns) }
        return .all
    }

    /// The delivery kinds shown: `--kinds`, else the config's `kinds:`, else the default ones;
    /// their rows carry the fleet's match label (`--match-label`, else the config's).
    public func deliveries(config: ConsoleConfig) throws(KindsError) -> DeliveryRegistry {
        var registry = DeliveryRegistry.standard
        if let names = kinds ?? config.kinds { registry = try DeliveryRegistry.enabling(names) }
        registry.fleetLabel = matchLabel ?? config.fleetMatchLabel
        return registry
    }

    /// The contexts to show, given the kubeconfig's (`available`, in its order) and the config's
    /// `clusters:`: `--all-contexts`, else `--context`, else the config's list; empty: the
    /// current context alone.
    public func chosenContexts(available: [String], config: ConsoleConfig) -> [String] {
        if allContexts { return available }
        if !contexts.isEmpty { return contexts }
        return config.clusters.map(\.context)
    }

    /// Read-only if the flag, the config file or a snapshot says so.
    public func isReadOnly(config: ConsoleConfig) -> Bool { readOnly || config.readOnly || snapshotPath != nil }
}
