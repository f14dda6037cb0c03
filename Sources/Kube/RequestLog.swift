import Foundation

/// kubectl's `-v N` request log, in klog's line format, written to standard error (the CLI) or
/// a file (`--log-file`, the console: never to the terminal it owns).
///
/// As client-go's round trippers log: from level 6 one line per request (method, URL, status,
/// latency); from 7 the request's headers; from 8 the response's headers and both bodies cut at
/// 1024 characters; from 10 the bodies whole. An `Authorization` header is never written: its
/// value is masked as kubectl masks it.
public final class RequestLog: Sendable {
    public let level: Int
    private let write: @Sendable (String) -> Void

    /// `write` receives whole lines, each ending in a newline.
    public init(level: Int, write: @escaping @Sendable (String) -> Void) {
        self.level = level
        self.write = write
    }

    /// A log writing to a file handle (standard error, or a `--log-file`).
    public convenience init(level: Int, handle: FileHandle) {
        self.init(level: level) { handle.write(Data($0.utf8)) }
    }

    /// One finished exchange.
    public struct Exchange: Sendable {
        public var method: String
        public var url: String
        public var requestHeaders: [String]
        public var requestBody: Data?
        /// nil when no HTTP answer came (the transport failed).
        public var status: Int?
        public var responseHeaders: [String: String]
        public var responseBody: Data
        public var latency: TimeInterval

        public init(method: String, url: String, requestHeaders: [String], requestBody: Data?, status: Int?,
                    responseHeaders: [String: String], responseBody: Data, latency: TimeInterval) {
            self.method = method
            self.url = url
            self.requestHeaders = requestHeaders
            self.requestBody = requestBody
            self.status = status
            self.responseHeaders = responseHeaders
            self.responseBody = responseBody
            self.latency = latency
        }
    }

    /// Logs a transfer the client performed and how it ended.
    func record(_ transfer: TransferRequest, _ outcome: Result<TransferResponse, TransferFailure>, since started: Date) {
        guard level >= 6 else { return }
        let response = try? outcome.get()
        record(Exchange(method: transfer.method, url: transfer.url, requestHeaders: transfer.headers, requestBody: transfer.body,
                        status: response?.status, responseHeaders: response?.headers ?? [:], responseBody: response?.body ?? Data(),
                        latency: Date().timeIntervalSince(started)))
    }

    func record(_ exchange: Exchange, at time: Date = Date()) {
        guard level >= 6 else { return }
        let prefix = Self.prefix(time)
        write(Self.lines(exchange, level: level).map { prefix + $0 + "\n" }.joined())
    }

    /// The log's lines for an exchange at a level, without klog's prefix.
    public static func lines(_ exchange: Exchange, level: Int) -> [String] {
        guard level >= 6 else { return [] }
        var lines: [String] = []
        if level >= 7 {
            lines.append("\(exchange.method) \(exchange.url)")
            lines.append("Request Headers:")
            lines += exchange.requestHeaders.map { "    " + masked($0) }
            if level >= 8, let body = exchange.requestBody, !body.isEmpty { lines.append("Request Body: " + text(body, level: level)) }
        }
        let milliseconds = Int((exchange.latency * 1000).rounded())
        let status = exchange.status.map { "\($0) \(Self.reasonPhrase($0))" } ?? ""
        lines.append("\(exchange.method) \(exchange.url) \(status) in \(milliseconds) milliseconds")
        if level >= 8 {
            lines.append("Response Headers:")
            lines += exchange.responseHeaders.sorted { $0.key < $1.key }.map { "    \(canonical($0.key)): \($0.value)" }
            if !exchange.responseBody.isEmpty { lines.append("Response Body: " + text(exchange.responseBody, level: level)) }
        }
        return lines
    }

    /// HTTP's reason phrase, as Go's `http.StatusText` gives it for the codes the API uses.
    static func reasonPhrase(_ code: Int) -> String {
        switch code {
        case 200: "OK"
        case 201: "Created"
        case 202: "Accepted"
        case 204: "No Content"
        case 400: "Bad Request"
        case 401: "Unauthorized"
        case 403: "Forbidden"
        case 404: "Not Found"
        case 405: "Method Not Allowed"
        case 409: "Conflict"
        case 410: "Gone"
        case 415: "Unsupported Media Type"
        case 422: "Unprocessable Entity"
        case 429: "Too Many Requests"
        case 500: "Internal Server Error"
        case 502: "Bad Gateway"
        case 503: "Service Unavailable"
        case 504: "Gateway Timeout"
        default: ""
        }
    }

    /// `Authorization: Bearer <masked>`, as kubectl prints it; any other header as it is.
    static func masked(_ header: String) -> String {
        guard let colon = header.firstIndex(of: ":"),
              header[..<colon].lowercased() == "authorization" else { return header }
        let value = header[header.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        let scheme = value.split(separator: " ", maxSplits: 1).first.map { $0 + " " } ?? ""
        return "\(header[..<colon]): \(scheme)<masked>"
    }

    /// `Content-Type` from `content-type`.
    static func canonical(_ name: String) -> String {
        name.split(separator: "-", omittingEmptySubsequences: false).map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined(separator: "-")
    }

    /// A body as client-go logs it: whole from level 10, else its first 1024 characters.
    static func text(_ body: Data, level: Int) -> String {
        let whole = String(decoding: body, as: UTF8.self)
        guard level < 10, whole.count > 1024 else { return whole }
        return String(whole.prefix(1024)) + " [truncated \(whole.count - 1024) chars]"
    }

    /// klog's prefix: `I1206 12:00:00.000000   12345 RequestLog.swift] `.
    static func prefix(_ time: Date) -> String {
        var seconds = time_t(time.timeIntervalSince1970)
        var parts = tm()
        localtime_r(&seconds, &parts)
        let micros = Int((time.timeIntervalSince1970 - Double(seconds)) * 1_000_000)
        let pid = String(getpid())
        return String(format: "I%02d%02d %02d:%02d:%02d.%06d ", parts.tm_mon + 1, parts.tm_mday, parts.tm_hour, parts.tm_min, parts.tm_sec, micros)
            + String(repeating: " ", count: max(0, 7 - pid.count)) + pid + " RequestLog.swift] "
    }
}
