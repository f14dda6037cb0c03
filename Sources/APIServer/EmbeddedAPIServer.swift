import Foundation
import KubeModel
import NIOCore
import NIOHTTP1
import NIOHTTP2
import NIOPosix
import NIOSSL

/// An in-process Kubernetes API server on SwiftNIO: HTTPS with its own CA (or plain HTTP for
/// debugging), bearer-token and client-certificate users, the API of `APIHandler` over an
/// `ObjectStore`, watch streams, the service proxy and test-only fault injection.
///
/// Over TLS it speaks HTTP/2 and HTTP/1.1, chosen by ALPN as kube-apiserver does: each HTTP/2
/// stream goes through `HTTP2FramePayloadToHTTP1ServerCodec` to the same `HTTPConnectionHandler`
/// an HTTP/1.1 connection has, so routes, auth, watches and faults are one code path. Plain HTTP
/// is HTTP/1.1 only (no h2c, as kube-apiserver).
public final class EmbeddedAPIServer: @unchecked Sendable {
    /// How to run.
    public struct Options: Sendable {
        public var host: String
        /// 0 picks a free port.
        public var port: Int
        /// HTTPS (default, as every real cluster). kubectl sends no credentials over plain HTTP.
        public var tls: Bool
        /// Changes a watch can resume across before 410 Expired.
        public var historyLimit: Int
        /// Seconds between bookmarks on watches that allow them (the real server: about 60).
        public var bookmarkInterval: Double
        /// Where the resourceVersion counter starts (a restarted server starts elsewhere).
        public var initialResourceVersion: UInt64
        public var maxRequestBytes: Int
        /// The custom resource groups served at start (`ServedGroups.custom` unless said).
        public var customGroups: Set<String>
        /// Seconds a new connection has to send its first request head (TLS handshake included);
        /// kube-apiserver's ReadHeaderTimeout is 32 s.
        public var headerTimeout: Double
        /// Seconds a kept-alive connection may wait for its next request, and a request for its
        /// body, before it is closed (kube-apiserver's IdleTimeout is 90 s).
        public var idleTimeout: Double
        /// Bytes of events a watcher may leave unread for `watchBufferGrace` seconds before its watch is closed.
        public var watchBufferBytes: Int
        public var watchBufferGrace: Double
        /// Whether ALPN offers `h2` beside `http/1.1` (TLS only). Off, every client speaks HTTP/1.1,
        /// one connection per concurrent request, as behind a proxy that does not speak HTTP/2.
        public var offerHTTP2: Bool
        /// Streams one HTTP/2 connection may have open at once (kube-apiserver's default, Go's, is 250).
        public var maxConcurrentStreams: Int
        /// Lines kept of each container instance's log (`PodLogs`; the oldest dropped).
        public var logLinesPerContainer: Int

        public init(host: String = "127.0.0.1", port: Int = 0, tls: Bool = true, historyLimit: Int = 20_000,
                    bookmarkInterval: Double = 60, initialResourceVersion: UInt64 = 1,
                    maxRequestBytes: Int = 32 << 20, customGroups: Set<String> = Set(ServedGroups.custom),
                    headerTimeout: Double = 32, idleTimeout: Double = 90,
                    watchBufferBytes: Int = 8 << 20, watchBufferGrace: Double = 5, offerHTTP2: Bool = true,
                    maxConcurrentStreams: Int = 250, logLinesPerContainer: Int = 1_000) {
            self.host = host
            self.port = port
            self.tls = tls
            self.historyLimit = historyLimit
            self.bookmarkInterval = bookmarkInterval
            self.initialResourceVersion = initialResourceVersion
            self.maxRequestBytes = maxRequestBytes
            self.customGroups = customGroups
            self.headerTimeout = headerTimeout
            self.idleTimeout = idleTimeout
            self.watchBufferBytes = watchBufferBytes
            self.watchBufferGrace = watchBufferGrace
            self.offerHTTP2 = offerHTTP2
            self.maxConcurrentStreams = maxConcurrentStreams
            self.logLinesPerContainer = logLinesPerContainer
        }
    }

    public let options: Options
    public let store: ObjectStore
    public let proxy = ServiceProxy()
    public let faults = FaultInjector()
    /// The pods' container logs the log endpoint serves (the demo's simulated pods write them).
    public let logs: PodLogs
    /// The custom resource groups served now (install or remove one while running).
    public let groups: ServedGroups
    public let credentials: ServerCredentials
    private(set) var api: APIHandler!
    /// NIO's process-wide group: servers come and go (tests, restarts) without owning threads.
    private let group = MultiThreadedEventLoopGroup.singleton
    private let lock = NSLock()
    private var channel: Channel?
    private var streams: [ObjectIdentifier: WatchStream] = [:]
    /// Every open client connection, idle keep-alive ones included, so `stop` closes them all.
    private var connections: [ObjectIdentifier: Channel] = [:]
    private var accepted = 0
    private var protocols: [String] = []
    private var boundPort = 0

