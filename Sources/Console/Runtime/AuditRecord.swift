import Foundation
import JSONValue
import KubeModel

/// One line of the audit log: a mutation that was sent, and what came of it. Holds the
/// request's method, path and body only: credentials travel in headers and the transport,
/// never in an `APIRequest`, so no token or key can reach the log.
public struct AuditRecord: Sendable, Hashable {
    public var time: Date
    public var context: String
    /// The API server's URL, when known (the console names the cluster by context and server).
    public var server: String?
    public var user: String
    public var mutation: Mutation
    public var result: String

    public init(time: Date, context: String, server: String? = nil, user: String, mutation: Mutation, result: String) {
        self.time = time
        self.context = context
        self.server = server
        self.user = user
        self.mutation = mutation
        self.result = result
    }

    /// The result column for an outcome.
    public static func result(_ outcome: MutationOutcome) -> String {
        switch outcome {
        case .succeeded: "ok"
        case let .failed(status): "error \(status.code) \(status.reason): \(status.message)"
        case let .unreachable(reason): "no answer: \(reason)"
        case .refusedReadOnly: "refused: read-only"
        }
    }

    /// One JSON object on one line, keys sorted, so the log greps and parses.
    public var line: String {
        let requests = mutation.requests.map { request -> JSON in
            var entry: JSON = [:]
            if let body = request.body { entry["body"] = .string(String(decoding: body, as: UTF8.self)) }
            entry["method"] = .string(request.method.rawValue)
            entry["path"] = .string(request.pathAndQuery)
            return entry
        }
        var fields: [(String, JSON)] = [
            ("action", .string(mutation.label)),
            // An automatic request (closing a gate the canary has passed) is never the operator's.
            ("by", .string(mutation.automatic?.by ?? "operator")),
            ("context", .string(context)),
            ("namespace", .string(mutation.target.namespace)),
            ("object", .string(mutation.target.description)),
            ("requests", .array(requests)),
            ("result", .string(result)),
            ("time", .string(KubeTime.format(time))),
            ("user", .string(user)),
        ]
        if let server { fields.append(("server", .string(server))) }
        let object = JSON.object(JSONObject(fields.sorted { $0.0 < $1.0 }))
        return object.text
    }
}
