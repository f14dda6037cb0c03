import Foundation

/// One request to the API, as data: what the model decides to send (a promote is a
/// merge patch to `/status`, ...) and what the client executes. Pure, so tests can compare
/// the exact request an action makes with what the plugin sends.
public struct APIRequest: Sendable, Hashable, CustomStringConvertible {
    public enum Method: String, Sendable, Hashable { case get = "GET", post = "POST", put = "PUT", patch = "PATCH", delete = "DELETE" }

    /// The patch flavours the API accepts, by their Content-Type.
    public enum PatchType: String, Sendable, Hashable {
        case merge = "application/merge-patch+json"
        case json = "application/json-patch+json"
        case strategicMerge = "application/strategic-merge-patch+json"
    }

    public var method: Method
    /// Absolute path, without the query (`/apis/argoproj.io/v1alpha1/namespaces/ns/rollouts/r/status`).
    public var path: String
    /// Query parameters, in order.
    public var query: [(String, String)]
    /// `application/json` or a patch type's content type; nil when there is no body.
    public var contentType: String?
    public var body: Data?

    public init(method: Method, path: String, query: [(String, String)] = [], contentType: String? = nil, body: Data? = nil) {
        self.method = method
        self.path = path
        self.query = query
        self.contentType = contentType
        self.body = body
    }

    /// A PATCH with the given type and JSON body text.
    public static func patch(_ path: String, _ type: PatchType, _ body: String) -> APIRequest {
        APIRequest(method: .patch, path: path, contentType: type.rawValue, body: Data(body.utf8))
    }

    /// The path with its query, percent-encoded as a URL needs.
    public var pathAndQuery: String {
        guard !query.isEmpty else { return path }
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        let q = query.map { k, v in
            "\(k.addingPercentEncoding(withAllowedCharacters: allowed) ?? k)=\(v.addingPercentEncoding(withAllowedCharacters: allowed) ?? v)"
        }
        return path + "?" + q.joined(separator: "&")
    }

    public var description: String {
        var s = "\(method.rawValue) \(pathAndQuery)"
        if let contentType { s += " [\(contentType)]" }
        if let body, let text = String(data: body, encoding: .utf8) { s += " \(text)" }
        return s
    }

    public static func == (a: APIRequest, b: APIRequest) -> Bool {
        a.method == b.method && a.path == b.path && a.query.elementsEqual(b.query, by: { $0 == $1 })
            && a.contentType == b.contentType && a.body == b.body
    }

    public func hash(into h: inout Hasher) {
        h.combine(method)
        h.combine(path)
        for (k, v) in query { h.combine(k); h.combine(v) }
        h.combine(contentType)
        h.combine(body)
    }
}
