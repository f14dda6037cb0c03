import Foundation
import JSONValue
import Kube
import KubeModel
import Delivery

/// The console's first load of a cluster's lists, without a cluster: pages of list text decoded
/// as an informer decodes them (`ScanningJSONDecoder`), kept in the one `ObjectStore` as the list's
/// watches deliver them, then the rows built by the adapters as `LiveSource.drain` builds them
/// (`LiveRows`). What `rollscope bench console` measures the memory a rollout costs with, stage
/// by stage.
public struct ListLoad {
    private let registry: DeliveryRegistry
    private var store: ObjectStore
    private var touched = Touched()

    public init(registry: DeliveryRegistry = .standard) {
        self.registry = registry
        store = ObjectStore(registry: registry)
    }

    /// Decodes one page of a list of `resource` (its JSON text) and keeps its objects, as the
    /// resource's cluster-wide watch delivers them; returns how many it kept.
    @discardableResult
    public mutating func add(page: Data, of resource: ResourceType) throws -> Int {
        guard let type = ObjectSetKind.served(by: resource)?.type else { return 0 }
        func decode<T: KubeObject>(_ type: T.Type) throws -> [any KubeObject] {
            try ScanningJSONDecoder().decode(ObjectList<T>.self, from: page).items
        }
        let objects = try decode(type)
        let spec = WatchSpec(resource: resource, namespace: nil)
        for object in objects { touched.formUnion(store.apply(.upserted(object), from: spec)) }
        return objects.count
    }

    /// The rows of every object kept, built as a live source builds them.
    public func rows(now: Date) -> [DeliveryRow] {
        LiveRows(touched, store: store, registry: registry, detail: nil, now: now).rows
    }
}