    public init(options: Options = Options(), credentials: ServerCredentials? = nil, store: ObjectStore? = nil) throws {
        self.options = options
        groups = ServedGroups(options.customGroups)
        logs = PodLogs(maxLines: options.logLinesPerContainer)
        self.credentials = try credentials ?? ServerCredentials.generate()
        self.store = store ?? ObjectStore(historyLimit: options.historyLimit, initialResourceVersion: options.initialResourceVersion)
        faults.connect(watchAction: { [weak self] action in self?.apply(action) },
                       expireHistory: { [weak self] in self?.store.compactHistory() })
        groups.connect(onRemove: { [weak self] group in self?.endWatches(group: group) })
    }

    /// The port bound by `start()`.
    public var port: Int { lock.lock(); defer { lock.unlock() }; return boundPort }

    /// `https://127.0.0.1:PORT` (or http).
    public var url: String { "\(options.tls ? "https" : "http")://\(options.host):\(port)" }

    /// Binds and starts serving; returns once the port is bound. Throws when the port is taken.
    /// Started again after `stop`, it binds the port it had, its store, credentials and users
    /// kept, as a restarted kube-apiserver comes back at the same address with the same data.
    public func start() throws {
        api = APIHandler(store: store, proxy: proxy, faults: faults, groups: groups, logs: logs, serverAddress: "\(options.host):\(options.port)", now: Date.init)
        let sslContext: NIOSSLContext? = options.tls ? try makeTLSContext() : nil
        let bootstrap = ServerBootstrap(group: group)
            .serverChannelOption(ChannelOptions.backlog, value: 256)
            .serverChannelOption(ChannelOptions.socketOption(.so_reuseaddr), value: 1)
            .childChannelOption(ChannelOptions.socketOption(.tcp_nodelay), value: 1)
            .childChannelInitializer { [weak self] channel in
                guard let self else { return channel.eventLoop.makeSucceededVoidFuture() }
                self.track(channel)
                guard let sslContext else {
                    return channel.eventLoop.makeCompletedFuture { try self.configureHTTP1(channel, firstRequestBy: nil) }
                }
                return channel.eventLoop.makeCompletedFuture {
                    try self.configureTLS(channel, sslContext)
                }
            }
        let ch = try bootstrap.bind(host: options.host, port: port != 0 ? port : options.port).wait()
        lock.lock()
        channel = ch
        boundPort = ch.localAddress?.port ?? options.port
        lock.unlock()
        api = APIHandler(store: store, proxy: proxy, faults: faults, groups: groups, logs: logs, serverAddress: "\(options.host):\(port)", now: Date.init)
    }

    /// A TLS connection: the handshake, then HTTP/2 or HTTP/1.1 as ALPN chose (no ALPN: HTTP/1.1).
    private func configureTLS(_ channel: Channel, _ sslContext: NIOSSLContext) throws {
        let sync = channel.pipeline.syncOperations
        let firstRequestBy = NIODeadline.now() + Self.amount(options.headerTimeout)
        let timer = ConnectionIdleTimer(firstDeadline: firstRequestBy, idleTimeout: Self.amount(options.idleTimeout))
        try sync.addHandler(NIOSSLServerHandler(context: sslContext))
        try sync.addHandler(timer)
        let boundTimer = NIOLoopBound(timer, eventLoop: channel.eventLoop)
        _ = channel.configureHTTP2SecureUpgrade(
            h2ChannelConfigurator: { [weak self] channel in
                channel.eventLoop.makeCompletedFuture {
                    guard let self else { throw ChannelError.ioOnClosedChannel }
                    self.negotiated("h2")
                    try self.configureHTTP2(channel, delegate: boundTimer.value.http2StreamDelegate(eventLoop: channel.eventLoop))
                }
            },
            http1ChannelConfigurator: { [weak self] channel in
                channel.eventLoop.makeCompletedFuture {
                    guard let self else { throw ChannelError.ioOnClosedChannel }
                    self.negotiated("http/1.1")
                    channel.pipeline.syncOperations.removeHandler(boundTimer.value, promise: nil)
                    try self.configureHTTP1(channel, firstRequestBy: firstRequestBy)
                }
            })
    }

    private func configureHTTP1(_ channel: Channel, firstRequestBy: NIODeadline?) throws {
        let sync = channel.pipeline.syncOperations
        try sync.configureHTTPServerPipeline(withErrorHandling: true)
        try sync.addHandler(HTTPConnectionHandler(server: self, firstRequestBy: firstRequestBy))
    }

