import NIOCore
import NIOHTTP1

/// An answer as a plain HTTP/1.1 connection carried it.
struct PlainHTTPResponse: Sendable {
    /// The status code.
    var status: Int
    /// The header fields, in order.
    var headers: APIHeaders
    /// The body.
    var body: [UInt8]
    /// Whether the connection may carry another request.
    var keepAlive: Bool
}

/// Why an exchange on a plain HTTP/1.1 connection got no answer.
struct PlainHTTPFailure: Error, CustomStringConvertible {
    /// The kinds of failure, as ``HTTPTransport`` classifies them.
    enum Kind: Sendable {
        /// No connection within the connect timeout.
        case connectTimeout
        /// No complete answer within the read timeout.
        case readTimeout
        /// The connection closed before the answer was complete.
        case closedBeforeAnswer
        /// The connection could not be opened (refused, unreachable).
        case connectFailed
        /// The answer was not HTTP/1.1, or was larger than allowed.
        case badAnswer
    }

    /// What happened.
    let kind: Kind
    /// The system's or the parser's words.
    let detail: String

    var description: String { detail }
}

/// One request to send on a connection and the promise its answer completes.
struct PlainHTTPExchange: Sendable {
    /// The method, which the response parser needs to know (a `HEAD` answer has no body).
    let method: NIOHTTP1.HTTPMethod
    /// The whole request as it goes on the wire (see ``PlainHTTPRequestEncoder``).
    let request: ByteBuffer
    let readTimeout: TimeAmount
    let promise: EventLoopPromise<PlainHTTPResponse>
}

/// Writes an exchange's request in one flush (one system call, one segment) and reads the answer with
/// ``PlainHTTPResponseParser`` into a ``PlainHTTPResponse``. One exchange at a time per connection.
///
/// The connection is closed when its answer does not arrive in time, cannot be parsed or grows past
/// the limit, and the exchange fails; an exchange still waiting when the connection closes fails
/// with ``PlainHTTPFailure/Kind/closedBeforeAnswer`` (unless its answer's body runs to the close).
final class PlainHTTPExchangeHandler: ChannelDuplexHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundIn = PlainHTTPExchange
    typealias OutboundOut = ByteBuffer

    private var parser: PlainHTTPResponseParser
    private var pending: EventLoopPromise<PlainHTTPResponse>?
    private var timeout: Scheduled<Void>?

    init(maximumBodyBytes: Int) { parser = PlainHTTPResponseParser(maximumBodyBytes: maximumBodyBytes) }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        let exchange = unwrapOutboundIn(data)
        guard pending == nil else {
            exchange.promise.fail(PlainHTTPFailure(kind: .badAnswer, detail: "a request is already in flight on this connection"))
            return
        }
        pending = exchange.promise
        parser.expectAnswer(bodyless: exchange.method == .HEAD)
        let loopBound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
        timeout = context.eventLoop.scheduleTask(in: exchange.readTimeout) {
            let (handler, context) = loopBound.value
            handler.fail(PlainHTTPFailure(kind: .readTimeout, detail: "no answer within the read timeout"), context: context)
        }
        context.write(wrapOutboundOut(exchange.request), promise: promise)
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let buffer = unwrapInboundIn(data)
        guard pending != nil else {
            // Bytes nobody asked for: the connection's state is unknown, so it is not used again.
            return context.close(promise: nil)
        }
        do {
            guard let response = try parser.feed(buffer.readableBytesView) else { return }
            complete(.success(response))
        } catch {
            fail(error, context: context)
        }
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        fail(PlainHTTPFailure(kind: .badAnswer, detail: "\(error)"), context: context)
    }

    func channelInactive(context: ChannelHandlerContext) {
        if pending != nil {
            if let response = parser.finishAtClose() {
                complete(.success(response))
            } else {
                complete(.failure(PlainHTTPFailure(kind: .closedBeforeAnswer, detail: "the server closed the connection before answering")))
            }
        }
        context.fireChannelInactive()
    }

    /// Completes the waiting exchange, if any.
    private func complete(_ result: Result<PlainHTTPResponse, PlainHTTPFailure>) {
        guard let promise = pending else { return }
        pending = nil
        timeout?.cancel()
        timeout = nil
        promise.completeWith(result.mapError { $0 as any Error })
    }

    /// Fails the waiting exchange (if any) and closes the connection.
    private func fail(_ failure: PlainHTTPFailure, context: ChannelHandlerContext) {
        complete(.failure(failure))
        context.close(promise: nil)
    }
}
