import CCurl
import CCurlShim
import Foundation

/// One HTTP exchange the transport performs: everything is already resolved to what libcurl needs.
struct TransferRequest: Sendable {
    var url: String
    var method: String
    /// Full header lines (`Name: value`).
    var headers: [String]
    var body: Data?
    var tls: ClientConfig.TLS
    var clientCertificate: ClientConfig.ClientCertificate?
    /// `HOST:PORT:CONNECT-HOST:CONNECT-PORT`, to verify against `tls-server-name` while connecting elsewhere.
    var connectTo: String?
    var proxyURL: String?
    var acceptCompressed: Bool
    var connectTimeout: TimeInterval
    /// Abort when fewer than one byte a second arrives for this long; nil for watches, which may be
    /// silent for minutes (they rely on TCP keep-alive and the server's `timeoutSeconds` instead).
    var lowSpeedTime: Int?
    /// The most the whole transfer may take (`--request-timeout`); nil for no limit.
    var timeout: TimeInterval? = nil
    /// The most an accumulated (non-streamed) body may hold, decompressed; past it the transfer fails.
    var maxBodyBytes: Int = KubeClientOptions.defaultMaxBodyBytes
}

/// The HTTP answer to a transfer. For a streamed 2xx answer, `body` is empty (it went to `onData`).
struct TransferResponse: Sendable {
    var status: Int
    /// Header names lower-cased; the last value wins.
    var headers: [String: String]
    var body: Data
}

/// A transfer that got no HTTP answer: libcurl's code and its message.
struct TransferFailure: Error, Sendable, Equatable {
    var code: Int
    var message: String
    /// CURLE_PEER_FAILED_VERIFICATION: the server's certificate was not trusted.
    var isCertificateRejected: Bool { code == Int(CURLE_PEER_FAILED_VERIFICATION.rawValue) }
    var isCancelled: Bool { code == -1 }
    /// The body passed `TransferRequest.maxBodyBytes`, or the stream's consumer refused more.
    var isOverLimit: Bool { code == -2 }
}

/// What a transfer reports, called on the transport's thread (keep them short: hand work elsewhere).
struct TransferHandlers: Sendable {
    /// For streams: called once the server answered 2xx (the stream is open), before any data.
    var onOpen: (@Sendable () -> Void)?
    /// For streams: each chunk of a 2xx body as it arrives; false aborts the transfer (a line
    /// too long). Nil = accumulate the body.
    var onData: (@Sendable (Data) -> Bool)?
    var onComplete: @Sendable (Result<TransferResponse, TransferFailure>) -> Void
}

/// One libcurl multi handle and the thread that drives it, shared by every `KubeClient` given it
/// (`KubeClientOptions.transport`; by default `CurlTransport.shared`, one for the whole process).
///
/// Each client keeps its own credentials, TLS settings and server on its easy handles; the multi
/// handle pools their connections. Over TLS every request asks for HTTP/2 (`CURL_HTTP_VERSION_2TLS`,
/// libcurl's default since 7.62, set explicitly) with `CURLOPT_PIPEWAIT`, so the requests and
/// watches of one cluster share one connection (`CURLPIPE_MULTIPLEX`), a second request waiting
/// for the first connection's ALPN answer rather than opening another; a server that answers
/// `http/1.1` gets one connection per concurrent request, as before. libcurl reuses a connection
/// only for a request with the same server and TLS settings (CA, client certificate), so clusters
/// never share one; bearer tokens travel per request. A libcurl built without HTTP/2
/// (`CurlVersion.http2` false) is asked for HTTP/1.1 instead.
///
/// The transport lives as long as something holds it: the last reference dropped ends its thread
/// (`shared` never is).
public final class CurlTransport: Sendable {
    /// The process's one transport: every client on it shares its thread and connection pool.
    public static let shared = CurlTransport()

    private let loop = CurlMultiLoop()
    private let owners = Locked<UInt64>(0)

    /// A transport of its own (its own thread and connections), for a client that must not share.
    public init() {}

    deinit { loop.shutdown() }

    /// A new owner id: a client tags its transfers with it, to cancel them all when it goes.
    func newOwner() -> UInt64 { owners.withLock { $0 += 1; return $0 } }

