import Foundation
import NIOConcurrencyHelpers
import NIOCore
import NIOHTTP1
import NIOHTTP2
import NIOPosix
import NIOSSL

/// A minimal HTTPS client on NIO for measuring and testing the embedded server from the same
/// process: it verifies the server against the server's own CA, can present a client
/// certificate, and exposes a response body as the chunks that arrived, so line splitting and
/// streaming can be asserted. It speaks HTTP/1.1, or HTTP/2 when asked (ALPN `h2` only: the
/// server must offer it), one connection per request either way. (rollscope itself talks to
/// servers through the Kube target's libcurl client.)
public final class LoopbackClient: @unchecked Sendable {
    /// How a request authenticates.
    public enum Credential: Sendable {
        case none
        case token(String)
        case certificate(certPEM: String, keyPEM: String)
    }

    /// A response being received: its head, then body chunks, then end.
    public final class Response: @unchecked Sendable {
        public let lock = NIOLock()
        public internal(set) var status = 0
        public internal(set) var headers = HTTPHeaders()
        public internal(set) var chunks: [[UInt8]] = []
        public internal(set) var ended = false
        public internal(set) var closed = false
        /// Newlines received so far (complete watch lines), counted as chunks arrive.
        public internal(set) var newlineCount = 0
        /// Bytes of body received so far.
        public internal(set) var byteCount = 0
        /// Whether body bytes are kept (a benchmark only counts them).
        public var keepsBody = true

        public var body: [UInt8] { lock.withLock { chunks.flatMap { $0 } } }
        public var text: String { String(decoding: body, as: UTF8.self) }

        /// Complete `\n`-terminated lines received so far.
        public var lines: [String] {
            let t = text
            var parts = t.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            parts.removeLast()
            return parts
        }

        /// Waits until `predicate` holds or `seconds` pass; returns whether it held.
        @discardableResult
        public func wait(seconds: Double = 5, until predicate: (Response) -> Bool) async -> Bool {
            let deadline = Date().addingTimeInterval(seconds)
            while Date() < deadline {
                if predicate(self) { return true }
                try? await Task.sleep(nanoseconds: 5_000_000)
            }
            return predicate(self)
        }
    }

    private final class Collector: ChannelInboundHandler, @unchecked Sendable {
        typealias InboundIn = HTTPClientResponsePart
        let response: Response
        init(_ r: Response) { response = r }
        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            switch unwrapInboundIn(data) {
            case .head(let h): response.lock.withLock { response.status = Int(h.status.code); response.headers = h.headers }
            case .body(let b):
                // Counted in place; copied only when kept (a benchmark's client should cost little beside the server).
                let newlines = b.withUnsafeReadableBytes(Self.newlines)
                response.lock.withLock {
                    if response.keepsBody { response.chunks.append(Array(b.readableBytesView)) }
                    response.newlineCount += newlines
                    response.byteCount += b.readableBytes
                }
            case .end: response.lock.withLock { response.ended = true }; context.close(promise: nil)
            }
        }
        /// The newlines in `bytes`, found by `memchr` (a watch line is a few KB: a byte-by-byte count cost more than the rest of the client).
        static func newlines(_ bytes: UnsafeRawBufferPointer) -> Int {
            guard let base = bytes.baseAddress else { return 0 }
            var count = 0
            var at = 0
            while at < bytes.count, let hit = memchr(base + at, 10, bytes.count - at) {
                count += 1
                at = base.distance(to: UnsafeRawPointer(hit)) + 1
            }
            return count
        }

