import KubeModel

/// One watch the console wants open: a resource type in one namespace (or all), optionally
/// narrowed by a label selector. The reducer derives the full set from the state; the effect
/// runner opens what is new and closes what is gone.
public struct WatchSpec: Sendable, Hashable {
    public var resource: ResourceType
    public var namespace: String?
    public var labelSelector: String?
    /// `involvedObject.name=...` for Events.
    public var fieldSelector: String?
    /// The cluster to watch (`single` on a one-cluster console): a fleet source hands each
    /// member its own cluster's watches.
    public var cluster: ClusterID

    public init(resource: ResourceType, namespace: String?, labelSelector: String? = nil, fieldSelector: String? = nil,
                cluster: ClusterID = .single) {
        self.resource = resource
        self.namespace = namespace
        self.labelSelector = labelSelector
        self.fieldSelector = fieldSelector
        self.cluster = cluster
    }

    /// The same watch on another cluster.
    public func `in`(_ cluster: ClusterID) -> WatchSpec {
        var spec = self
        spec.cluster = cluster
        return spec
    }

    /// The Rollout or Canary a detail's Events watch is about (its field selector names it):
    /// how a source learns which detail to build.
    public var detailObject: ObjectRef? {
        guard resource == .events, let fieldSelector, let namespace else { return nil }
        var fields: [String: String] = [:]
        for part in fieldSelector.split(separator: ",") {
            let kv = part.split(separator: "=", maxSplits: 1).map(String.init)
            if kv.count == 2 { fields[kv[0]] = kv[1] }
        }
        guard let kind = fields["involvedObject.kind"].flatMap(DeliveryKind.init(rawValue:)),
              let name = fields["involvedObject.name"] else { return nil }
        return ObjectRef(kind: kind, namespace: namespace, name: name, cluster: cluster)
    }

    /// The application the fleet screen lines up (`F`): a watch of a delivery kind narrowed to one
    /// object by `metadata.name=NAME`, how a source learns which application's objects to report.
    public var lineupApp: FleetApp? {
        guard resource != .events, let namespace, let fieldSelector, fieldSelector.hasPrefix(Self.namePrefix) else { return nil }
        return FleetApp(namespace: namespace, name: String(fieldSelector.dropFirst(Self.namePrefix.count)))
    }

    /// The fleet screen's watch of `resource` for `app` (see `lineupApp`).
    public static func lineup(_ resource: ResourceType, _ app: FleetApp) -> WatchSpec {
        WatchSpec(resource: resource, namespace: app.namespace, fieldSelector: namePrefix + app.name)
    }

    private static let namePrefix = "metadata.name="
}