    /// Starts a transfer; returns its id for `cancel`.
    @discardableResult
    func start(_ request: TransferRequest, _ handlers: TransferHandlers, owner: UInt64 = 0) -> UInt64 {
        loop.start(request, handlers, owner: owner)
    }

    /// Stops a transfer; its `onComplete` gets a cancelled failure (unless it had already finished).
    /// An HTTP/2 transfer's stream is reset (RST_STREAM) at once, its connection kept for the others.
    func cancel(_ id: UInt64) { loop.cancel(id) }

    /// Stops every transfer `owner` started (a client going away); each gets a cancelled failure.
    func cancelAll(owner: UInt64) { loop.cancelAll(owner: owner) }

    /// Cancels everything and ends the thread (see `CurlMultiLoop.shutdown`).
    func shutdown() { loop.shutdown() }
}

/// The thread running a libcurl multi handle for a `CurlTransport`: every request and long-lived
/// watch given to it shares it. Other threads talk to it only by Sendable commands under a lock
/// plus `curl_multi_wakeup`.
///
/// Quirk: Swift 6 will not move libcurl's non-Sendable handles across threads, so the worker thread
/// creates, drives and frees every easy handle itself; `@unchecked Sendable` covers only the multi
/// handle pointer, which other threads use for `curl_multi_wakeup` alone (documented thread-safe).
private final class CurlMultiLoop: @unchecked Sendable {
    private enum Command {
        case start(UInt64, UInt64, TransferRequest, TransferHandlers)
        case cancel(UInt64)
        case cancelOwner(UInt64)
        case shutdown
    }

    private let multi: UnsafeMutableRawPointer
    /// Commands waiting for the worker, and whether the multi handle is gone (no more wakeups).
    private let mailbox = Locked<(commands: [Command], closed: Bool)>(([], false))
    private let ids = Locked<UInt64>(0)
    private let finished = DispatchSemaphore(value: 0)
    private let stopped = Locked(false)
    /// The worker thread, so `shutdown` called from one of its own callbacks does not wait for itself.
    private let worker = Locked<Thread?>(nil)

    /// `curl_global_init` once per process, before any handle exists.
    private static let globalInit: Void = { _ = curl_global_init(Int(CURL_GLOBAL_ALL)) }()

    init() {
        _ = Self.globalInit
        guard let multi = curl_multi_init() else { fatalError("curl_multi_init failed") }
        self.multi = multi
        _ = rs_multi_setopt_long(multi, CURLMOPT_PIPELINING, Int(CURLPIPE_MULTIPLEX))
        let thread = Thread { [self] in self.run() }
        thread.name = "rollscope.curl"
        thread.start()
    }

    func start(_ request: TransferRequest, _ handlers: TransferHandlers, owner: UInt64) -> UInt64 {
        let id = ids.withLock { $0 += 1; return $0 }
        guard !stopped.withLock({ $0 }) else {
            handlers.onComplete(.failure(TransferFailure(code: -1, message: "the client was shut down")))
            return id
        }
        send(.start(id, owner, request, handlers))
        return id
    }

    func cancel(_ id: UInt64) { send(.cancel(id)) }

    func cancelAll(owner: UInt64) { send(.cancelOwner(owner)) }

    /// Cancels everything and ends the thread; waits until it has, unless called on that thread
    /// (a callback dropping the last reference to the transport), where it returns and the loop
    /// ends as soon as the callback does.
    func shutdown() {
        let already = stopped.withLock { s in defer { s = true }; return s }
        guard !already else { return }
        send(.shutdown)
        if worker.withLock({ $0 }) !== Thread.current { finished.wait() }
    }

    /// Queues a command and wakes the worker. The wakeup happens under the mailbox lock, which the
    /// worker takes to close it before freeing the multi handle: no wakeup can reach a freed handle.
    private func send(_ command: Command) {
        mailbox.withLock { box in
            guard !box.closed else { return }
            box.commands.append(command)
            curl_multi_wakeup(multi)
        }
    }

    // MARK: the worker thread

