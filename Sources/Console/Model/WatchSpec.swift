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
    /// The application the fleet screen lines up (`F`), on its watches (`lineup`): how a source
    /// learns which application's objects to report.
    public var lineupKey: FleetAppKey?

    public init(resource: ResourceType, namespace: String?, labelSelector: String? = nil, fieldSelector: String? = nil,
                cluster: ClusterID = .single, lineupKey: FleetAppKey? = nil) {
        self.resource = resource
        self.namespace = namespace
        self.labelSelector = labelSelector
        self.fieldSelector = fieldSelector
        self.cluster = cluster
        self.lineupKey = lineupKey
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

    /// The fleet screen's watch of `resource` for `app`: its one object by `metadata.name=NAME`
    /// in its namespace, or every object with the label's value (`labelSelector=KEY=VALUE`) in
    /// every namespace, or in the app's namespace alone where `acrossNamespaces` is false (a
    /// cluster that refused the first).
    public static func lineup(_ resource: ResourceType, _ app: FleetApp, acrossNamespaces: Bool = true) -> WatchSpec {
        switch app.key {
        case let .object(namespace, name):
            WatchSpec(resource: resource, namespace: namespace, fieldSelector: "metadata.name=" + name, lineupKey: app.key)
        case let .label(label, value):
            WatchSpec(resource: resource, namespace: acrossNamespaces ? nil : app.namespace, labelSelector: "\(label)=\(value)", lineupKey: app.key)
        }
    }
}