    /// An HTTP/2 connection: every stream the client opens gets the HTTP/1 codec and its own request handler.
    private func configureHTTP2(_ channel: Channel, delegate: ConnectionIdleTimer.StreamDelegate) throws {
        var connection = NIOHTTP2Handler.ConnectionConfiguration()
        connection.initialSettings = nioDefaultSettings.filter { $0.parameter != .maxConcurrentStreams }
            + [HTTP2Setting(parameter: .maxConcurrentStreams, value: options.maxConcurrentStreams)]
        _ = try channel.pipeline.syncOperations.configureHTTP2Pipeline(
            mode: .server, connectionConfiguration: connection, streamConfiguration: .init(), streamDelegate: delegate
        ) { [weak self] stream in
            stream.eventLoop.makeCompletedFuture {
                guard let self else { throw ChannelError.ioOnClosedChannel }
                try stream.pipeline.syncOperations.addHandlers([HTTP2FramePayloadToHTTP1ServerCodec(),
                                                                HTTPConnectionHandler(server: self, firstRequestBy: nil)])
            }
        }
    }

    private func negotiated(_ name: String) { lock.withLock { protocols.append(name) } }

    static func amount(_ seconds: Double) -> TimeAmount { .nanoseconds(Int64(min(max(seconds, 0), 86_400) * 1e9)) }

    /// Client connections accepted since start (tests count them: how many a client opened).
    public var acceptedConnections: Int { lock.withLock { accepted } }

    /// The protocol each TLS connection settled on, in the order they did: `h2` or `http/1.1`.
    public var negotiatedProtocols: [String] { lock.withLock { protocols } }

    /// Stops listening, ends every open watch and closes every connection, as a server process
    /// that exits does (a client's idle keep-alive connection must not outlive the server, or its
    /// next request would reach a stopped server); idempotent.
    public func stop() {
        lock.lock()
        let ch = channel
        channel = nil
        let open = Array(streams.values)
        streams.removeAll()
        let clients = Array(connections.values)
        connections.removeAll()
        lock.unlock()
        for s in open { s.drop() }
        try? ch?.close().wait()
        for c in clients { c.close(promise: nil) }
    }

    private func track(_ connection: Channel) {
        let id = ObjectIdentifier(connection)
        lock.withLock {
            connections[id] = connection
            accepted += 1
        }
        connection.closeFuture.whenComplete { [weak self] _ in
            guard let self else { return }
            self.lock.withLock { self.connections[id] = nil }
        }
    }

    /// Blocks until the listening channel closes (for `demo --serve`).
    public func wait() {
        lock.lock()
        let ch = channel
        lock.unlock()
        try? ch?.closeFuture.wait()
    }

    private func makeTLSContext() throws -> NIOSSLContext {
        let cert = try NIOSSLCertificate(bytes: Array(credentials.servingCertificatePEM.utf8), format: .pem)
        let key = try NIOSSLPrivateKey(bytes: Array(credentials.servingKeyPEM.utf8), format: .pem)
        let ca = try NIOSSLCertificate(bytes: Array(credentials.caPEM.utf8), format: .pem)
        var config = TLSConfiguration.makeServerConfiguration(certificateChain: [.certificate(cert)], privateKey: .privateKey(key))
        config.certificateVerification = .optionalVerification
        config.trustRoots = .certificates([ca])
        config.minimumTLSVersion = .tlsv12
        config.applicationProtocols = options.offerHTTP2 ? ["h2", "http/1.1"] : ["http/1.1"]
        return try NIOSSLContext(configuration: config)
    }

    func remember(_ s: WatchStream) { lock.lock(); streams[ObjectIdentifier(s)] = s; lock.unlock() }
    func forget(_ s: WatchStream) { lock.lock(); streams[ObjectIdentifier(s)] = nil; lock.unlock() }

    /// Open watch streams (tests wait on this before injecting faults).
    public var openWatchCount: Int { lock.lock(); defer { lock.unlock() }; return streams.count }

    /// Ends the watches on a group that is no longer served, as kube-apiserver ends them when a
    /// CRD is deleted; the clients' next list gets 404.
    private func endWatches(group: String) {
        lock.lock()
        let ending = streams.filter { $0.value.resource?.group == group }
        for key in ending.keys { streams[key] = nil }
        lock.unlock()
        for s in ending.values {
            if let id = s.watchID { store.stopWatch(id) }
            s.finish()
        }
    }

    private func apply(_ action: FaultInjector.WatchAction) {
        lock.lock()
        let open = Array(streams.values)
        if case .inject = action {} else { streams.removeAll() }
        lock.unlock()
        for s in open {
            switch action {
            case .dropMidLine:
                if let id = s.watchID { store.stopWatch(id) }
                s.drop()
            case .closeCleanly:
                if let id = s.watchID { store.stopWatch(id) }
                s.finish()
            case .inject(let bytes): s.inject(bytes)
            }
        }
    }
}