    private func run() {
        worker.withLock { $0 = Thread.current }
        var active: [UInt64: TransferContext] = [:]
        var running: Int32 = 0
        loop: while true {
            for command in mailbox.withLock({ box in defer { box.commands.removeAll() }; return box.commands }) {
                switch command {
                case .start(let id, let owner, let request, let handlers):
                    let context = TransferContext(id: id, owner: owner, request: request, handlers: handlers)
                    if let failure = context.configure() {
                        context.cleanup()
                        handlers.onComplete(.failure(failure))
                    } else {
                        active[id] = context
                        curl_multi_add_handle(multi, context.handle)
                    }
                case .cancel(let id):
                    if let context = active.removeValue(forKey: id) { remove(context, active: active, reason: "cancelled") }
                case .cancelOwner(let owner):
                    for (id, context) in active where context.owner == owner {
                        active[id] = nil
                        remove(context, active: active, reason: "the client was shut down")
                    }
                case .shutdown:
                    for context in active.values {
                        curl_multi_remove_handle(multi, context.handle)
                        context.cleanup()
                        context.handlers.onComplete(.failure(TransferFailure(code: -1, message: "the client was shut down")))
                    }
                    break loop
                }
            }
            curl_multi_perform(multi, &running)
            var queued: Int32 = 0
            while let message = curl_multi_info_read(multi, &queued) {
                guard message.pointee.msg == CURLMSG_DONE, let easy = message.pointee.easy_handle else { continue }
                let code = message.pointee.data.result
                guard let context = TransferContext.from(easy) else { continue }
                active.removeValue(forKey: context.id)
                curl_multi_remove_handle(multi, easy)
                let outcome = context.outcome(code)
                context.cleanup()
                context.handlers.onComplete(outcome)
            }
            // Until a socket is ready, a command's `curl_multi_wakeup`, or libcurl's own next
            // timer (`curl_multi_poll` waits no longer than `curl_multi_timeout` says: a connect
            // or request timeout, a stalled transfer's check): watches at rest wake nothing.
            curl_multi_poll(multi, nil, 0, Int32.max, nil)
        }
        mailbox.withLock { $0.closed = true }
        curl_multi_cleanup(multi)
        finished.signal()
    }

    /// Takes a cancelled transfer off the multi handle (`active` no longer holds it) and says so.
    ///
    /// Quirk: libcurl 7.88 (Debian 12's) queues the RST_STREAM of an HTTP/2 transfer removed
    /// midway in its connection's output buffer (frames under 1 KiB wait there) until the
    /// connection's next read or write, so the server would keep the watch until another stream's
    /// next event, a bookmark (a minute on a quiet cluster) or the next request. So: when other
    /// transfers share the connection, one of them is paused and resumed at once, which makes
    /// libcurl send what it holds (its window update); when none does, the connection is closed
    /// with the transfer (`CURLOPT_FORBID_REUSE`), which ends the stream as surely. An HTTP/1.1
    /// transfer removed midway closes its connection anyway.
    private func remove(_ context: TransferContext, active: [UInt64: TransferContext], reason: String) {
        let connection = context.connection
        let sharing = connection.flatMap { key in active.values.first { $0.connection == key } }
        if connection != nil, sharing == nil { _ = rs_easy_setopt_long(context.handle, CURLOPT_FORBID_REUSE, 1) }
        curl_multi_remove_handle(multi, context.handle)
        if let sharing {
            curl_easy_pause(sharing.handle, CURLPAUSE_SEND)
            curl_easy_pause(sharing.handle, CURLPAUSE_CONT)
        }
        context.cleanup()
        context.handlers.onComplete(.failure(TransferFailure(code: -1, message: reason)))
    }
}

/// The worker thread's state for one easy handle: the request's C strings and lists, the body or
/// stream being received, and the handle itself. Reached from libcurl's C callbacks through
/// `CURLOPT_PRIVATE` / `WRITEDATA` / `HEADERDATA`, as an unretained pointer kept alive by `active`.
private final class TransferContext {
    let id: UInt64
    /// The client that started it (`CurlTransport.newOwner`), 0 for none.
    let owner: UInt64
    let request: TransferRequest
    let handlers: TransferHandlers
    let handle: UnsafeMutableRawPointer
    private var headerList: UnsafeMutablePointer<curl_slist>?
    private var connectList: UnsafeMutablePointer<curl_slist>?
    private let errorBuffer = UnsafeMutablePointer<CChar>.allocate(capacity: Int(CURL_ERROR_SIZE) + 1)
    var status = 0
    var headers: [String: String] = [:]
    var body = Data()
    /// The body passed its limit (or the stream's consumer refused a chunk): the transfer was aborted.
    private var overLimit = false

