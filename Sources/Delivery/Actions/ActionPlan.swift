import KubeModel

/// The requests one action sends, as data. Send `requests` in order; if the first answers
/// 404 Not Found, send `onNotFound` instead of all of them (the plugin's fall-back from the
/// `/status` subresource to the main resource, for CRDs without one). Any other error stops.
public struct ActionPlan: Sendable, Hashable {
    public var requests: [APIRequest]
    public var onNotFound: [APIRequest]?
    /// What the command prints on success (`rollout 'x' promoted`).
    public var message: String

    public init(requests: [APIRequest], onNotFound: [APIRequest]? = nil, message: String) {
        self.requests = requests
        self.onNotFound = onNotFound
        self.message = message
    }
}

/// A refusal before anything is sent, with the plugin's own text.
public struct ActionError: Error, Sendable, Hashable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

extension ActionPlan {
    /// One request sent and the HTTP status it got.
    public struct Exchange: Sendable, Hashable {
        public var request: APIRequest
        public var status: Int
    }

    /// Sends the plan through `send` (which returns the HTTP status code), applying the fall-back
    /// rule in one place: a 404 on the first request replaces the rest by `onNotFound`; any other
    /// status of 400 or more stops. Returns every exchange; the last one tells success or failure.
    public func run(_ send: (APIRequest) async throws -> Int) async rethrows -> [Exchange] {
        var exchanges: [Exchange] = []
        var queue = requests[...]
        var fellBack = false
        while let request = queue.popFirst() {
            let status = try await send(request)
            exchanges.append(Exchange(request: request, status: status))
            if status == 404, !fellBack, exchanges.count == 1, let onNotFound {
                fellBack = true
                queue = onNotFound[...]
                continue
            }
            if status >= 400 { break }
        }
        return exchanges
    }
}
