import Foundation
import KubeModel
import NIOCore
import NIOHTTP1
import NIOSSL
import X509

/// The handler of one HTTP/1.1 connection or of one HTTP/2 stream (behind NIO's HTTP/2-to-HTTP/1
/// codec, which makes a stream look like a connection serving one request): authenticates a request
/// from its head (bearer token or verified client certificate) before reading any body, collects
/// the body, hands the request to `APIHandler`, and writes the reply or opens a watch. On a stream,
/// closing the channel resets the stream only (RST_STREAM); the connection and its other streams go on.
///
/// Hostile clients: an unauthenticated request, or one whose Content-Length is over the limit, is
/// answered at once and the connection closed without reading the body; a connection must send
/// a request head within `headerTimeout` of connecting and the next one within `idleTimeout` of
/// the last response (a body, within `idleTimeout` of its head), or it is closed.
final class HTTPConnectionHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    /// Where the connection is in its request cycle.
    private enum Phase {
        /// Waiting for a request head (the wait timer runs).
        case waiting
        /// Reading the body of an authenticated request.
        case reading(HTTPRequestHead, ServerCredentials.User)
        /// The request was refused from its head; its body is never read and the connection closes.
        case refused
        /// A request is being answered (a response or a watch stream); no timer runs.
        case serving
    }

    private let server: EmbeddedAPIServer
    private var phase = Phase.waiting
    private var body: [UInt8] = []
    private var tooLarge = false
    private var watch: WatchStream?
    private var certificateUser: ServerCredentials.User??
    private var timer: Scheduled<Void>?
    /// When the first request head is due (nil: `headerTimeout` after the channel is active).
    private let firstRequestBy: NIODeadline?
    private var started = false

    /// `firstRequestBy`: the deadline of a connection accepted before this handler was added (a
    /// TLS connection that negotiated HTTP/1.1: its handshake counts against the header timeout).
    init(server: EmbeddedAPIServer, firstRequestBy: NIODeadline?) {
        self.server = server
        self.firstRequestBy = firstRequestBy
    }

    func handlerAdded(context: ChannelHandlerContext) {
        if context.channel.isActive { start(context: context) }
    }

    func channelActive(context: ChannelHandlerContext) {
        start(context: context)
        context.fireChannelActive()
    }

    /// Arms the wait for the first request head, once.
    private func start(context: ChannelHandlerContext) {
        guard !started else { return }
        started = true
        arm(context: context, deadline: firstRequestBy ?? .now() + EmbeddedAPIServer.amount(server.options.headerTimeout))
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let h):
            guard case .waiting = phase else { return }
            disarm()
            receive(context: context, head: h)
        case .body(var buffer):
            guard case .reading = phase else { return }
            if body.count + buffer.readableBytes > server.options.maxRequestBytes {
                tooLarge = true
                body = []
            } else if !tooLarge, let bytes = buffer.readBytes(length: buffer.readableBytes) {
                body.append(contentsOf: bytes)
            }
        case .end:
            guard case .reading(let head, let user) = phase else { return }
            disarm()
            phase = .serving
            let bytes = body
            body = []
            serve(context: context, head: head, user: user, body: bytes)
        }
    }

    /// A request head: authenticated here, before any of its body is read.
    private func receive(context: ChannelHandlerContext, head: HTTPRequestHead) {
        let user = authenticate(context: context, head: head)
        guard let user else {
            server.faults.record(method: head.method.rawValue, uri: head.uri, contentType: head.headers.first(name: "Content-Type"),
                                 body: [], user: nil)
            phase = .refused
            write(context: context, head: head, reply: .status(APIErrors.unauthorized()), close: true)
            return
        }
        if let length = head.headers.first(name: "Content-Length").flatMap({ Int($0) }), length > server.options.maxRequestBytes {
            phase = .refused
            write(context: context, head: head, reply: .status(tooLargeStatus()), close: true)
            return
        }
        phase = .reading(head, user)
        body.removeAll(keepingCapacity: false)
        tooLarge = false
        arm(context: context, seconds: server.options.idleTimeout)
    }

    private func tooLargeStatus() -> APIStatus {
        APIStatus(code: 413, reason: "RequestEntityTooLarge", message: "Request entity too large: limit is \(server.options.maxRequestBytes)")
    }

    /// Closes the connection unless a request head (or the body being read) arrives within `seconds`.
    private func arm(context: ChannelHandlerContext, seconds: Double) {
        arm(context: context, deadline: .now() + EmbeddedAPIServer.amount(seconds))
    }

    private func arm(context: ChannelHandlerContext, deadline: NIODeadline) {
        timer?.cancel()
        let bound = NIOLoopBound(context, eventLoop: context.eventLoop)
        timer = context.eventLoop.scheduleTask(deadline: deadline) {
            bound.value.close(promise: nil)
        }
    }

    private func disarm() {
        timer?.cancel()
        timer = nil
    }

    /// A response or watch is over and the connection stays open: wait for the next request.
    private func ready(context: ChannelHandlerContext) {
        guard case .serving = phase else { return }
        phase = .waiting
        arm(context: context, seconds: server.options.idleTimeout)
    }

    func channelInactive(context: ChannelHandlerContext) {
        disarm()
        endWatch()
        context.fireChannelInactive()
    }

    private func endWatch() {
        guard let w = watch else { return }
        watch = nil
        _ = w.markFinished()
        if let id = w.watchID { server.store.stopWatch(id) }
        w.stopSource?()
        server.forget(w)
    }

    /// The user named by the TLS client certificate's CN, looked up once per connection (per
    /// stream on HTTP/2, whose TLS handler is in the connection's pipeline, the stream's parent).
    private func userFromCertificate(context: ChannelHandlerContext) -> ServerCredentials.User? {
        if let cached = certificateUser { return cached }
        var found: ServerCredentials.User?
        // An HTTP/2 stream's parent is its connection, on the same event loop; an HTTP/1.1
        // connection's own pipeline has the handler (its parent is the listening channel).
        let tls = (try? context.pipeline.syncOperations.handler(type: NIOSSLServerHandler.self))
            ?? context.channel.parent.flatMap { parent in
                parent.eventLoop.inEventLoop ? try? parent.pipeline.syncOperations.handler(type: NIOSSLServerHandler.self) : nil
            }
        if let tls,
           let peer = tls.peerCertificate, let der = try? peer.toDERBytes(), let cert = try? Certificate(derEncoded: der) {
            for rdn in cert.subject {
                for attribute in rdn where attribute.type == .RDNAttributeType.commonName {
                    if let cn = String(attribute.value) { found = server.credentials.user(commonName: cn) }
                }
            }
        }
        certificateUser = .some(found)
        return found
    }

    /// The user a request head names (bearer token, else client certificate), or nil.
    private func authenticate(context: ChannelHandlerContext, head: HTTPRequestHead) -> ServerCredentials.User? {
        var user: ServerCredentials.User?
        if let auth = head.headers.first(name: "Authorization"), auth.lowercased().hasPrefix("bearer ") {
            user = server.faults.user(token: String(auth.dropFirst(7)).trimmingCharacters(in: .whitespaces), in: server.credentials)
        } else {
            user = userFromCertificate(context: context)
        }
        if !server.options.tls, user == nil, head.headers.first(name: "Authorization") == nil {
            // Plain HTTP (debugging only): clients never send credentials there, so everyone is admin.
            user = server.credentials.admin
        }
        return user
    }

    private func serve(context: ChannelHandlerContext, head: HTTPRequestHead, user: ServerCredentials.User, body: [UInt8]) {
        let uri = head.uri
        let (path, query): (String, String) = {
            guard let q = uri.firstIndex(of: "?") else { return (uri, "") }
            return (String(uri[..<q]), String(uri[uri.index(after: q)...]))
        }()
        let decodedPath = path.removingPercentEncoding ?? path
        let contentType = head.headers.first(name: "Content-Type")
        server.faults.record(method: head.method.rawValue, uri: uri, contentType: contentType, body: body, user: user.name)
        if tooLarge {
            write(context: context, head: head, reply: .status(tooLargeStatus()))
            return
        }
        if let fault = server.faults.failure(method: head.method.rawValue, path: decodedPath) {
            let status: APIStatus
            switch fault.code {
            case 429: status = APIErrors.tooManyRequests(retryAfter: fault.retryAfter ?? 1)
            case 410: status = APIErrors.expired("The resourceVersion for the provided watch is too old.")
            case 401: status = APIErrors.unauthorized()
            case 403: status = APIStatus(code: 403, reason: "Forbidden", message: "forbidden: injected fault")
            case 503: status = APIStatus(code: 503, reason: "ServiceUnavailable", message: "the server is currently unable to handle the request",
                                         details: fault.retryAfter.map { APIStatus.Details(retryAfterSeconds: $0) })
            default: status = APIErrors.internalError("injected fault (\(fault.code))")
            }
            var s = status
            s.code = fault.code
            write(context: context, head: head, reply: .status(s))
            return
        }
        let request = IncomingRequest(method: head.method.rawValue, path: decodedPath, query: QueryParameters(query), rawQuery: query,
                                      contentType: contentType, accept: head.headers.first(name: "Accept"), body: body)
        let reply = server.api.handle(request, user: user)
        if let stall = server.faults.stallSeconds(path: decodedPath) {
            let loop = context.eventLoop
            let bound = NIOLoopBound((self, context), eventLoop: loop)
            loop.scheduleTask(in: .nanoseconds(Int64(min(stall, 86_400) * 1e9))) {
                let (handler, ctx) = bound.value
                handler.write(context: ctx, head: head, reply: reply)
            }
            return
        }
        write(context: context, head: head, reply: reply)
    }

    private func write(context: ChannelHandlerContext, head: HTTPRequestHead, reply: Reply, close: Bool = false) {
        switch reply {
        case .response(let status, let contentType, let body, let extra):
            respond(context: context, head: head, status: status, contentType: contentType, body: body, extra: extra, close: close)
        case .proxy(let handler, let request):
            let response = handler(request)
            respond(context: context, head: head, status: response.status, contentType: response.contentType,
                    body: Array(response.body), extra: [], close: close)
        case .watch(let options, let timeout, let table):
            openWatch(context: context, head: head, options: options, timeout: timeout, table: table)
        case .logs(let logs, let key, let options):
            openLogStream(context: context, head: head, logs: logs, key: key, options: options)
        }
    }

    /// A streamed answer's start, shared by watches and followed logs: the stream with this
    /// connection's backlog bound, its end handing the connection back, and the chunked 200 head.
    private func startStream(context: ChannelHandlerContext, head: HTTPRequestHead, contentType: String,
                             transform: (@Sendable (WatchFrame) -> [UInt8])?) -> WatchStream {
        let stream = WatchStream(channel: context.channel, maxBacklog: server.options.watchBufferBytes,
                                 grace: server.options.watchBufferGrace, transform: transform)
        let bound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
        stream.onFinish = {
            let (handler, ctx) = bound.value
            if handler.watch === stream { handler.endWatch() }
            handler.ready(context: ctx)
        }
        var headers = HTTPHeaders()
        headers.add(name: "Content-Type", value: contentType)
        headers.add(name: "Transfer-Encoding", value: "chunked")
        headers.add(name: "Cache-Control", value: "no-cache, private")
        context.writeAndFlush(wrapOutboundOut(.head(HTTPResponseHead(version: head.version, status: .ok, headers: headers))), promise: nil)
        return stream
    }

    /// A followed pod log: the lines kept so far as the options select them, then each new line,
    /// until the container instance ends (a restart, the pod deleted), `limitBytes` is reached or
    /// the client goes away. Same chunked (or HTTP/2 DATA) stream and backlog bound as a watch.
    private func openLogStream(context: ChannelHandlerContext, head: HTTPRequestHead, logs: PodLogs, key: PodLogs.Key,
                               options: PodLogOptions) {
        let stream = startStream(context: context, head: head, contentType: "text/plain", transform: nil)
        watch = stream
        let follower = logs.read(key, options, now: Date(), follow: (write: { stream.send(bytes: $0) }, end: { stream.finish() })).follower
        stream.goLive()
        guard let follower else { stream.finish(); return }
        stream.stopSource = { logs.unfollow(follower) }
    }

    private func respond(context: ChannelHandlerContext, head: HTTPRequestHead, status: Int, contentType: String, body: [UInt8],
                         extra: [(String, String)], close: Bool) {
        var headers = HTTPHeaders()
        headers.add(name: "Content-Type", value: contentType)
        headers.add(name: "Content-Length", value: String(body.count))
        headers.add(name: "Cache-Control", value: "no-cache, private")
        for (k, v) in extra { headers.add(name: k, value: v) }
        let keepAlive = head.isKeepAlive && !close
        if !keepAlive { headers.add(name: "Connection", value: "close") }
        let responseHead = HTTPResponseHead(version: head.version, status: HTTPResponseStatus(statusCode: status), headers: headers)
        context.write(wrapOutboundOut(.head(responseHead)), promise: nil)
        if head.method != .HEAD {
            var buffer = context.channel.allocator.buffer(capacity: body.count)
            buffer.writeBytes(body)
            context.write(wrapOutboundOut(.body(.byteBuffer(buffer))), promise: nil)
        }
        // Ready before the end is written: NIO's pipelining handler may hand over the next request as it passes.
        if keepAlive { ready(context: context) }
        context.writeAndFlush(wrapOutboundOut(.end(nil))).whenComplete { [channel = context.channel, size = body.count] _ in
            MemoryTrim.responseSent(bytes: size)
            if !keepAlive { channel.close(promise: nil) }
        }
    }

    private func openWatch(context: ChannelHandlerContext, head: HTTPRequestHead, options: ObjectStore.WatchOptions,
                           timeout: Int64?, table: TableConverter?) {
        let transform: (@Sendable (WatchFrame) -> [UInt8])? = table.map { converter in
            { @Sendable frame in
                guard case .event(let kind, let bytes) = frame else { return frame.line }
                return WatchFrame.event(kind, converter.tableEvent(bytes)).line
            }
        }
        let stream = startStream(context: context, head: head, contentType: "application/json", transform: transform)
        stream.resource = options.resource
        do {
            guard let id = try server.store.watch(options, sink: { stream.send($0) }) else {
                stream.finish()
                return
            }
            stream.watchID = id
            stream.goLive()
        } catch {
            stream.send(.error(error))
            stream.finish()
            return
        }
        watch = stream
        server.remember(stream)
        let loop = context.eventLoop
        let store = server.store
        if let timeout, timeout > 0 {
            stream.addTimer(loop.scheduleTask(in: .seconds(timeout)) {
                if let id = stream.watchID { store.stopWatch(id) }
                stream.finish()
            })
        }
        if options.allowBookmarks {
            let interval = TimeAmount.milliseconds(Int64(server.options.bookmarkInterval * 1000))
            stream.addRepeated(loop.scheduleRepeatedTask(initialDelay: interval, delay: interval) { _ in
                if let id = stream.watchID { store.sendBookmark(to: id) }
            })
        }
    }

    func errorCaught(context: ChannelHandlerContext, error: Error) {
        context.close(promise: nil)
    }
}
