import Foundation
import KubeModel
import NIOCore
import NIOHTTP1
import NIOPosix
import NIOSSL

/// An in-process Kubernetes API server on SwiftNIO: HTTPS with its own CA (or plain HTTP for
/// debugging), bearer-token and client-certificate users, the API of `APIHandler` over an
/// `ObjectStore`, watch streams, the service proxy and test-only fault injection.
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

        public init(host: String = "127.0.0.1", port: Int = 0, tls: Bool = true, historyLimit: Int = 20_000,
                    bookmarkInterval: Double = 60, initialResourceVersion: UInt64 = 1,
                    maxRequestBytes: Int = 32 << 20, customGroups: Set<String> = Set(ServedGroups.custom),
                    headerTimeout: Double = 32, idleTimeout: Double = 90,
                    watchBufferBytes: Int = 8 << 20, watchBufferGrace: Double = 5) {
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
        }
    }

    public let options: Options
    public let store: ObjectStore
    public let proxy = ServiceProxy()
    public let faults = FaultInjector()
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
    private var boundPort = 0

    public init(options: Options = Options(), credentials: ServerCredentials? = nil, store: ObjectStore? = nil) throws {
        self.options = options
        groups = ServedGroups(options.customGroups)
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
        api = APIHandler(store: store, proxy: proxy, faults: faults, groups: groups, serverAddress: "\(options.host):\(options.port)", now: Date.init)
        let sslContext: NIOSSLContext? = options.tls ? try makeTLSContext() : nil
        let bootstrap = ServerBootstrap(group: group)
            .serverChannelOption(ChannelOptions.backlog, value: 256)
            .serverChannelOption(ChannelOptions.socketOption(.so_reuseaddr), value: 1)
            .childChannelOption(ChannelOptions.socketOption(.tcp_nodelay), value: 1)
            .childChannelInitializer { [weak self] channel in
                guard let self else { return channel.eventLoop.makeSucceededVoidFuture() }
                self.track(channel)
                return channel.eventLoop.makeCompletedFuture {
                    let sync = channel.pipeline.syncOperations
                    if let sslContext { try sync.addHandler(NIOSSLServerHandler(context: sslContext)) }
                    try sync.configureHTTPServerPipeline(withErrorHandling: true)
                    try sync.addHandler(HTTPConnectionHandler(server: self))
                }
            }
        let ch = try bootstrap.bind(host: options.host, port: port != 0 ? port : options.port).wait()
        lock.lock()
        channel = ch
        boundPort = ch.localAddress?.port ?? options.port
        lock.unlock()
        api = APIHandler(store: store, proxy: proxy, faults: faults, groups: groups, serverAddress: "\(options.host):\(port)", now: Date.init)
    }

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
        lock.withLock { connections[id] = connection }
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
        config.applicationProtocols = ["http/1.1"]
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
