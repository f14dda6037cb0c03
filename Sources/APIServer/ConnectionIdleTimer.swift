import NIOCore
import NIOHTTP2

/// Closes a TLS connection that holds no request for too long, where `HTTPConnectionHandler`'s
/// own timers cannot: from the accept until ALPN has chosen the protocol (the TLS handshake), and,
/// on an HTTP/2 connection, whenever no stream is open. It sits just after the TLS handler from
/// the accept on; for HTTP/1.1 it is removed once negotiated (`HTTPConnectionHandler` keeps the
/// same first deadline), for HTTP/2 it stays and counts the streams through `streamDelegate`.
///
/// As kube-apiserver does: a new connection has until `firstDeadline` (its ReadHeaderTimeout after
/// the accept) to open its first stream, and an HTTP/2 connection with no stream open is closed
/// after `idleTimeout` (its IdleTimeout), with a GOAWAY first so the client opens a new one
/// rather than reusing it.
final class ConnectionIdleTimer: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = NIOAny

    private let firstDeadline: NIODeadline
    private let idleTimeout: TimeAmount
    private var openStreams = 0
    /// Set once ALPN chose HTTP/2: the close is then preceded by a GOAWAY.
    private var http2 = false
    private var lastStreamID = HTTP2StreamID.rootStream
    private var timer: Scheduled<Void>?
    private var context: ChannelHandlerContext?

    init(firstDeadline: NIODeadline, idleTimeout: TimeAmount) {
        self.firstDeadline = firstDeadline
        self.idleTimeout = idleTimeout
    }

    func handlerAdded(context: ChannelHandlerContext) {
        self.context = context
        if context.channel.isActive { arm(at: firstDeadline) }
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        disarm()
        self.context = nil
    }

    func channelActive(context: ChannelHandlerContext) {
        if timer == nil { arm(at: firstDeadline) }
        context.fireChannelActive()
    }

    func channelInactive(context: ChannelHandlerContext) {
        disarm()
        context.fireChannelInactive()
    }

    /// HTTP/2 was negotiated: the delegate the HTTP/2 handler tells when a stream opens or closes
    /// (on the event loop). Called on the event loop, while this handler is in the pipeline.
    func http2StreamDelegate(eventLoop: EventLoop) -> StreamDelegate {
        http2 = true
        return StreamDelegate(timer: NIOLoopBound(self, eventLoop: eventLoop))
    }

    /// The HTTP/2 handler's view of this timer.
    struct StreamDelegate: NIOHTTP2StreamDelegate {
        let timer: NIOLoopBound<ConnectionIdleTimer>
        func streamCreated(_ id: HTTP2StreamID, channel: Channel) { timer.value.opened(id) }
        func streamClosed(_ id: HTTP2StreamID, channel: Channel) { timer.value.closed() }
    }

    private func opened(_ id: HTTP2StreamID) {
        openStreams += 1
        lastStreamID = max(lastStreamID, id)
        disarm()
    }

    private func closed() {
        openStreams = max(0, openStreams - 1)
        if openStreams == 0 { arm(at: .now() + idleTimeout) }
    }

    private func arm(at deadline: NIODeadline) {
        guard let context else { return }
        timer?.cancel()
        let channel = context.channel
        let bound = NIOLoopBound(self, eventLoop: context.eventLoop)
        timer = context.eventLoop.scheduleTask(deadline: deadline) {
            let me = bound.value
            guard me.http2 else { channel.close(promise: nil); return }
            // Written from the pipeline's tail, so it passes the HTTP/2 handler, which frames it.
            let goAway = HTTP2Frame(streamID: .rootStream,
                                    payload: .goAway(lastStreamID: me.lastStreamID, errorCode: .noError, opaqueData: nil))
            channel.writeAndFlush(goAway).whenComplete { _ in channel.close(promise: nil) }
        }
    }

    private func disarm() {
        timer?.cancel()
        timer = nil
    }
}