        func channelInactive(context: ChannelHandlerContext) {
            response.lock.withLock { response.closed = true }
            // An HTTP/2 stream (ended or reset) takes its connection with it: one request each.
            context.channel.parent?.close(promise: nil)
        }
        func errorCaught(context: ChannelHandlerContext, error: Error) { context.close(promise: nil) }
    }

    static let group = MultiThreadedEventLoopGroup.singleton

    public let server: EmbeddedAPIServer
    public init(_ server: EmbeddedAPIServer) { self.server = server }

    /// Starts a request and returns as soon as it is sent; the response fills in as it arrives.
    /// Over HTTP/2 (`http2`, TLS only) the channel returned is the request's stream: closing it
    /// resets the stream (RST_STREAM), as a client that goes away does.
    public func start(_ method: HTTPMethod, _ uri: String, credential: Credential, contentType: String? = nil, accept: String? = nil,
               body: String? = nil, keepBody: Bool = true, http2: Bool = false) throws -> (Response, Channel) {
        let response = Response()
        response.keepsBody = keepBody
        var tlsContext: NIOSSLContext?
        if server.options.tls {
            var config = TLSConfiguration.makeClientConfiguration()
            config.trustRoots = .certificates([try NIOSSLCertificate(bytes: Array(server.credentials.caPEM.utf8), format: .pem)])
            if case .certificate(let cert, let key) = credential {
                config.certificateChain = [.certificate(try NIOSSLCertificate(bytes: Array(cert.utf8), format: .pem))]
                config.privateKey = .privateKey(try NIOSSLPrivateKey(bytes: Array(key.utf8), format: .pem))
            }
            if http2 { config.applicationProtocols = ["h2"] }
            tlsContext = try NIOSSLContext(configuration: config)
        }
        let multiplexer = NIOLockedValueBox<NIOHTTP2Handler.StreamMultiplexer?>(nil)
        let tls = tlsContext
        let connection = try ClientBootstrap(group: Self.group).channelInitializer { ch in
            ch.eventLoop.makeCompletedFuture {
                let sync = ch.pipeline.syncOperations
                if let tls { try sync.addHandler(try NIOSSLClientHandler(context: tls, serverHostname: "localhost")) }
                if http2 {
                    let streams = try sync.configureHTTP2Pipeline(mode: .client, connectionConfiguration: .init(), streamConfiguration: .init()) {
                        $0.eventLoop.makeSucceededVoidFuture()
                    }
                    multiplexer.withLockedValue { $0 = streams }
                } else {
                    try sync.addHTTPClientHandlers()
                    try sync.addHandler(Collector(response))
                }
            }
        }.connect(host: "127.0.0.1", port: server.port).wait()
        var channel = connection
        if let streams = multiplexer.withLockedValue({ $0 }) {
            channel = try streams.createStreamChannel { stream in
                stream.eventLoop.makeCompletedFuture {
                    try stream.pipeline.syncOperations.addHandlers([HTTP2FramePayloadToHTTP1ClientCodec(httpProtocol: .https), Collector(response)])
                }
            }.wait()
        }
        var headers = HTTPHeaders()
        headers.add(name: "Host", value: "127.0.0.1:\(server.port)")
        if case .token(let t) = credential { headers.add(name: "Authorization", value: "Bearer \(t)") }
        if let contentType { headers.add(name: "Content-Type", value: contentType) }
        if let accept { headers.add(name: "Accept", value: accept) }
        let bodyBytes = Array((body ?? "").utf8)
        headers.add(name: "Content-Length", value: String(bodyBytes.count))
        channel.write(HTTPClientRequestPart.head(HTTPRequestHead(version: .http1_1, method: method, uri: uri, headers: headers)), promise: nil)
        if !bodyBytes.isEmpty {
            channel.write(HTTPClientRequestPart.body(.byteBuffer(ByteBuffer(bytes: bodyBytes))), promise: nil)
        }
        try channel.writeAndFlush(HTTPClientRequestPart.end(nil)).wait()
        return (response, channel)
    }

    /// Sends a request and waits for the whole response.
    public func send(_ method: HTTPMethod, _ uri: String, credential: Credential? = nil, contentType: String? = nil, accept: String? = nil,
              body: String? = nil, http2: Bool = false) async throws -> Response {
        let (response, _) = try start(method, uri, credential: credential ?? .token(server.credentials.adminToken),
                                      contentType: contentType, accept: accept, body: body, http2: http2)
        await response.wait(seconds: 10) { r in r.lock.withLock { r.ended || r.closed } }
        return response
    }
}
