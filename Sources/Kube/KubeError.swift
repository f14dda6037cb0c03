import Foundation
import JSONValue
import KubeModel

/// An error from talking to the API, typed by what the caller can do about it. Every case keeps
/// the API's own message (or the transport's) for the user; none ever holds a credential.
public enum KubeError: Error, Sendable, Equatable, CustomStringConvertible {
    /// 404 NotFound.
    case notFound(String)
    /// 409 AlreadyExists (a create of an existing name).
    case alreadyExists(String)
    /// 409 Conflict: the object changed since it was read; re-read and decide again.
    case conflict(String)
    /// 403 Forbidden.
    case forbidden(String)
    /// 401 Unauthorized: the credentials were refused.
    case unauthorized(String)
    /// 410 Expired or Gone: a resourceVersion or continue token too old to serve.
    case gone(String)
    /// 422 Invalid, or another 4xx the request itself caused (400, 405, 415).
    case invalid(code: Int, reason: String, message: String)
    /// 429 TooManyRequests, with the server's Retry-After when it gave one.
    case tooManyRequests(retryAfter: TimeInterval?, message: String)
    /// 5xx: the server failed (504 Timeout, 503 ServiceUnavailable, 500 InternalError), with the
    /// reason its Status gave (else the one client-go derives from the code).
    case server(code: Int, reason: String, message: String)
    /// The request never got an HTTP answer (refused, TLS, DNS, reset, stalled).
    case transport(String)
    /// An answer arrived that could not be decoded into the expected type.
    case decoding(String)
    /// Credentials could not be obtained (an exec plugin failed, a token file vanished).
    case credentials(String)
    /// The request was cancelled by its owner.
    case cancelled

    /// The API's (or transport's) message, without the reason prefix.
    public var message: String {
        switch self {
        case .notFound(let m), .alreadyExists(let m), .conflict(let m), .forbidden(let m), .unauthorized(let m),
             .gone(let m), .transport(let m), .decoding(let m), .credentials(let m):
            return m
        case .invalid(_, _, let m), .tooManyRequests(_, let m), .server(_, _, let m):
            return m
        case .cancelled:
            return "cancelled"
        }
    }

    /// The HTTP status the error came with; nil when there was no HTTP answer.
    public var httpStatus: Int? {
        switch self {
        case .notFound: 404
        case .alreadyExists, .conflict: 409
        case .forbidden: 403
        case .unauthorized: 401
        case .gone: 410
        case .invalid(let code, _, _), .server(let code, _, _): code
        case .tooManyRequests: 429
        case .transport, .decoding, .credentials, .cancelled: nil
        }
    }

    /// One line, as kubectl words it (`Error from server (NotFound): ...`), with no control,
    /// bidi or zero-width character left raw (`TerminalSafe`).
    public var description: String { TerminalSafe.text(unfilteredDescription) }

    private var unfilteredDescription: String {
        switch self {
        case .notFound(let m): "Error from server (NotFound): \(m)"
        case .alreadyExists(let m): "Error from server (AlreadyExists): \(m)"
        case .conflict(let m): "Error from server (Conflict): \(m)"
        case .forbidden(let m): "Error from server (Forbidden): \(m)"
        case .unauthorized(let m): "You must be logged in to the server (Unauthorized): \(m)"
        case .gone(let m): "Error from server (Expired): \(m)"
        case .invalid(_, let reason, let m): "Error from server (\(reason)): \(m)"
        case .tooManyRequests(let after, let m):
            after.flatMap { Int(exactly: $0.rounded(.up)) }.map { "Error from server (TooManyRequests): \(m) (retry after \($0) s)" }
                ?? "Error from server (TooManyRequests): \(m)"
        case .server(_, let reason, let m): "Error from server (\(reason)): \(m)"
        case .transport(let m): "Unable to connect to the server: \(m)"
        case .decoding(let m): "Unable to decode the server's answer: \(m)"
        case .credentials(let m): "getting credentials: \(m)"
        case .cancelled: "cancelled"
        }
    }

    /// The reason client-go gives a 5xx answer without a Status.
    static func serverReason(_ code: Int) -> String {
        switch code {
        case 503: "ServiceUnavailable"
        case 504: "Timeout"
        default: "InternalError"
        }
    }

    /// The standard reason phrase of the codes the API uses, for answers without a message.
    static func statusText(_ code: Int) -> String {
        switch code {
        case 400: "Bad Request"
        case 401: "Unauthorized"
        case 403: "Forbidden"
        case 404: "the server could not find the requested resource"
        case 405: "Method Not Allowed"
        case 409: "Conflict"
        case 410: "Gone"
        case 415: "Unsupported Media Type"
        case 422: "Unprocessable Entity"
        case 429: "Too many requests, please try again later."
        case 500: "Internal Server Error"
        case 503: "Service Unavailable"
        case 504: "Gateway Timeout"
        default: "HTTP \(code)"
        }
    }

    /// The error an HTTP answer carries: the body's `Status` when it has one, else one derived from
    /// the code as client-go does (409 on a POST is AlreadyExists, otherwise Conflict).
    public static func from(status code: Int, body: Data, retryAfterHeader: String?, method: APIRequest.Method) -> KubeError {
        let decoded = (try? ScanningJSONDecoder().decode(APIStatus.self, from: body)).flatMap { $0.kind == "Status" ? $0 : nil }
        let plain = String(decoding: body.prefix(512), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        let message = decoded.map(\.message).flatMap { $0.isEmpty ? nil : $0 }
            ?? (plain.isEmpty || plain.hasPrefix("{") ? KubeError.statusText(code) : plain)
        let retryAfter = retryAfterHeader.flatMap { TimeInterval($0.trimmingCharacters(in: .whitespaces)) }
            ?? decoded?.details?.retryAfterSeconds.map(TimeInterval.init)
        return classify(code: code, reason: decoded?.reason ?? "", message: message, retryAfter: retryAfter, method: method)
    }

    /// The error a `Status` carries (a watch's ERROR event).
    public static func from(_ status: APIStatus) -> KubeError {
        classify(code: status.code, reason: status.reason,
                 message: status.message.isEmpty ? KubeError.statusText(status.code) : status.message,
                 retryAfter: status.details?.retryAfterSeconds.map(TimeInterval.init), method: .get)
    }

    private static func classify(code: Int, reason: String, message: String, retryAfter: TimeInterval?,
                                 method: APIRequest.Method) -> KubeError {
        // The server's words are data: made safe to print and cut (a message can be megabytes).
        let message = TerminalSafe.message(message)
        let reason = TerminalSafe.text(String(reason.prefix(64)))
        let retryAfter = retryAfter.flatMap { $0.isFinite && $0 >= 0 ? min($0, 86_400) : nil }
        switch code {
        case 401: return .unauthorized(message)
        case 403: return .forbidden(message)
        case 404: return .notFound(message)
        case 409:
            if reason == "AlreadyExists" || (reason.isEmpty && method == .post) { return .alreadyExists(message) }
            return .conflict(message)
        case 410: return .gone(message)
        case 429: return .tooManyRequests(retryAfter: retryAfter, message: message)
        case 500...599: return .server(code: code, reason: reason.isEmpty ? serverReason(code) : reason, message: message)
        default:
            if reason == "Expired" || reason == "Gone" { return .gone(message) }
            return .invalid(code: code, reason: reason.isEmpty ? "\(code)" : reason, message: message)
        }
    }
}
