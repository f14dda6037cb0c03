import KubeModel
import Delivery

/// What the fleet screen lines up of one cluster (`FleetLineup` in the console): the delivery
/// objects of an application's namespace and name, each with what its row relates to (a
/// Rollout's ReplicaSets, a Canary's Deployments), from the store. Pure: no informer, no network.
enum LineupObjects {
    static func build(_ app: FleetApp, store: ObjectStore, registry: DeliveryRegistry) -> ObjectSet {
        var set = ObjectSet()
        let key = "\(app.namespace)/\(app.name)"
        for adapter in registry.adapters {
            guard let object = store.object(adapter.resource, key: key), let kind = ObjectSetKind.served(by: adapter.resource) else { continue }
            kind.append([object], to: &set)
            set.append(store.related(object, of: adapter.kind))
        }
        return set
    }
}
