import NIOCore
import NIOHTTPTypes

/// Closes connections that hold the server without talking to it: no complete request head
/// within `headerTimeout` of connecting (or `idleTimeout` after the previous response), or a
/// request body that stops arriving for `bodyTimeout`. Slowloris clients cannot pin connections.
final class ConnectionDeadlineHandler: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart
    typealias OutboundIn = HTTPResponsePart
    typealias OutboundOut = HTTPResponsePart

    let timeouts: ServerTimeouts
    private var deadline: Scheduled<Void>?

    init(timeouts: ServerTimeouts) {
        self.timeouts = timeouts
    }

    func handlerAdded(context: ChannelHandlerContext) {
        arm(context, after: timeouts.readHeader)
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        disarm()
    }

    func channelInactive(context: ChannelHandlerContext) {
        disarm()
        context.fireChannelInactive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head, .body: arm(context, after: timeouts.body)
        case .end: disarm()
        }
        context.fireChannelRead(data)
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        if case .end = unwrapOutboundIn(data) { arm(context, after: timeouts.idle) }
        context.write(data, promise: promise)
    }

    private func arm(_ context: ChannelHandlerContext, after timeout: Duration) {
        disarm()
        let channel = context.channel
        deadline = context.eventLoop.assumeIsolated().scheduleTask(in: TimeAmount(timeout)) {
            channel.close(promise: nil)
        }
    }

    private func disarm() {
        deadline?.cancel()
        deadline = nil
    }
}

/// How long the server waits on a client (all configurable: `SLIPWAY_READ_HEADER_TIMEOUT`,
/// `SLIPWAY_BODY_TIMEOUT`, `SLIPWAY_IDLE_TIMEOUT`, in seconds) and how many connections it holds.
package struct ServerTimeouts: Sendable, Equatable {
    /// From connecting to a complete request head.
    package var readHeader: Duration
    /// Between two parts of a request body.
    package var body: Duration
    /// A kept-alive connection between a response and the next request head.
    package var idle: Duration
    /// Connections open at once; the server stops accepting beyond it.
    package var maxConnections: Int

    package init(
        readHeader: Duration = .seconds(10), body: Duration = .seconds(30), idle: Duration = .seconds(60),
        maxConnections: Int = 1024
    ) {
        self.readHeader = readHeader
        self.body = body
        self.idle = idle
        self.maxConnections = maxConnections
    }
}
