import Foundation
import JSONValue
import KubeModel

/// Tunables of a client; the defaults suit a real cluster, tests shorten them.
public struct KubeClientOptions: Sendable {
    /// Limit on establishing a connection (TCP + TLS).
    public var connectTimeout: TimeInterval
    /// A non-watch request that receives nothing for this long is abandoned (there is no
    /// whole-request timeout: a huge list must be allowed to finish).
    public var stallTimeout: Int
    /// Whether an exec plugin may talk to the user (off while the full-screen UI owns the terminal).
    public var execStandardInputIsTerminal: Bool
    public var userAgent: String
    /// The most one answer's body may hold once decompressed (a list of thousands of objects fits;
    /// a hostile server's endless or gzip-bombed body does not).
    public var maxBodyBytes: Int
    /// The most one line of a watch may hold once decompressed (one event: a 10 MiB object fits).
    public var maxLineBytes: Int
    /// `--request-timeout`: the most a non-watch request may take in all; nil for no limit.
    public var requestTimeout: TimeInterval?
    /// `--as` and `--as-group`: who every request impersonates, in place of the kubeconfig's `as`.
    public var impersonation: ClientConfig.Impersonation?
    /// `-v N`: where each request is logged, as kubectl logs it; nil for none.
    public var requestLog: RequestLog?
    /// The libcurl multi handle and thread the client's transfers run on: by default the process's
    /// one (`CurlTransport.shared`), so several clusters' clients share one thread and each
    /// cluster's requests one HTTP/2 connection; `CurlTransport()` for one of its own.
    public var transport: CurlTransport

    /// 64 MiB for a body, 16 MiB for a watch line.
    public static let defaultMaxBodyBytes = 64 << 20, defaultMaxLineBytes = 16 << 20

    public init(connectTimeout: TimeInterval = 10, stallTimeout: Int = 60, execStandardInputIsTerminal: Bool = false,
                userAgent: String = "rollscope/0.1", maxBodyBytes: Int = defaultMaxBodyBytes, maxLineBytes: Int = defaultMaxLineBytes,
                transport: CurlTransport = .shared) {
        self.connectTimeout = connectTimeout
        self.stallTimeout = stallTimeout
        self.execStandardInputIsTerminal = execStandardInputIsTerminal
        self.userAgent = userAgent
        self.maxBodyBytes = maxBodyBytes
        self.maxLineBytes = maxLineBytes
        self.transport = transport
    }

    /// `16 MiB`, for the messages that name a limit.
    static func size(_ bytes: Int) -> String {
        bytes >= 1 << 20 && bytes % (1 << 20) == 0 ? "\(bytes >> 20) MiB" : "\(bytes) bytes"
    }
}

/// The Kubernetes API client of one cluster (one kubeconfig context): its requests and watches run
/// on `options.transport`, the libcurl multi thread it may share with other clusters' clients.
/// Requests are sent exactly once: nothing is retried blindly, except a read after a 401 when an
/// exec plugin's credential was refused (the plugin runs again, as the issue asks). Errors come back
/// as `KubeError`; credentials never appear in them.
public final class KubeClient: Sendable {
    public let config: ClientConfig
    public let options: KubeClientOptions
    private let transport: CurlTransport
    /// This client's tag on its transfers, so dropping it cancels them and nobody else's.
    private let owner: UInt64
    private let auth: Authenticator
    private let address: ServerAddress

    /// An HTTP answer.
    public struct Response: Sendable {
        public var status: Int
        /// Header names lower-cased.
        public var headers: [String: String]
        public var body: Data

        init(_ transfer: TransferResponse) {
            status = transfer.status
            headers = transfer.headers
            body = transfer.body
        }
    }

    public init(config: ClientConfig, options: KubeClientOptions = KubeClientOptions()) throws(ConfigError) {
        guard let address = ServerAddress(config.server) else {
            throw ConfigError(.invalid("\"\(config.displayServer)\" is not an http(s) URL"), context: config.contextName, field: "server")
        }
        var config = config
        if let impersonation = options.impersonation { config.impersonation = impersonation }
        self.config = config
        self.options = options
        self.address = address
        self.auth = Authenticator(config: config, execStandardInputIsTerminal: options.execStandardInputIsTerminal)
        transport = options.transport
        owner = transport.newOwner()
    }

