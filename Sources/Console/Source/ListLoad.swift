import Foundation
import JSONValue
import Kube
import KubeModel
import Delivery

/// The console's first load of a cluster's lists, without a cluster: pages of list text decoded
/// as an informer decodes them (`ScanningJSONDecoder`, each object with its text), kept in the
/// one `ObjectStore` as the list's watches deliver them (a page one event, settled once kept: the
/// store keeps the texts, but the typed objects a page still to come, `metadata.continue`, builds
/// rows from again), then the rows built by the adapters as `LiveSource.drain` builds them
/// (`LiveRows`, decoding the texts again). What `rollscope bench memory` measures the memory a
/// rollout costs with, stage by stage.
public struct ListLoad {
    private let registry: DeliveryRegistry
    private var store: ObjectStore
    private var touched = Touched()
    /// How many objects of each resource the pages so far brought.
    private var loaded: [ResourceType: Int] = [:]

    public init(registry: DeliveryRegistry = .standard) {
        self.registry = registry
        store = ObjectStore(registry: registry)
    }

    /// Decodes one page of a list of `resource` (its JSON text) and keeps its objects, as the
    /// list's cluster-wide watch of the resource delivers them; returns how many it kept.
    @discardableResult
    public mutating func add(page: Data, of resource: ResourceType) throws -> Int {
        guard let type = ObjectSetKind.served(by: resource)?.type else { return 0 }
        func decode<T: KubeObject>(_ type: T.Type) throws -> (objects: [any KubeObject], more: Bool) {
            let list = try ScanningJSONDecoder().decode(ObjectList<Verbatim<T>>.self, from: page)
            return (list.items, !(list.metadata.continue ?? "").isEmpty)
        }
        let (objects, more) = try decode(type)
        let spec = registry.adapters.lazy.flatMap { [WatchSpec(resource: $0.resource, namespace: nil)] + $0.listWatches(namespace: nil) }
            .first { $0.resource == resource } ?? WatchSpec(resource: resource, namespace: nil)
        loaded[resource, default: 0] += objects.count
        // One event for the page, as the informer hands it over (`InformerEvent.page`).
        let progress = ListProgress(loaded: loaded[resource, default: 0], total: nil, isComplete: !more)
        // Packed as the informer's thread packs them (`WatchSet`), then kept.
        touched.formUnion(store.apply(StoreEvent.page(objects).packingTexts(in: .shared), from: spec, progress: progress))
        store.settle()
        return objects.count
    }

    /// The rows of every object kept, built as a live source builds them.
    public func rows(now: Date) -> [DeliveryRow] {
        LiveRows(touched, store: store, registry: registry, detail: nil, now: now).rows
    }
}