    init(id: UInt64, owner: UInt64, request: TransferRequest, handlers: TransferHandlers) {
        self.id = id
        self.owner = owner
        self.request = request
        self.handlers = handlers
        self.handle = curl_easy_init()
        errorBuffer.initialize(repeating: 0, count: Int(CURL_ERROR_SIZE) + 1)
    }

    /// The connection the transfer runs on, as its two ends (`LOCALPORT PEER:PORT`); nil before it
    /// has one. (libcurl 7.88 answers CURLINFO_ACTIVESOCKET only once a transfer is done; the ends
    /// are set as soon as a transfer is given its connection, new or reused.)
    var connection: String? {
        var local = 0, port = 0
        var ip: UnsafeMutableRawPointer?
        guard rs_easy_getinfo_long(handle, CURLINFO_LOCAL_PORT, &local) == CURLE_OK, local > 0,
              rs_easy_getinfo_long(handle, CURLINFO_PRIMARY_PORT, &port) == CURLE_OK,
              rs_easy_getinfo_pointer(handle, CURLINFO_PRIMARY_IP, &ip) == CURLE_OK, let ip else { return nil }
        return "\(local) \(String(cString: ip.assumingMemoryBound(to: CChar.self))):\(port)"
    }

    static func from(_ easy: UnsafeMutableRawPointer) -> TransferContext? {
        var pointer: UnsafeMutableRawPointer?
        guard rs_easy_getinfo_pointer(easy, CURLINFO_PRIVATE, &pointer) == CURLE_OK, let pointer else { return nil }
        return Unmanaged<TransferContext>.fromOpaque(pointer).takeUnretainedValue()
    }

