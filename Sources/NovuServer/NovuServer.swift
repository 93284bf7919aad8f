public import Hummingbird
public import Logging
public import NovuEngine
import UnixSignals

/// The engine behind a Hummingbird HTTP server (`novush serve`): it adds nothing but HTTP.
///
/// Requests reach ``NovuEngine/Engine/handle(_:)`` unchanged (strict Novu auth, body limits with
/// Novu's 413, Novu's error bodies); each is logged with a request id, which the answer carries in
/// `X-Request-Id`. ``run(handlesSignals:onRunning:)`` stops on SIGTERM/SIGINT after the
/// requests in flight are answered; every write is one SQLite transaction, so the store stays consistent.
///
/// ```swift
/// let engine = try Engine(path: "/tmp/novu.sqlite")
/// let server = NovuServer(engine: engine, configuration: .init(port: 3000), logger: logger)
/// try await server.run { port in print("http://127.0.0.1:\(port)") }
/// ```
public struct NovuServer: Sendable {
    /// Server settings.
    public struct Configuration: Sendable {
        /// The address to bind (loopback by default).
        public var host: String
        /// The port; 0 picks a free one (``run(handlesSignals:onRunning:)`` reports it).
        public var port: Int
        /// Whether each request is logged at info level.
        public var logsRequests: Bool
        /// The largest body read from the socket; larger ones get Novu's 413 without reaching the
        /// engine (which applies its own, smaller limit to `/v1/events/*`).
        public var maximumBodyBytes: Int = Engine.Configuration().maximumBodyBytes

        /// Creates a configuration.
        public init(host: String = "127.0.0.1", port: Int = 3000, logsRequests: Bool = true) {
            self.host = host
            self.port = port
            self.logsRequests = logsRequests
        }
    }

    /// The engine that answers.
    public let engine: Engine
    /// The settings.
    public let configuration: Configuration
    /// Where requests and server events are logged.
    public let logger: Logger

    /// Creates a server for `engine`.
    public init(engine: Engine, configuration: Configuration = Configuration(), logger: Logger) {
        self.engine = engine
        self.configuration = configuration
        self.logger = logger
    }

    /// Binds, calls `onRunning` with the bound port, and serves until SIGTERM or SIGINT arrives (when
    /// `handlesSignals`) or the task is cancelled; requests in flight are answered before it returns.
    ///
    /// - Parameters:
    ///   - handlesSignals: whether SIGTERM and SIGINT stop the server (off in tests).
    ///   - onRunning: called once the socket is bound, with its port.
    /// - Throws: the bind error (address in use, permission denied) or a server failure.
    public func run(
        handlesSignals: Bool = true,
        onRunning: @escaping @Sendable (Int) async -> Void = { _ in }
    ) async throws {
        let application = makeApplication(onRunning: onRunning)
        let signals: [UnixSignal] = handlesSignals ? [.sigterm, .sigint] : []
        try await application.runService(gracefulShutdownSignals: signals)
    }

    /// The Hummingbird application (for callers that manage their own service group).
    public func makeApplication(onRunning: @escaping @Sendable (Int) async -> Void = { _ in }) -> some ApplicationProtocol {
        let responder = EngineResponder(
            engine: engine, maximumBodyBytes: configuration.maximumBodyBytes, logsRequests: configuration.logsRequests)
        return Application(
            responder: responder,
            configuration: ApplicationConfiguration(
                address: .hostname(configuration.host, port: configuration.port), serverName: "novush"),
            onServerRunning: { channel in await onRunning(channel.localAddress?.port ?? 0) },
            logger: logger)
    }
}
