import Foundation
import Kube
import KubeModel
import Delivery

/// The plans of a row the store's objects built (`LiveRows`): made when asked from the row's
/// object and what its relations found, as the store kept them when the row was built
/// (`KeptObject`: their texts, decoded again), so a row holds no typed object. The last row's
/// decoded plans are kept, one entry for every row: the footer and the summary ask the selected
/// row's plans at every frame, and a batch's rows are asked once each (`PermissionBook`) while
/// their typed objects are still held.
final class StoredPlans: Sendable {
    private let adapter: any DeliveryAdapter
    private let object: KeptObject
    private let related: [(kind: ObjectSetKind, objects: [KeptObject])]
    private let now: Date
    /// The plans last made, and whose.
    private static let last = Locked<(owner: StoredPlans, plans: RowPlans)?>(nil)

    private init(adapter: any DeliveryAdapter, object: KeptObject, related: [(kind: ObjectSetKind, objects: [KeptObject])], now: Date) {
        self.adapter = adapter
        self.object = object
        self.related = related
        self.now = now
    }

    /// The row's plans: `adapter`'s for `object` and its `related` objects at `now`.
    static func plans(_ adapter: any DeliveryAdapter, object: KeptObject, related: [(kind: ObjectSetKind, objects: [KeptObject])], now: Date) -> RowPlans {
        let stored = StoredPlans(adapter: adapter, object: object, related: related, now: now)
        return RowPlans { kind in stored.plans[kind] }
    }

    private var plans: RowPlans {
        if let last = Self.last.withLock({ $0 }), last.owner === self { return last.plans }
        let plans = object.object.map { adapter.plans($0, related: ObjectStore.decoded(related), now: now) } ?? [:]
        Self.last.withLock { $0 = (self, plans) }
        return plans
    }
}
