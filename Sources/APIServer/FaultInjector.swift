import Foundation

/// Faults the tests (never a kubeconfig user) can inject into the embedded server, to show
/// that clients recover: failed requests, stalls, dropped or garbled watch streams, expired
/// history, forbidden namespaces.
public final class FaultInjector: @unchecked Sendable {
    /// A rule answering matching requests with an error instead of serving them.
    struct FailureRule {
        var pathPrefix: String
        var method: String?
        var code: Int
        var remaining: Int
        var retryAfter: Int?
    }

    /// What to do to the open watch streams.
    enum WatchAction {
        case dropMidLine
        case closeCleanly
        case inject([UInt8])
    }

    private let lock = NSLock()
    private var failures: [FailureRule] = []
    private var stalls: [(prefix: String, seconds: Double)] = []
    private var forbidden: Set<String> = []
    private var adminTokens: Set<String>?
    private var watchActionHandler: (@Sendable (WatchAction) -> Void)?
    private var historyHandler: (@Sendable () -> Void)?
    /// Every request seen, as "METHOD path?query" (tests assert on what a client sent), the
    /// oldest dropped past `logLimit` entries or `logByteLimit` bytes.
    private var log: [RecordedRequest] = []
    private var logBytes = 0
    private var bodies = false
    static let logLimit = 10_000
    static let logByteLimit = 8 << 20

    /// One request as the server received it.
    public struct RecordedRequest: Sendable, Equatable {
        public var method: String
        public var uri: String
        public var contentType: String?
        /// Empty unless `recordBodies` is on (and always for a request refused before its body was read).
        public var body: String
        public var user: String?
    }

    /// Whether `requests` keeps request bodies (off by default: a server never holds on to what
    /// it was sent; a test that asserts on bodies turns it on).
    public var recordBodies: Bool {
        get { lock.lock(); defer { lock.unlock() }; return bodies }
        set { lock.lock(); bodies = newValue; lock.unlock() }
    }

    init() {}

    func connect(watchAction: @escaping @Sendable (WatchAction) -> Void, expireHistory: @escaping @Sendable () -> Void) {
        lock.lock()
        watchActionHandler = watchAction
        historyHandler = expireHistory
        lock.unlock()
    }

    /// The next `count` requests whose path starts with `pathPrefix` (and method, if given) get `code`
    /// with a kube Status body; a 429 or 503 carries `Retry-After` when `retryAfter` is set.
    public func failNext(pathPrefix: String, method: String? = nil, code: Int, count: Int = 1, retryAfter: Int? = nil) {
        lock.lock()
        failures.append(FailureRule(pathPrefix: pathPrefix, method: method, code: code, remaining: count, retryAfter: retryAfter))
        lock.unlock()
    }

    /// Requests under `pathPrefix` are answered only after `seconds`.
    public func stall(pathPrefix: String, seconds: Double) {
        lock.lock()
        stalls.append((pathPrefix, seconds))
        lock.unlock()
    }

    /// Every request scoped to `namespace` is refused with 403 Forbidden.
    public func forbidNamespace(_ namespace: String) { lock.lock(); forbidden.insert(namespace); lock.unlock() }
    public func allowNamespace(_ namespace: String) { lock.lock(); forbidden.remove(namespace); lock.unlock() }

    /// From now on the admin is known only by these bearer tokens, not its generated one: a
    /// credential that rotates, as an exec plugin's short-lived tokens do. nil goes back to the
    /// generated token. Open watches stay open, as on a real server.
    public func acceptAdminTokens(_ tokens: Set<String>?) { lock.lock(); adminTokens = tokens; lock.unlock() }

    /// Removes every rule.
    public func reset() {
        lock.lock()
        failures.removeAll()
        stalls.removeAll()
        forbidden.removeAll()
        adminTokens = nil
        lock.unlock()
    }

    /// Cuts every open watch in the middle of a JSON line, as a dropped connection does.
    public func dropWatches() { handler()?(.dropMidLine) }
    /// Ends every open watch cleanly (as the server's request timeout does).
    public func closeWatches() { handler()?(.closeCleanly) }
    /// Writes raw bytes (a malformed or truncated line) into every open watch.
    public func injectIntoWatches(_ text: String) { handler()?(.inject(Array(text.utf8))) }
    /// Compacts the history: a watch resumed from any version seen so far gets 410 Expired.
    public func expireHistory() {
        lock.lock()
        let h = historyHandler
        lock.unlock()
        h?()
    }

    /// The requests received so far.
    public var requests: [RecordedRequest] { lock.lock(); defer { lock.unlock() }; return log }
    public func clearRequests() { lock.lock(); log.removeAll(); logBytes = 0; lock.unlock() }

    private func handler() -> (@Sendable (WatchAction) -> Void)? {
        lock.lock()
        defer { lock.unlock() }
        return watchActionHandler
    }

    func record(method: String, uri: String, contentType: String?, body: [UInt8], user: String?) {
        lock.lock()
        defer { lock.unlock() }
        let r = RecordedRequest(method: method, uri: uri, contentType: contentType,
                                body: bodies ? String(decoding: body, as: UTF8.self) : "", user: user)
        log.append(r)
        logBytes += Self.size(r)
        var drop = 0
        while log.count - drop > 1, log.count - drop > Self.logLimit || logBytes > Self.logByteLimit {
            logBytes -= Self.size(log[drop])
            drop += 1
        }
        if drop > 0 { log.removeFirst(drop) }
    }

    private static func size(_ r: RecordedRequest) -> Int { r.uri.utf8.count + r.body.utf8.count + 64 }

    func failure(method: String, path: String) -> (code: Int, retryAfter: Int?)? {
        lock.lock()
        defer { lock.unlock() }
        guard let i = failures.firstIndex(where: { path.hasPrefix($0.pathPrefix) && ($0.method == nil || $0.method == method) }) else { return nil }
        let rule = failures[i]
        failures[i].remaining -= 1
        if failures[i].remaining <= 0 { failures.remove(at: i) }
        return (rule.code, rule.retryAfter)
    }

    func stallSeconds(path: String) -> Double? {
        lock.lock()
        defer { lock.unlock() }
        return stalls.first { path.hasPrefix($0.prefix) }?.seconds
    }

    /// The user a bearer token names, with the admin's tokens replaced while `acceptAdminTokens` holds.
    func user(token: String, in credentials: ServerCredentials) -> ServerCredentials.User? {
        lock.lock()
        let replaced = adminTokens
        lock.unlock()
        guard let replaced else { return credentials.user(token: token) }
        if replaced.contains(token) { return credentials.admin }
        return token == credentials.admin.token ? nil : credentials.user(token: token)
    }

    func isForbidden(namespace: String?) -> Bool {
        guard let namespace else { return false }
        lock.lock()
        defer { lock.unlock() }
        return forbidden.contains(namespace)
    }
}