    /// Sets every option; a failure names the option libcurl refused.
    func configure() -> TransferFailure? {
        let h = handle
        let me = Unmanaged.passUnretained(self).toOpaque()
        var failed: String?
        func check(_ code: CURLcode, _ what: String) {
            if code != CURLE_OK, failed == nil { failed = "\(what): \(String(cString: curl_easy_strerror(code)))" }
        }
        check(rs_easy_setopt_string(h, CURLOPT_URL, request.url), "url")
        check(rs_easy_setopt_pointer(h, CURLOPT_PRIVATE, me), "private")
        check(rs_easy_setopt_pointer(h, CURLOPT_ERRORBUFFER, errorBuffer), "error buffer")
        // Quirk: libcurl's default SIGALRM-based DNS timeouts are unsafe in a multithreaded process.
        check(rs_easy_setopt_long(h, CURLOPT_NOSIGNAL, 1), "nosignal")
        check(rs_easy_setopt_write_callback(h, CURLOPT_WRITEFUNCTION, curlWriteBody), "write callback")
        check(rs_easy_setopt_pointer(h, CURLOPT_WRITEDATA, me), "write data")
        // The header callback has the write callback's C signature, so the same wrapper sets it.
        check(rs_easy_setopt_write_callback(h, CURLOPT_HEADERFUNCTION, curlWriteHeader), "header callback")
        check(rs_easy_setopt_pointer(h, CURLOPT_HEADERDATA, me), "header data")
        // A proxy's CONNECT answer is not the server's: keep it out of the header callback.
        check(rs_easy_setopt_long(h, CURLOPT_SUPPRESS_CONNECT_HEADERS, 1), "suppress connect headers")
        // HTTP/2 over TLS (HTTP/1.1 over plain HTTP), and wait for a connection being set up to
        // say whether it multiplexes rather than open another. A libcurl without HTTP/2 refuses
        // CURL_HTTP_VERSION_2TLS (CURLE_UNSUPPORTED_PROTOCOL): it is asked for HTTP/1.1.
        if CurlVersion.http2 {
            check(rs_easy_setopt_long(h, CURLOPT_HTTP_VERSION, Int(CURL_HTTP_VERSION_2TLS)), "http version")
            check(rs_easy_setopt_long(h, CURLOPT_PIPEWAIT, 1), "pipewait")
        } else {
            check(rs_easy_setopt_long(h, CURLOPT_HTTP_VERSION, Int(CURL_HTTP_VERSION_1_1)), "http version")
        }
        check(rs_easy_setopt_long(h, CURLOPT_CONNECTTIMEOUT_MS, Int(request.connectTimeout * 1000)), "connect timeout")
        check(rs_easy_setopt_long(h, CURLOPT_TCP_KEEPALIVE, 1), "keepalive")
        check(rs_easy_setopt_long(h, CURLOPT_TCP_KEEPIDLE, 30), "keepidle")
        check(rs_easy_setopt_long(h, CURLOPT_TCP_KEEPINTVL, 15), "keepintvl")
        if let seconds = request.lowSpeedTime {
            check(rs_easy_setopt_long(h, CURLOPT_LOW_SPEED_LIMIT, 1), "low speed limit")
            check(rs_easy_setopt_long(h, CURLOPT_LOW_SPEED_TIME, seconds), "low speed time")
        }
        if let timeout = request.timeout, timeout > 0 {
            check(rs_easy_setopt_long(h, CURLOPT_TIMEOUT_MS, Int(timeout * 1000)), "request timeout")
        }
        if request.acceptCompressed { check(rs_easy_setopt_string(h, CURLOPT_ACCEPT_ENCODING, "gzip"), "accept-encoding") }

        // TLS: verification stays on unless insecure-skip-tls-verify.
        let insecure = request.tls.insecureSkipVerify
        check(rs_easy_setopt_long(h, CURLOPT_SSL_VERIFYPEER, insecure ? 0 : 1), "verify peer")
        check(rs_easy_setopt_long(h, CURLOPT_SSL_VERIFYHOST, insecure ? 0 : 2), "verify host")
        if let ca = request.tls.caPEM {
            check(ca.withUnsafeBytes { rs_easy_setopt_blob(h, CURLOPT_CAINFO_BLOB, $0.baseAddress, $0.count) }, "certificate authority")
            // Quirk: with OpenSSL, libcurl also loads its default CA path next to a CAINFO blob; a
            // cluster's CA must be the only trust anchor, so the default locations are cleared.
            check(rs_easy_setopt_string(h, CURLOPT_CAINFO, nil), "cainfo")
            check(rs_easy_setopt_string(h, CURLOPT_CAPATH, nil), "capath")
        }
        if let cert = request.clientCertificate {
            check(rs_easy_setopt_string(h, CURLOPT_SSLCERTTYPE, "PEM"), "client certificate type")
            check(cert.certificatePEM.withUnsafeBytes { rs_easy_setopt_blob(h, CURLOPT_SSLCERT_BLOB, $0.baseAddress, $0.count) },
                  "client certificate")
            check(rs_easy_setopt_string(h, CURLOPT_SSLKEYTYPE, "PEM"), "client key type")
            check(cert.keyPEM.withUnsafeBytes { rs_easy_setopt_blob(h, CURLOPT_SSLKEY_BLOB, $0.baseAddress, $0.count) }, "client key")
        }
        if let connectTo = request.connectTo {
            connectList = curl_slist_append(nil, connectTo)
            check(rs_easy_setopt_slist(h, CURLOPT_CONNECT_TO, connectList), "connect-to")
        }
        if let proxy = request.proxyURL {
            // socks5 as kubeconfig means it resolves names on the proxy (socks5h in curl's words).
            let curlProxy = proxy.hasPrefix("socks5://") ? "socks5h://" + proxy.dropFirst("socks5://".count) : proxy
            check(rs_easy_setopt_string(h, CURLOPT_PROXY, curlProxy), "proxy-url")
        }

        for line in request.headers + ["Expect:"] { headerList = curl_slist_append(headerList, line) }
        check(rs_easy_setopt_slist(h, CURLOPT_HTTPHEADER, headerList), "headers")
        if let body = request.body {
            check(rs_easy_setopt_off(h, CURLOPT_POSTFIELDSIZE_LARGE, curl_off_t(body.count)), "body size")
            // COPYPOSTFIELDS copies the bytes, so the Data need not outlive this call.
            if body.isEmpty {
                check(rs_easy_setopt_string(h, CURLOPT_COPYPOSTFIELDS, ""), "body")
            } else {
                check(body.withUnsafeBytes { rs_easy_setopt_pointer(h, CURLOPT_COPYPOSTFIELDS, UnsafeMutableRawPointer(mutating: $0.baseAddress)) },
                      "body")
            }
        }
        if request.method != "GET" && !(request.method == "POST" && request.body != nil) {
            check(rs_easy_setopt_string(h, CURLOPT_CUSTOMREQUEST, request.method), "method")
        }
        return failed.map { TransferFailure(code: 0, message: $0) }
    }

