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
