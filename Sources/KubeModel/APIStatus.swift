/// The API server's `Status` object (kind Status, apiVersion v1), returned with every error.
public struct APIStatus: Codable, Sendable, Equatable, Error {
    public var kind: String = "Status"
    public var apiVersion: String = "v1"
    public var metadata: [String: String] = [:]
    public var status: String
    public var message: String
    public var reason: String
    public var details: Details?
    public var code: Int

    /// `details` of a Status: what the error is about.
    public struct Details: Codable, Sendable, Equatable {
        public var name: String?
        public var group: String?
        public var kind: String?
        public var retryAfterSeconds: Int?

        public init(name: String? = nil, group: String? = nil, kind: String? = nil, retryAfterSeconds: Int? = nil) {
            self.name = name
            self.group = group
            self.kind = kind
            self.retryAfterSeconds = retryAfterSeconds
        }
    }

    public init(code: Int, reason: String, message: String, details: Details? = nil, status: String = "Failure") {
        self.code = code
        self.reason = reason
        self.message = message
        self.details = details
        self.status = status
    }

    private enum CodingKeys: String, CodingKey { case kind, apiVersion, metadata, status, message, reason, details, code }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        kind = try c.decodeIfPresent(String.self, forKey: .kind) ?? "Status"
        apiVersion = try c.decodeIfPresent(String.self, forKey: .apiVersion) ?? "v1"
        status = try c.decodeIfPresent(String.self, forKey: .status) ?? "Failure"
        message = try c.decodeIfPresent(String.self, forKey: .message) ?? ""
        reason = try c.decodeIfPresent(String.self, forKey: .reason) ?? ""
        details = try c.decodeIfPresent(Details.self, forKey: .details)
        code = try c.decodeIfPresent(Int.self, forKey: .code) ?? 0
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(kind, forKey: .kind)
        try c.encode(apiVersion, forKey: .apiVersion)
        try c.encode(metadata, forKey: .metadata)
        try c.encode(status, forKey: .status)
        try c.encode(message, forKey: .message)
        try c.encode(reason, forKey: .reason)
        try c.encodeIfPresent(details, forKey: .details)
        try c.encode(code, forKey: .code)
    }
}