    deinit { transport.cancelAll(owner: owner) }

    /// The exec plugin of this client's user, if it has one (its `runs` count is diagnostic).
    public var execProvider: ExecCredentialProvider? { auth.exec }

    /// Sends a request and returns its 2xx answer; any other answer throws the `KubeError` it carries.
    public func send(_ request: APIRequest) async throws -> Response {
        let identity = try await auth.identity()
        let response = try await perform(request, identity)
        if response.status == 401, identity.execCredential != nil {
            auth.refused(identity)
            // A read is safe to repeat with the plugin's fresh credential; a mutation is not.
            if request.method == .get {
                let fresh = try await auth.identity()
                let retried = try await perform(request, fresh)
                if retried.status == 401 { auth.refused(fresh) }
                return try Self.check(retried, request)
            }
        }
        return try Self.check(response, request)
    }

    /// A streamed GET (a watch): the body's lines as they arrive. The stream ends when the server
    /// closes it, throws the `KubeError` of a non-2xx answer or a broken connection, and cancelling
    /// the consuming task (or dropping the stream) aborts the transfer. `onOpen` is called once the
    /// server has accepted the stream (a quiet watch is connected even before its first line).
    public func lines(_ request: APIRequest, onOpen: (@Sendable () -> Void)? = nil) -> AsyncThrowingStream<Data, any Error> {
        lines(request, text: false, onOpen: onOpen)
    }

    /// `text`: the body is text (a pod log), not JSON events: blank lines are kept and a last line
    /// without its newline is delivered as it is.
    func lines(_ request: APIRequest, text: Bool, onOpen: (@Sendable () -> Void)? = nil) -> AsyncThrowingStream<Data, any Error> {
        AsyncThrowingStream { continuation in
            // The client is held only until the request is ready: a stream's consumer does not
            // keep it alive, and dropping it ends the stream (its transfers are cancelled).
            let task = ClientExecutor.task { [weak self] in
                do {
                    guard let streamed = try await self?.streamed(request, text: text) else { throw KubeError.transport("the client was closed") }
                    try await streamed.receive(onOpen: onOpen) { _ = continuation.yield($0) }
                    continuation.finish()
                } catch {
                    continuation.finish(throwing: error)
                }
            }
            // Dropping the stream (or cancelling its consumer) cancels the transfer.
            continuation.onTermination = { _ in task.cancel() }
        }
    }

    /// The body's lines, each handed to `onLine` on the transport's thread as it arrives, one
    /// after another; returns when the server ends the body. Throws the `KubeError` of a non-2xx
    /// answer or a broken connection, or what `onLine` threw (the transfer is then aborted at
    /// once: an HTTP/2 stream's reset is sent, `CurlMultiLoop.remove`, where a write error would
    /// leave it queued and the watch open). Cancelling the calling task aborts the transfer, and
    /// no line is handed over after. A watch's event so reaches its consumer from the thread that
    /// read it, with no hand-over between threads on the way (each a wake-up that waits for a
    /// core on a busy machine: milliseconds of an event's way to the screen).
    func receive(_ request: APIRequest, text: Bool, onOpen: (@Sendable () -> Void)? = nil,
                 onLine: @escaping @Sendable (Data) throws -> Void) async throws {
        try await streamed(request, text: text).receive(onOpen: onOpen, onLine: onLine)
    }

    /// `request` made ready to stream with this client's credential: what following its body
    /// takes, without the client, so that a stream's consumer waiting for its end does not keep
    /// the client alive (dropping the client cancels its transfers: `deinit`).
    func streamed(_ request: APIRequest, text: Bool) async throws -> StreamedRequest {
        let identity = try await auth.identity()
        return StreamedRequest(request: request, text: text, identity: identity, transfer: transferRequest(request, identity, streaming: true),
                               transport: transport, owner: owner, auth: auth, config: config, options: options)
    }

