import Foundation
import JSONValue
import KubeModel

/// Read accessors for the metadata fields the simulated controllers key on.
extension JSON {
    var name: String { self[path: ["metadata", "name"]]?.stringValue ?? "" }
    var namespace: String { self[path: ["metadata", "namespace"]]?.stringValue ?? "" }
    var uid: String { self[path: ["metadata", "uid"]]?.stringValue ?? "" }
    var generation: Int64 { self[path: ["metadata", "generation"]]?.intValue ?? 0 }
    /// `namespace/name`, the key of the reconcile queues.
    var key: String { "\(namespace)/\(name)" }

    func annotation(_ key: String) -> String? { self[path: ["metadata", "annotations", key]]?.stringValue }
    func label(_ key: String) -> String? { self[path: ["metadata", "labels", key]]?.stringValue }

    /// The controller owner reference (kind, name, uid), if any.
    var controllerOwner: (kind: String, name: String, uid: String)? {
        for ref in self[path: ["metadata", "ownerReferences"]]?.arrayValue ?? [] where ref["controller"]?.boolValue == true {
            return (ref["kind"]?.stringValue ?? "", ref["name"]?.stringValue ?? "", ref["uid"]?.stringValue ?? "")
        }
        return nil
    }

    /// An ownerReferences entry making `owner` the controller of another object.
    static func controllerReference(to owner: JSON) -> JSON {
        ["apiVersion": owner["apiVersion"] ?? "", "kind": owner["kind"] ?? "", "name": .string(owner.name),
         "uid": .string(owner.uid), "controller": true, "blockOwnerDeletion": true]
    }

    /// A condition `type` of `status.conditions`.
    func condition(_ type: String) -> JSON? {
        (self[path: ["status", "conditions"]]?.arrayValue ?? []).first { $0["type"]?.stringValue == type }
    }
}

/// Splits `namespace/name`.
func splitKey(_ key: String) -> (namespace: String, name: String) {
    let parts = key.split(separator: "/", maxSplits: 1).map(String.init)
    return (parts.first ?? "", parts.count > 1 ? parts[1] : "")
}

/// RFC 3339 text of a date, as the API writes timestamps.
func timestamp(_ date: Date) -> JSON { .string(KubeTime.format(date)) }

/// A date read from an RFC 3339 JSON string.
func date(_ value: JSON?) -> Date? { value?.stringValue.flatMap(KubeTime.parse) }
