import NIOCore
import NIOHTTP1
import NIOPosix
import Synchronization

/// Keep-alive HTTP/1.1 connections to one plain `http://` server (`novush serve`, a Novu on this
/// machine or a private network), for ``HTTPTransport``.
///
/// A request costs a connection from the pool, one write of its head and body together, and the
/// parse of its answer: a fraction of what AsyncHTTPClient spends on its state machines, its separate
/// write of the head and its per-request bookkeeping. That matters when the server shares the
/// machine's cores with the client, as `novush serve` does. TLS, HTTP/2 and redirects stay with
/// AsyncHTTPClient (``HTTPTransport`` hands a redirect over to it).
///
/// At most `maximumConnections` connections are open; further requests wait their turn in order.
final class PlainHTTPConnectionPool: Sendable {
    /// Where to connect and how long to wait.
    struct Settings: Sendable {
        var host: String
        var port: Int
        var maximumConnections: Int
        var connectTimeout: TimeAmount
        /// How long an answer may take, from its request's write to its last byte.
        var readTimeout: TimeAmount
        var maximumBodyBytes: Int
    }

    private struct Waiter {
        let id: Int
        /// Resumed with an idle connection, or `nil` when a connection may be opened.
        let continuation: CheckedContinuation<(any Channel)?, any Error>
    }

    private struct State {
        var idle: [any Channel] = []
        var open = 0
        var waiters: [Waiter] = []
        var lastWaiterId = 0
        var closed = false

        /// Gives up one open connection's slot: to the first waiter, who then opens a connection in
        /// it (returned), or back to the pool.
        mutating func freeSlot() -> Waiter? {
            guard !waiters.isEmpty, !closed else {
                open -= 1
                return nil
            }
            return waiters.removeFirst()
        }
    }

    private let settings: Settings
    private let group: any EventLoopGroup
    private let hostHeader: String
    private let state = Mutex(State())

    init(settings: Settings, group: any EventLoopGroup) {
        self.settings = settings
        self.group = group
        self.hostHeader = settings.port == 80 ? settings.host : "\(settings.host):\(settings.port)"
    }

    /// Sends one request and waits for its whole answer.
    /// - Throws: ``PlainHTTPFailure`` when no answer came; `CancellationError` when the task was
    ///   cancelled (the connection in use is closed).
    func execute(method: String, target: String, headers: [(String, String)], body: [UInt8]?) async throws -> PlainHTTPResponse {
        let request = PlainHTTPRequestEncoder.encode(
            method: method, target: target, host: hostHeader, headers: headers, body: body)
        let channel = try await lease()
        do {
            let response = try await withTaskCancellationHandler {
                try await withUnsafeThrowingContinuation { answer in
                    let exchange = PlainHTTPExchange(method: NIOHTTP1.HTTPMethod(rawValue: method), request: request, answer: answer)
                    if channel.eventLoop.inEventLoop {
                        Self.send(exchange, on: channel)
                    } else {
                        channel.eventLoop.execute { Self.send(exchange, on: channel) }
                    }
                }
            } onCancel: {
                channel.close(promise: nil)
            }
            release(channel, reusable: response.keepAlive)
            return response
        } catch {
            release(channel, reusable: false)
            if Task.isCancelled { throw CancellationError() }
            throw error
        }
    }

    /// Hands `exchange` to the connection's ``PlainHTTPExchangeHandler``, which answers it from then
    /// on; a connection that closed since it was leased has no handler left, so the exchange fails
    /// here. Runs on the connection's event loop, where neither can change meanwhile.
    private static func send(_ exchange: PlainHTTPExchange, on channel: any Channel) {
        guard channel.isActive else {
            return exchange.answer.resume(
                throwing: PlainHTTPFailure(kind: .closedBeforeAnswer, detail: "the request could not be sent: the connection closed"))
        }
        channel.writeAndFlush(exchange, promise: nil)
    }