    // MARK: internals

    private func perform(_ request: APIRequest, _ identity: RequestIdentity) async throws -> Response {
        let transfer = transferRequest(request, identity, streaming: false)
        let state = Locked<(id: UInt64?, cancelled: Bool)>((nil, false))
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Response, any Error>) in
                // The callbacks capture values only, never the client: were the client's last reference
                // dropped on the transport thread, its deinit would wait for that very thread.
                let started = Date()
                let id = transport.start(transfer, TransferHandlers(onOpen: nil, onData: nil, onComplete: { [config, options] outcome in
                    options.requestLog?.record(transfer, outcome, since: started)
                    switch outcome {
                    case .success(let r): continuation.resume(returning: Response(r))
                    case .failure(let failure): continuation.resume(throwing: Self.error(of: failure, config, options))
                    }
                }), owner: owner)
                let cancelled = state.withLock { s -> Bool in s.id = id; return s.cancelled }
                if cancelled { transport.cancel(id) }
            }
        } onCancel: { [transport] in
            let id = state.withLock { s -> UInt64? in s.cancelled = true; return s.id }
            if let id { transport.cancel(id) }
        }
    }

    private func transferRequest(_ request: APIRequest, _ identity: RequestIdentity, streaming: Bool) -> TransferRequest {
        var headers = ["Accept: application/json", "User-Agent: \(options.userAgent)"] + identity.headers
        if let contentType = request.contentType { headers.append("Content-Type: \(contentType)") }
        return TransferRequest(
            url: address.url(request.pathAndQuery, serverName: config.tls.serverName), method: request.method.rawValue,
            headers: headers, body: request.body, tls: config.tls, clientCertificate: identity.clientCertificate,
            connectTo: address.connectTo(serverName: config.tls.serverName), proxyURL: config.proxyURL,
            acceptCompressed: !config.disableCompression, connectTimeout: options.connectTimeout,
            lowSpeedTime: streaming ? nil : options.stallTimeout, timeout: streaming ? nil : options.requestTimeout,
            maxBodyBytes: options.maxBodyBytes)
    }

    private static func check(_ response: Response, _ request: APIRequest) throws -> Response {
        guard (200..<300).contains(response.status) else { throw error(of: response, request) }
        return response
    }

    fileprivate static func error(of response: Response, _ request: APIRequest) -> KubeError {
        KubeError.from(status: response.status, body: response.body, retryAfterHeader: response.headers["retry-after"],
                       method: request.method)
    }

    /// A transport failure in words an operator can act on.
    fileprivate static func error(of failure: TransferFailure, _ config: ClientConfig, _ options: KubeClientOptions) -> KubeError {
        if failure.isCancelled { return .cancelled }
        if failure.isOverLimit {
            return .decoding("the answer passed the client's limit of \(KubeClientOptions.size(options.maxBodyBytes)) for one response body; it was not read further")
        }
        if failure.isCertificateRejected {
            let anchor = config.tls.caSource.map { "the certificate authority of \($0)" } ?? "the system's trusted certificate authorities"
            return .transport("\(config.displayServer): the server's TLS certificate was refused: it is not trusted by \(anchor) "
                              + "or does not match the server name (\(failure.message))")
        }
        return .transport("\(config.displayServer): \(failure.message)")
    }
}

/// A line splitter owned by one transfer's callbacks, which libcurl calls on its one thread only.
private final class SplitterBox: @unchecked Sendable {
    private var splitter: LineSplitter
    init(maxLine: Int, keepEmpty: Bool) { splitter = LineSplitter(maxLine: maxLine, keepEmpty: keepEmpty) }
    func feed(_ chunk: Data) throws(LineSplitter.TooLong) -> [Data] { try splitter.feed(chunk) }
    func finish() -> Data? { splitter.finish() }
}

