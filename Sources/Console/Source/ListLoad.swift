import Foundation
import JSONValue
import Kube
import KubeModel
import Delivery

/// The console's first load of a cluster's lists, without a cluster: pages of list text decoded
/// as an informer decodes them (`ScanningJSONDecoder`, each object with its text), kept in the
/// one `ObjectStore` as the list's watches deliver them (each page settled: the store keeps the
/// texts), then the rows built by the adapters as `LiveSource.drain` builds them (`LiveRows`,
/// decoding the texts again). What `rollscope bench memory` measures the memory a rollout costs
/// with, stage by stage.
public struct ListLoad {
    private let registry: DeliveryRegistry
    private var store: ObjectStore
    private var touched = Touched()

    public init(registry: DeliveryRegistry = .standard) {
        self.registry = registry
        store = ObjectStore(registry: registry)
    }

    /// Decodes one page of a list of `resource` (its JSON text) and keeps its objects, as the
    /// list's cluster-wide watch of the resource delivers them; returns how many it kept.
    @discardableResult
    public mutating func add(page: Data, of resource: ResourceType) throws -> Int {
        guard let type = ObjectSetKind.served(by: resource)?.type else { return 0 }
        func decode<T: KubeObject>(_ type: T.Type) throws -> [any KubeObject] {
            try ScanningJSONDecoder().decode(ObjectList<Verbatim<T>>.self, from: page).items
        }
        let objects = try decode(type)
        let spec = registry.adapters.lazy.flatMap { [WatchSpec(resource: $0.resource, namespace: nil)] + $0.listWatches(namespace: nil) }
            .first { $0.resource == resource } ?? WatchSpec(resource: resource, namespace: nil)
        for object in objects { touched.formUnion(store.apply(.upserted(object), from: spec)) }
        store.settle()
        return objects.count
    }

    /// The rows of every object kept, built as a live source builds them.
    public func rows(now: Date) -> [DeliveryRow] {
        LiveRows(touched, store: store, registry: registry, detail: nil, now: now).rows
    }
}
