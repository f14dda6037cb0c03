import Foundation
import KubeModel

/// The Status objects kube-apiserver answers with, built with its exact wording.
enum APIErrors {
    /// `rollouts.argoproj.io` or `pods`: how the API names a resource in messages.
    static func qualified(_ r: ResourceType) -> String { r.group.isEmpty ? r.plural : "\(r.plural).\(r.group)" }

    static func details(_ r: ResourceType, _ name: String?) -> APIStatus.Details {
        APIStatus.Details(name: name, group: r.group, kind: r.plural)
    }

    static func notFound(_ r: ResourceType, _ name: String) -> APIStatus {
        APIStatus(code: 404, reason: "NotFound", message: "\(qualified(r)) \(GoQuote.quote(name)) not found", details: details(r, name))
    }

    static func pathNotFound() -> APIStatus {
        APIStatus(code: 404, reason: "NotFound", message: "the server could not find the requested resource", details: APIStatus.Details())
    }

    static func alreadyExists(_ r: ResourceType, _ name: String) -> APIStatus {
        APIStatus(code: 409, reason: "AlreadyExists", message: "\(qualified(r)) \(GoQuote.quote(name)) already exists", details: details(r, name))
    }

    static func conflict(_ r: ResourceType, _ name: String) -> APIStatus {
        APIStatus(code: 409, reason: "Conflict",
                  message: "Operation cannot be fulfilled on \(qualified(r)) \(GoQuote.quote(name)): the object has been modified; please apply your changes to the latest version and try again",
                  details: details(r, name))
    }

    static func invalid(_ r: ResourceType, _ name: String, _ field: String, _ detail: String) -> APIStatus {
        let kind = r.group.isEmpty ? r.kind : "\(r.kind).\(r.group)"
        return APIStatus(code: 422, reason: "Invalid", message: "\(kind) \(GoQuote.quote(name)) is invalid: \(field): \(detail)",
                  details: APIStatus.Details(name: name, group: r.group, kind: r.kind))
    }

    static func badRequest(_ message: String) -> APIStatus {
        APIStatus(code: 400, reason: "BadRequest", message: message)
    }

    static func unauthorized() -> APIStatus {
        APIStatus(code: 401, reason: "Unauthorized", message: "Unauthorized")
    }

    /// `rollouts.argoproj.io "x" is forbidden: User "u" cannot patch resource "rollouts" in API group "argoproj.io" in the namespace "ns"`.
    static func forbidden(user: String, verb: String, _ r: ResourceType, subresource: String?, name: String?, namespace: String?) -> APIStatus {
        let resource = subresource.map { "\(r.plural)/\($0)" } ?? r.plural
        var subject = qualified(r)
        if let name { subject += " \(GoQuote.quote(name))" }
        let scope = namespace.map { "in the namespace \"\($0)\"" } ?? "at the cluster scope"
        return APIStatus(code: 403, reason: "Forbidden",
                         message: "\(subject) is forbidden: User \"\(user)\" cannot \(verb) resource \"\(resource)\" in API group \"\(r.group)\" \(scope)",
                         details: details(r, name))
    }

    static func expired(_ message: String) -> APIStatus {
        APIStatus(code: 410, reason: "Expired", message: message)
    }

    static func tooOld(_ requested: UInt64, _ oldest: UInt64) -> APIStatus {
        expired("too old resource version: \(requested) (\(oldest))")
    }

    static func continueTooOld() -> APIStatus {
        expired("The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter, or use the continue token in this response to retrieve the remainder of the results. Continuing with the provided token results in an inconsistent list - objects that were created, modified, or deleted between the time the first chunk was returned and now may show up in the list.")
    }

    static func tooLarge(_ requested: UInt64, _ current: UInt64) -> APIStatus {
        APIStatus(code: 504, reason: "Timeout", message: "Timeout: Too large resource version: \(requested), current: \(current)",
                  details: APIStatus.Details(retryAfterSeconds: 1))
    }

    static func unsupportedMediaType() -> APIStatus {
        APIStatus(code: 415, reason: "UnsupportedMediaType",
                  message: "the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml")
    }

    static func methodNotAllowed(_ verb: String, _ r: ResourceType) -> APIStatus {
        APIStatus(code: 405, reason: "MethodNotAllowed", message: "\(verb) is not supported on resources of kind \"\(qualified(r))\"")
    }

    static func internalError(_ message: String) -> APIStatus {
        APIStatus(code: 500, reason: "InternalError", message: "Internal error occurred: \(message)")
    }

    static func serviceUnavailable(_ message: String) -> APIStatus {
        APIStatus(code: 503, reason: "ServiceUnavailable", message: message)
    }

    static func tooManyRequests(retryAfter: Int) -> APIStatus {
        APIStatus(code: 429, reason: "TooManyRequests", message: "Too many requests, please try again later.",
                  details: APIStatus.Details(retryAfterSeconds: retryAfter))
    }
}
