import Foundation
import KubeModel

/// The query parameters of a list or watch, checked as kube-apiserver decodes its
/// `ListOptions`: every number must be a whole decimal that fits (no `1e300`, no `-1` where a
/// version is meant), selectors must parse, and a bad value is a 400 BadRequest Status that
/// names the parameter. Pure: no store, no clock.
struct ListOptions: Equatable {
    var watch = false
    var labelSelector: LabelSelector
    var fieldSelector: FieldSelector
    /// nil or "" = most recent; otherwise a decimal resourceVersion.
    var resourceVersion: String?
    var resourceVersionMatch: String?
    /// nil = no limit (kube-apiserver reads 0 and negative limits as none too).
    var limit: Int?
    var continueToken: String?
    /// Seconds, at most `maxTimeoutSeconds`; nil or 0 = no timeout.
    var timeoutSeconds: Int64?
    var allowWatchBookmarks = false
    /// nil when the parameter is absent (its presence matters to the streaming-list rules).
    var sendInitialEvents: Bool?

    /// The longest watch timeout honoured (about 68 years); larger values are served as this.
    static let maxTimeoutSeconds: Int64 = Int64(Int32.max)

    init(_ q: QueryParameters) throws(APIStatus) {
        watch = q.flag("watch")
        labelSelector = try Self.parse("labelSelector", q) { try LabelSelector($0) }
        fieldSelector = try Self.parse("fieldSelector", q) { try FieldSelector($0) }
        if let rv = q["resourceVersion"], !rv.isEmpty {
            guard UInt64(rv) != nil, rv.utf8.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }) else {
                throw Self.invalid("resourceVersion", rv, "must be a decimal resource version")
            }
            resourceVersion = rv
        } else {
            resourceVersion = q["resourceVersion"]
        }
        resourceVersionMatch = q["resourceVersionMatch"]
        if let text = q["limit"] {
            guard let n = Int64(text) else { throw Self.invalid("limit", text, "must be an integer") }
            limit = n > 0 ? Int(n) : nil
        }
        if let token = q["continue"], !token.isEmpty { continueToken = token }
        if let text = q["timeoutSeconds"] {
            guard let n = Int64(text) else { throw Self.invalid("timeoutSeconds", text, "must be a whole number of seconds") }
            timeoutSeconds = n > 0 ? min(n, Self.maxTimeoutSeconds) : nil
        }
        allowWatchBookmarks = q.flag("allowWatchBookmarks")
        if q["sendInitialEvents"] != nil { sendInitialEvents = q.flag("sendInitialEvents") }
    }

    private static func parse<T>(_ name: String, _ q: QueryParameters, _ make: (String) throws -> T) throws(APIStatus) -> T {
        do { return try make(q[name] ?? "") } catch let e as SelectorError {
            throw APIErrors.badRequest(e.message)
        } catch {
            throw APIErrors.badRequest("\(name): \(error)")
        }
    }

    /// `timeoutSeconds: Invalid value: "1e300": must be …`, the value quoted with its control characters escaped.
    static func invalid(_ name: String, _ value: String, _ detail: String) -> APIStatus {
        APIErrors.badRequest("\(name): Invalid value: \(GoQuote.quote(value)): \(detail)")
    }
}
