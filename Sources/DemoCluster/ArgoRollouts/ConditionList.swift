import Foundation
import JSONValue

/// A `status.conditions` list edited as controllers do: `lastTransitionTime` moves only when
/// the status value changes, `lastUpdateTime` when reason or message change (or on `touch`).
struct ConditionList {
    private(set) var items: [JSON]
    let now: Date

    init(_ existing: JSON?, now: Date) {
        items = existing?.arrayValue ?? []
        self.now = now
    }

    func get(_ type: String) -> JSON? { items.first { $0["type"]?.stringValue == type } }

    mutating func set(_ type: String, _ status: String, reason: String, message: String, touch: Bool = false) {
        let t = timestamp(now)
        let old = get(type)
        let sameStatus = old?["status"]?.stringValue == status
        let unchanged = sameStatus && old?["reason"]?.stringValue == reason && old?["message"]?.stringValue == message && !touch
        let c: JSON = ["lastTransitionTime": sameStatus ? old?["lastTransitionTime"] ?? t : t,
                       "lastUpdateTime": unchanged ? old?["lastUpdateTime"] ?? t : t,
                       "message": .string(message), "reason": .string(reason), "status": .string(status), "type": .string(type)]
        if let i = items.firstIndex(where: { $0["type"]?.stringValue == type }) { items[i] = c } else { items.append(c) }
    }

    mutating func remove(_ type: String) { items.removeAll { $0["type"]?.stringValue == type } }

    var json: JSON { .array(items) }
}