/// One streamed request of a `KubeClient` (`KubeClient.streamed`), followed to its end by
/// `receive` without the client.
struct StreamedRequest: Sendable {
    let request: APIRequest
    let text: Bool
    let identity: RequestIdentity
    let transfer: TransferRequest
    let transport: CurlTransport
    let owner: UInt64
    let auth: Authenticator
    let config: ClientConfig
    let options: KubeClientOptions

    /// `KubeClient.receive`'s work once the request is ready.
    func receive(onOpen: (@Sendable () -> Void)?, onLine: @escaping @Sendable (Data) throws -> Void) async throws {
        let splitter = SplitterBox(maxLine: options.maxLineBytes, keepEmpty: text)
        let started = Date()
        let state = Locked(ReceiveState())
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                state.withLock { $0.waiting = continuation }
                /// Tells the caller once; `abort` also cancels the transfer (now, or once it has its id).
                @Sendable func end(_ result: Result<Void, any Error>, abort: Bool = false) {
                    let (waiting, id) = state.withLock { s in
                        defer { s.waiting = nil; s.cancelled = s.cancelled || abort }
                        return (s.waiting, abort ? s.id : nil)
                    }
                    waiting?.resume(with: result)
                    if let id { transport.cancel(id) }
                }
                /// Hands `line` over unless the caller has gone; false when `onLine` threw (and the transfer was aborted).
                @Sendable func handOver(_ line: Data) -> Bool {
                    guard state.withLock({ !$0.cancelled && $0.waiting != nil }) else { return true }
                    do { try onLine(line) } catch {
                        end(.failure(error), abort: true)
                        return false
                    }
                    return true
                }
                let handlers = TransferHandlers(
                    onOpen: onOpen,
                    onData: { [options] chunk in
                        guard let lines = try? splitter.feed(chunk) else {
                            // The stream ends here with the limit named; returning false aborts the transfer.
                            end(.failure(KubeError.decoding(
                                text ? "a log line passed the client's limit of \(KubeClientOptions.size(options.maxLineBytes)); the stream was closed"
                                    : "a watch line passed the client's limit of \(KubeClientOptions.size(options.maxLineBytes)) for one event; the watch was closed")))
                            return false
                        }
                        for line in lines {
                            guard handOver(line) else { break }
                        }
                        return true
                    },
                    onComplete: { [auth, config, options, transfer] outcome in
                        // A watch is logged when it ends: its latency is its whole life.
                        options.requestLog?.record(transfer, outcome, since: started)
                        switch outcome {
                        case .success(let response) where (200..<300).contains(response.status):
                            if let rest = splitter.finish() {
                                // A final event that lacks only its newline is delivered; a stream cut inside
                                // an event is a broken connection (libcurl can see it end cleanly: the
                                // server resets the HTTP/2 stream of a connection going away), not an
                                // event the server sent undecodable, as client-go takes it.
                                guard text || (try? JSON(parsing: rest)) != nil else {
                                    end(.failure(KubeError.transport("the stream ended inside an event (\(rest.count) bytes without their newline)")))
                                    return
                                }
                                guard handOver(rest) else { return }
                            }
                            end(.success(()))
                        case .success(let response):
                            if response.status == 401 { auth.refused(identity) }
                            end(.failure(KubeClient.error(of: KubeClient.Response(response), request)))
                        case .failure(let failure):
                            end(.failure(KubeClient.error(of: failure, config, options)))
                        }
                    })
                let id = transport.start(transfer, handlers, owner: owner)
                let cancelled = state.withLock { s -> Bool in s.id = id; return s.cancelled }
                if cancelled { transport.cancel(id) }
            }
        } onCancel: { [transport] in
            let id = state.withLock { s -> UInt64? in s.cancelled = true; return s.id }
            if let id { transport.cancel(id) }
        }
    }

    /// A streamed transfer as `receive` follows it: its id once started, whether it was
    /// cancelled (by the caller, or because a line could not be handed over), and the caller
    /// while it waits for the end.
    private struct ReceiveState {
        var id: UInt64?
        var cancelled = false
        var waiting: CheckedContinuation<Void, any Error>?
    }
}
