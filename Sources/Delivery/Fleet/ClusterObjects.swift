import Foundation

/// One cluster's snapshot: the kubeconfig context it was read through and its objects. What
/// the command line reads of each cluster, and the input of `FleetLineup`.
public struct ClusterObjects: Sendable, Hashable {
    /// The context's name (the cluster as the user named it).
    public var cluster: String
    public var objects: ObjectSet

    public init(cluster: String, objects: ObjectSet) {
        self.cluster = cluster
        self.objects = objects
    }
}

/// A view of a `-o json|yaml` document that read several clusters: its own fields with
/// `cluster` (the context) beside them, in the same object
/// (`{"cluster":"prod-eu","name":"cart",…}`), so one list holds every cluster's items. `Item`
/// encodes as an object (every view does): its keys join `cluster` in one container.
public struct ClusterItem<Item: Codable & Hashable & Sendable>: Codable, Hashable, Sendable {
    public var cluster: String
    public var item: Item

    public init(cluster: String, item: Item) {
        self.cluster = cluster
        self.item = item
    }

    private enum CodingKeys: String, CodingKey { case cluster }

    public init(from decoder: any Decoder) throws {
        cluster = try decoder.container(keyedBy: CodingKeys.self).decode(String.self, forKey: .cluster)
        item = try Item(from: decoder)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(cluster, forKey: .cluster)
        try item.encode(to: encoder)
    }
}