    /// Bytes of the body (libcurl has already decompressed them): streamed to `onData` for a 2xx
    /// stream, otherwise accumulated up to `maxBodyBytes`. False aborts the transfer.
    func receiveBody(_ bytes: UnsafeRawBufferPointer) -> Bool {
        if status == 0 {
            var code = 0
            _ = rs_easy_getinfo_long(handle, CURLINFO_RESPONSE_CODE, &code)
            status = code
        }
        if let onData = handlers.onData, (200..<300).contains(status) {
            if !onData(Data(bytes)) { overLimit = true }
        } else if body.count + bytes.count > request.maxBodyBytes {
            overLimit = true
            body = Data()
        } else {
            body.append(contentsOf: bytes)
        }
        return !overLimit
    }

    /// One header line; a status line starts a new header block (after a 100 Continue), and the
    /// empty line ending a final 2xx block opens a stream.
    func receiveHeader(_ bytes: UnsafeRawBufferPointer) {
        let line = String(decoding: bytes, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        if line.isEmpty {
            if (200..<300).contains(status) { handlers.onOpen?() }
        } else if line.hasPrefix("HTTP/") {
            headers = [:]
            status = line.split(separator: " ").dropFirst().first.flatMap { Int($0) } ?? 0
        } else if let colon = line.firstIndex(of: ":") {
            let name = line[..<colon].lowercased()
            headers[name] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
    }

    func outcome(_ code: CURLcode) -> Result<TransferResponse, TransferFailure> {
        if overLimit { return .failure(TransferFailure(code: -2, message: "over the size limit")) }
        guard code == CURLE_OK else {
            let detail = String(cString: errorBuffer)
            let text = detail.isEmpty ? String(cString: curl_easy_strerror(code)) : detail
            return .failure(TransferFailure(code: Int(code.rawValue), message: text))
        }
        var final = 0
        _ = rs_easy_getinfo_long(handle, CURLINFO_RESPONSE_CODE, &final)
        return .success(TransferResponse(status: final == 0 ? status : final, headers: headers, body: body))
    }

    func cleanup() {
        curl_easy_cleanup(handle)
        curl_slist_free_all(headerList)
        curl_slist_free_all(connectList)
        headerList = nil
        connectList = nil
        errorBuffer.deallocate()
    }
}

/// libcurl's write callback: hands the bytes to the transfer's context (its `WRITEDATA`).
private func curlWriteBody(_ data: UnsafeMutablePointer<CChar>?, _ size: Int, _ count: Int, _ user: UnsafeMutableRawPointer?) -> Int {
    guard let user else { return 0 }
    let context = Unmanaged<TransferContext>.fromOpaque(user).takeUnretainedValue()
    // Returning less than was given makes libcurl abort the transfer (CURLE_WRITE_ERROR).
    return context.receiveBody(UnsafeRawBufferPointer(start: data, count: size * count)) ? size * count : 0
}

/// libcurl's header callback: one header line per call (its `HEADERDATA`).
private func curlWriteHeader(_ data: UnsafeMutablePointer<CChar>?, _ size: Int, _ count: Int, _ user: UnsafeMutableRawPointer?) -> Int {
    guard let user else { return 0 }
    let context = Unmanaged<TransferContext>.fromOpaque(user).takeUnretainedValue()
    context.receiveHeader(UnsafeRawBufferPointer(start: data, count: size * count))
    return size * count
}
