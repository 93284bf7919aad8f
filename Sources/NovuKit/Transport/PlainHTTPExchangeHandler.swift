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

/// One request to send on a connection and the continuation its answer resumes.
struct PlainHTTPExchange: Sendable {
    /// The method, which the response parser needs to know (a `HEAD` answer has no body).
    let method: NIOHTTP1.HTTPMethod
    /// The whole request as it goes on the wire (see ``PlainHTTPRequestEncoder``).
    let request: ByteBuffer
    /// Resumed exactly once: by the handler that took the exchange, or by whoever could not hand it over.
    let answer: UnsafeContinuation<PlainHTTPResponse, any Error>
}

/// Writes an exchange's request in one flush (one system call, one segment) and reads the answer with
/// ``PlainHTTPResponseParser`` into a ``PlainHTTPResponse``. One exchange at a time per connection.
///
/// The connection is closed when its answer does not arrive within `readTimeout`, cannot be parsed
/// or grows past the limit, and the exchange fails; an exchange still waiting when the connection
/// closes fails with ``PlainHTTPFailure/Kind/closedBeforeAnswer`` (unless its answer's body runs to
/// the close).
///
/// Each exchange resumes its caller's continuation directly, and a connection keeps one check of its
/// deadline scheduled at a time (moved on when it fires early) instead of a timer per exchange: a
/// promise, a future and a timer per request were a tenth of a batch's work in the client.
final class PlainHTTPExchangeHandler: ChannelDuplexHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundIn = PlainHTTPExchange
    typealias OutboundOut = ByteBuffer

    private var parser: PlainHTTPResponseParser
    private let readTimeout: TimeAmount
    private var pending: UnsafeContinuation<PlainHTTPResponse, any Error>?
    /// When the pending exchange's answer is due.
    private var deadline = NIODeadline.distantFuture
    /// The scheduled look at `deadline`, if any; it fires no later than the deadline it was set for,
    /// and every later exchange's deadline is later still.
    private var deadlineCheck: Scheduled<Void>?

    init(maximumBodyBytes: Int, readTimeout: TimeAmount) {
        parser = PlainHTTPResponseParser(maximumBodyBytes: maximumBodyBytes)
        self.readTimeout = readTimeout
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        let exchange = unwrapOutboundIn(data)
        guard pending == nil else {
            let failure = PlainHTTPFailure(kind: .badAnswer, detail: "a request is already in flight on this connection")
            promise?.fail(failure)
            return exchange.answer.resume(throwing: failure)
        }
        pending = exchange.answer
        parser.expectAnswer(bodyless: exchange.method == .HEAD)
        deadline = .now() + readTimeout
        if deadlineCheck == nil { scheduleDeadlineCheck(context: context) }
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
        deadlineCheck?.cancel()
        deadlineCheck = nil
        context.fireChannelInactive()
    }

    private func scheduleDeadlineCheck(context: ChannelHandlerContext) {
        let loopBound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
        deadlineCheck = context.eventLoop.scheduleTask(deadline: deadline) {
            let (handler, context) = loopBound.value
            handler.checkDeadline(context: context)
        }
    }

    /// Fails the pending exchange if its deadline has passed; looks again at the deadline of an
    /// exchange written since the check was scheduled.
    private func checkDeadline(context: ChannelHandlerContext) {
        deadlineCheck = nil
        guard pending != nil else { return }
        guard NIODeadline.now() >= deadline else { return scheduleDeadlineCheck(context: context) }
        fail(PlainHTTPFailure(kind: .readTimeout, detail: "no answer within the read timeout"), context: context)
    }

    /// Completes the waiting exchange, if any.
    private func complete(_ result: Result<PlainHTTPResponse, PlainHTTPFailure>) {
        guard let answer = pending else { return }
        pending = nil
        answer.resume(with: result.mapError { $0 as any Error })
    }

    /// Fails the waiting exchange (if any) and closes the connection.
    private func fail(_ failure: PlainHTTPFailure, context: ChannelHandlerContext) {
        complete(.failure(failure))
        context.close(promise: nil)
    }
}
