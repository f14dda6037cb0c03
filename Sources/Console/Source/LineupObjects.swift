import KubeModel
import Delivery

/// What the fleet screen lines up of one cluster (`FleetLineup` in the console): the delivery
/// objects of an application (its namespace and name, or every object carrying the label's
/// value), each with what its row relates to (a Rollout's ReplicaSets, a Canary's Deployments),
/// from the store. Pure: no informer, no network.
enum LineupObjects {
    static func build(_ key: FleetAppKey, store: ObjectStore, registry: DeliveryRegistry) -> ObjectSet {
        var set = ObjectSet()
        for adapter in registry.adapters {
            guard let kind = ObjectSetKind.served(by: adapter.resource) else { continue }
            let objects: [any KubeObject] = switch key {
            case let .object(namespace, name): store.object(adapter.resource, key: "\(namespace)/\(name)").map { [$0] } ?? []
            case let .label(label, value): store.objects(adapter.resource, labelled: label, value)
            }
            for object in objects {
                kind.append([object], to: &set)
                set.append(store.related(object, of: adapter.kind))
            }
        }
        return set
    }

    /// The namespaces whose changes can change what `build` gives: the application's own, or
    /// where its objects are (a new one anywhere touches a row, which reports it too).
    static func namespaces(_ key: FleetAppKey, of objects: ObjectSet) -> Set<String> {
        switch key {
        case let .object(namespace, _): [namespace]
        case .label: Set(objects.namespaces)
        }
    }
}
