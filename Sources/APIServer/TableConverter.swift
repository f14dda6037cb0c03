import Foundation
import JSONValue
import KubeModel

/// Server-side printing (`Accept: application/json;as=Table;v=v1;g=meta.k8s.io`): what kubectl
/// asks for on `get`, with the printer columns the real server uses for each kind.
struct TableConverter {
    struct Column {
        var name: String
        var type: String
        var priority: Int
        var value: (JSON, Date) -> JSON
    }

    let resource: ResourceType
    let now: Date

    static func wantsTable(accept: String?) -> Bool { accept?.contains("as=Table") ?? false }

    private static func path(_ p: String...) -> (JSON, Date) -> JSON { { o, _ in o[path: p] ?? .null } }

    private var columns: [Column] {
        var c = [Column(name: "Name", type: "string", priority: 0) { o, _ in o[path: ["metadata", "name"]] ?? .null }]
        switch resource {
        case .rollouts:
            c += [Column(name: "Desired", type: "integer", priority: 0, value: Self.path("spec", "replicas")),
                  Column(name: "Current", type: "integer", priority: 0, value: Self.path("status", "replicas")),
                  Column(name: "Up-to-date", type: "integer", priority: 0, value: Self.path("status", "updatedReplicas")),
                  Column(name: "Available", type: "integer", priority: 0, value: Self.path("status", "availableReplicas"))]
        case .canaries:
            c += [Column(name: "Status", type: "string", priority: 0, value: Self.path("status", "phase")),
                  Column(name: "Weight", type: "string", priority: 0, value: Self.path("status", "canaryWeight")),
                  Column(name: "FailedChecks", type: "string", priority: 1, value: Self.path("status", "failedChecks"))]
        case .pods:
            c += [Column(name: "Ready", type: "string", priority: 0) { o, _ in
                      let statuses = o[path: ["status", "containerStatuses"]]?.arrayValue ?? []
                      let total = o[path: ["spec", "containers"]]?.arrayValue?.count ?? statuses.count
                      let ready = statuses.filter { $0["ready"]?.boolValue == true }.count
                      return .string("\(ready)/\(total)")
                  },
                  Column(name: "Status", type: "string", priority: 0, value: Self.path("status", "phase")),
                  Column(name: "Restarts", type: "string", priority: 0) { o, _ in
                      // restartCount is an int32: each is clamped to that width, so the sum cannot overflow.
                      let n = (o[path: ["status", "containerStatuses"]]?.arrayValue ?? []).reduce(Int64(0)) {
                          $0 + min(max($1["restartCount"]?.intValue ?? 0, 0), Int64(Int32.max))
                      }
                      return .string(String(n))
                  }]
        case .deployments:
            // kube-apiserver's `printDeployment`: READY is ready of desired.
            c += [Column(name: "Ready", type: "string", priority: 0) { o, _ in
                      .string("\(o[path: ["status", "readyReplicas"]]?.intValue ?? 0)/\(o[path: ["spec", "replicas"]]?.intValue ?? 0)")
                  },
                  Column(name: "Up-to-date", type: "integer", priority: 0) { o, _ in o[path: ["status", "updatedReplicas"]] ?? 0 },
                  Column(name: "Available", type: "integer", priority: 0) { o, _ in o[path: ["status", "availableReplicas"]] ?? 0 }]
        case .replicaSets:
            c += [Column(name: "Desired", type: "integer", priority: 0, value: Self.path("spec", "replicas")),
                  Column(name: "Current", type: "integer", priority: 0, value: Self.path("status", "replicas")),
                  Column(name: "Ready", type: "integer", priority: 0, value: Self.path("status", "readyReplicas"))]
        case .namespaces:
            c += [Column(name: "Status", type: "string", priority: 0, value: Self.path("status", "phase"))]
        default:
            break
        }
        c.append(Column(name: "Age", type: "date", priority: 0) { o, now in
            guard let t = o[path: ["metadata", "creationTimestamp"]]?.stringValue, let d = KubeTime.parse(t) else { return .null }
            return .string(Self.shortDuration(now.timeIntervalSince(d)))
        })
        return c
    }

    /// kubectl's `HumanDuration` style: 45s, 12m, 5h, 3d, 2y.
    static func shortDuration(_ seconds: TimeInterval) -> String {
        let s = Int(max(0, seconds))
        if s < 120 { return "\(s)s" }
        if s < 3600 * 3 { return "\(s / 60)m" }
        if s < 86400 * 2 { return "\(s / 3600)h" }
        if s < 86400 * 365 * 2 { return "\(s / 86400)d" }
        return "\(s / (86400 * 365))y"
    }

    func table(_ objects: [StoredObject], resourceVersion: UInt64, continueToken: String? = nil) -> JSON {
        let cols = columns
        var meta: JSON = ["resourceVersion": .string(String(resourceVersion))]
        if let continueToken { meta["continue"] = .string(continueToken) }
        let definitions: [JSON] = cols.map {
            ["name": .string($0.name), "type": .string($0.type), "format": $0.name == "Name" ? "name" : "",
             "description": .string($0.name), "priority": .int(Int64($0.priority))]
        }
        let rows: [JSON] = objects.map { row($0.json, cols) }
        return ["kind": "Table", "apiVersion": "meta.k8s.io/v1", "metadata": meta, "columnDefinitions": .array(definitions),
                "rows": .array(rows)]
    }

    private func row(_ o: JSON, _ cols: [Column]) -> JSON {
        let metadata = o["metadata"] ?? [:]
        return ["cells": .array(cols.map { $0.value(o, now) }),
                "object": ["kind": "PartialObjectMetadata", "apiVersion": "meta.k8s.io/v1", "metadata": metadata]]
    }

    /// One watch event's object as a one-row Table.
    func tableEvent(_ bytes: [UInt8]) -> [UInt8] {
        guard let o = try? JSON(parsing: bytes) else { return bytes }
        let rv = o[path: ["metadata", "resourceVersion"]]?.stringValue ?? ""
        var t = table([], resourceVersion: UInt64(rv) ?? 0)
        t["rows"] = .array([row(o, columns)])
        return t.serialized()
    }
}