    /// Closes the idle connections and refuses new requests; connections in use close when their
    /// answer arrives.
    func shutdown() {
        let (idle, waiters) = state.withLock { state in
            state.closed = true
            defer {
                state.idle = []
                state.waiters = []
            }
            return (state.idle, state.waiters)
        }
        for channel in idle { channel.close(promise: nil) }
        for waiter in waiters { waiter.continuation.resume(throwing: Self.shutDown) }
    }

    private static let shutDown = PlainHTTPFailure(kind: .connectFailed, detail: "the HTTP client is shut down")

    // MARK: - Connections

    /// An idle connection, a new one, or the next one released.
    private func lease() async throws -> any Channel {
        enum Next {
            case use(any Channel)
            case open
            case wait(id: Int)
        }
        let next = try state.withLock { state throws(PlainHTTPFailure) -> Next in
            guard !state.closed else { throw Self.shutDown }
            while let channel = state.idle.popLast() {
                if channel.isActive { return .use(channel) }
                state.open -= 1
            }
            if state.open < settings.maximumConnections {
                state.open += 1
                return .open
            }
            state.lastWaiterId += 1
            return .wait(id: state.lastWaiterId)
        }
        switch next {
        case .use(let channel):
            return channel
        case .open:
            return try await connectInSlot()
        case .wait(let id):
            if let channel = try await waitForTurn(id: id) { return channel }
            return try await connectInSlot()
        }
    }

    /// Waits until a connection is released: resumed with it, or with `nil` when its slot was freed.
    private func waitForTurn(id: Int) async throws -> (any Channel)? {
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                let refused: (any Error)? = state.withLock { state in
                    if state.closed { return Self.shutDown }
                    if Task.isCancelled { return CancellationError() }
                    state.waiters.append(Waiter(id: id, continuation: continuation))
                    return nil
                }
                if let refused { continuation.resume(throwing: refused) }
            }
        } onCancel: {
            let waiter = state.withLock { state in
                state.waiters.firstIndex { $0.id == id }.map { state.waiters.remove(at: $0) }
            }
            waiter?.continuation.resume(throwing: CancellationError())
        }
    }

    /// Returns a connection to the pool (or closes it) and wakes the first waiter.
    private func release(_ channel: any Channel, reusable: Bool) {
        let keep = reusable && channel.isActive
        let (waiter, close) = state.withLock { state -> (Waiter?, Bool) in
            if keep && !state.closed {
                if !state.waiters.isEmpty { return (state.waiters.removeFirst(), false) }
                state.idle.append(channel)
                return (nil, false)
            }
            return (state.freeSlot(), true)
        }
        if close { channel.close(promise: nil) }
        waiter?.continuation.resume(returning: close ? nil : channel)
    }

    /// Opens a connection in a slot already counted; gives the slot back when that fails.
    private func connectInSlot() async throws -> any Channel {
        do {
            return try await connect()
        } catch {
            state.withLock { $0.freeSlot() }?.continuation.resume(returning: nil)
            throw error
        }
    }

    private func connect() async throws(PlainHTTPFailure) -> any Channel {
        let (maximumBodyBytes, readTimeout) = (settings.maximumBodyBytes, settings.readTimeout)
        let bootstrap = ClientBootstrap(group: group)
            .connectTimeout(settings.connectTimeout)
            .channelOption(.socketOption(.tcp_nodelay), value: 1)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(
                        PlainHTTPExchangeHandler(maximumBodyBytes: maximumBodyBytes, readTimeout: readTimeout))
                }
            }
        do {
            return try await bootstrap.connect(host: settings.host, port: settings.port).get()
        } catch ChannelError.connectTimeout {
            throw PlainHTTPFailure(kind: .connectTimeout, detail: "no connection within the connect timeout")
        } catch {
            throw PlainHTTPFailure(kind: .connectFailed, detail: "\(error)")
        }
    }
}
