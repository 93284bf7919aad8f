import AsyncHTTPClient
import Foundation
public import Logging
public import NIOCore
import NIOHTTP1
import Synchronization

/// Sends Novu REST requests over HTTP(S).
///
/// `https` goes through AsyncHTTPClient, whose pool keeps keep-alive connections (HTTP/2 when the
/// server offers it through ALPN). Plain `http` (`novush serve`, a Novu on this machine or a private
/// network) goes through a ``PlainHTTPConnectionPool``, a lean HTTP/1.1 client that spends far less
/// CPU per request; an answer that redirects hands that request, and every later one, to
/// AsyncHTTPClient, which follows redirects.
///
/// Every request gets `Authorization: ApiKey <key>`; the key is never logged and never appears in
/// an error. Failed attempts are retried as ``RetryPolicy`` says, re-sending the same request, so a
/// POST or PATCH keeps its `Idempotency-Key`; requests are paced by the server's `RateLimit-*`
/// headers. Call ``shutdown()`` when done.
///
/// ```swift
/// let transport = try HTTPTransport(configuration: .init(baseURL: "https://eu.api.novu.co", apiKey: key))
/// defer { Task { try await transport.shutdown() } }
/// let client = NovuClient(transport: transport)
/// ```
public final class HTTPTransport: Transport {
    /// Transport settings.
    public struct Configuration: Sendable {
        /// The base URL; a path prefix is kept (`http://host/prefix` + `/v2/…`).
        public var baseURL: String
        /// The secret key sent as `Authorization: ApiKey <key>`; `nil` sends no header.
        public var apiKey: String?
        /// How long to wait for a connection.
        public var connectTimeout: Duration = .seconds(10)
        /// How long to wait for the answer of one attempt.
        public var readTimeout: Duration = .seconds(30)
        /// When to try again.
        public var retry: RetryPolicy = .standard
        /// Whether to slow down from the `RateLimit-*` headers.
        public var pacing: Bool = true
        /// Connections kept per host.
        public var maximumConnectionsPerHost: Int = 16
        /// The `User-Agent` header.
        public var userAgent: String = "novush"
        /// The event loops the connections live on; `nil`: AsyncHTTPClient's shared ones. The shell
        /// passes the one loop its tasks run on, so a request and its answer never change threads.
        public var eventLoopGroup: (any EventLoopGroup)?
        /// Where attempts and retries are logged (debug level; no headers, no bodies).
        public var logger: Logger?

        /// Creates a configuration for `baseURL` with `apiKey`.
        public init(baseURL: String, apiKey: String?, retry: RetryPolicy = .standard) {
            self.baseURL = baseURL
            self.apiKey = apiKey
            self.retry = retry
        }
    }

    /// The settings.
    public let configuration: Configuration
    private let client: HTTPClient
    private let plain: PlainHTTPConnectionPool?
    /// The base URL's path (`/prefix`, or empty), which the plain client puts before each target.
    private let basePath: String
    /// Set once a plain-HTTP answer redirected: later requests go through AsyncHTTPClient.
    private let redirected = Mutex(false)
    private let pacer = RateLimitPacer()
    /// The `Authorization` field from the configured key, made once (`nil` without a key).
    private let authorization: (name: String, value: String)?
    /// Whether the fields every request carries (`Authorization`, the default `User-Agent`) can go on
    /// the wire, checked once.
    private let standingFieldsAreValid: Bool
    private let base: String
    private let maximumResponseBytes = 64 * 1024 * 1024

    /// Creates a transport and its connection pool.
    /// - Throws: ``NovuClientError`` ``NovuClientError/Code/invalidArgument`` when `baseURL` is not an
    ///   `http` or `https` URL with a host.
    public init(configuration: Configuration) throws(NovuClientError) {
        guard let url = URL(string: configuration.baseURL), let scheme = url.scheme?.lowercased(),
            scheme == "http" || scheme == "https", url.host != nil
        else {
            throw NovuClientError(.invalidArgument, "not an http(s) URL: \(configuration.baseURL)")
        }
        self.configuration = configuration
        if let key = configuration.apiKey, !key.isEmpty {
            authorization = ("Authorization", key.hasPrefix("ApiKey ") ? key : "ApiKey \(key)")
        } else {
            authorization = nil
        }
        let standing = [authorization, (name: "User-Agent", value: configuration.userAgent)].compactMap { $0 }
        standingFieldsAreValid = standing.allSatisfy { Self.isValidField($0.name, $0.value) }
        var base = configuration.baseURL
        while base.hasSuffix("/") { base.removeLast() }
        self.base = base
        var pool = HTTPClient.Configuration.ConnectionPool()
        pool.concurrentHTTP1ConnectionsPerHostSoftLimit = configuration.maximumConnectionsPerHost
        // Retries are ours (bounded, with idempotency keys); AHC's own connect retries would hide failures.
        pool.retryConnectionEstablishment = false
        var clientConfiguration = HTTPClient.Configuration(
            timeout: .init(connect: Self.timeAmount(configuration.connectTimeout), read: Self.timeAmount(configuration.readTimeout)),
            connectionPool: pool)
        clientConfiguration.httpVersion = .automatic
        // No tracing: spans of the default no-op tracer still cost a URL parse per request.
        clientConfiguration.tracing.tracer = nil
        let group = configuration.eventLoopGroup ?? HTTPClient.defaultEventLoopGroup
        client = HTTPClient(
            eventLoopGroup: group, configuration: clientConfiguration,
            backgroundActivityLogger: Logger(label: "novush.http", factory: { _ in SwiftLogNoOpLogHandler() }))
        basePath = url.path.hasSuffix("/") ? String(url.path.dropLast()) : url.path
        if scheme == "http", let host = url.host {
            plain = PlainHTTPConnectionPool(
                settings: .init(
                    host: host, port: url.port ?? 80, maximumConnections: configuration.maximumConnectionsPerHost,
                    connectTimeout: Self.timeAmount(configuration.connectTimeout),
                    readTimeout: Self.timeAmount(configuration.readTimeout), maximumBodyBytes: maximumResponseBytes),
                group: group)
        } else {
            plain = nil
        }
    }

    /// Closes the connection pool. Requests after this fail.
    /// - Throws: the pool's error when it cannot close cleanly.
    public func shutdown() async throws {
        plain?.shutdown()
        try await client.shutdown()
    }

    /// Sends one request, retrying and pacing as configured.
    ///
    /// - Returns: the answer of the last attempt (an error status is an answer, not a thrown error).
    /// - Throws: ``NovuClientError`` with ``NovuClientError/Code/connectionFailed``,
    ///   ``NovuClientError/Code/timeout`` or ``NovuClientError/Code/tls`` when no attempt got an answer;
    ///   `CancellationError` when the task is cancelled.
    public func send(_ request: APIRequest) async throws -> APIResponse {
        let clock = ContinuousClock()
        let start = clock.now
        var machine = RetryStateMachine(policy: configuration.retry)
        var attempt = 0
        while true {
            attempt += 1
            if configuration.pacing {
                let wait = pacer.delayBeforeSending()
                if wait > .zero { try await Task.sleep(for: wait) }
            }
            do {
                let response = try await sendOnce(request)
                let fields = RateLimitPacer.Fields(response.headers)
                let retryAfter = RateLimitPacer.retryAfter(fields)
                pacer.record(status: response.status, fields: fields, retryAfter: retryAfter)
                // A 429 was refused before any work; other failed writes are only sent again when keyed.
                let action: RetryStateMachine.Action =
                    response.status == 429 || canResend(request)
                    ? machine.next(
                        after: .response(status: response.status, retryAfter: retryAfter), elapsed: clock.now - start)
                    : .finish
                log(request, attempt: attempt, outcome: String(response.status), action: action)
                guard case .retry(let delay) = action else { return response }
                try await Task.sleep(for: delay)
            } catch let error as NovuClientError {
                try Task.checkCancellation()
                let action = machine.next(after: .failure(retryable: isRetryable(error, request)), elapsed: clock.now - start)
                log(request, attempt: attempt, outcome: error.shortDescription, action: action)
                guard case .retry(let delay) = action else { throw error }
                try await Task.sleep(for: delay)
            }
        }
    }

    // MARK: - One attempt

    private func sendOnce(_ request: APIRequest) async throws -> APIResponse {
        let headers = try outgoingHeaders(request)
        if let plain, !redirected.withLock({ $0 }) {
            let answer: PlainHTTPResponse
            do {
                answer = try await plain.execute(
                    method: request.method.rawValue, target: basePath + request.target, headers: headers, body: request.body)
            } catch is CancellationError {
                throw CancellationError()
            } catch {
                throw Self.classify(error, request)
            }
            guard (300..<400).contains(answer.status), answer.headers["Location"] != nil else {
                return APIResponse(status: answer.status, headers: answer.headers, body: answer.body)
            }
            redirected.withLock { $0 = true }
        }
        var outgoing = HTTPClientRequest(url: url(for: request))
        outgoing.method = NIOHTTP1.HTTPMethod(rawValue: request.method.rawValue)
        for (name, value) in headers { outgoing.headers.add(name: name, value: value) }
        if let body = request.body { outgoing.body = .bytes(ByteBuffer(bytes: body)) }
        do {
            let deadline = configuration.connectTimeout + configuration.readTimeout
            let response = try await client.execute(outgoing, timeout: Self.timeAmount(deadline))
            let buffer = try await response.body.collect(upTo: maximumResponseBytes)
            var headers = APIHeaders()
            for header in response.headers { headers.add(header.name, header.value) }
            return APIResponse(status: Int(response.status.code), headers: headers, body: Array(buffer.readableBytesView))
        } catch is CancellationError {
            throw CancellationError()
        } catch {
            throw Self.classify(error, request)
        }
    }

    func url(for request: APIRequest) -> String { base + request.target }

    /// The request's header fields, with `Authorization` from the configured key and a `User-Agent`.
    /// - Throws: ``NovuClientError`` ``NovuClientError/Code/invalidArgument`` naming a field whose name
    ///   or value holds a line break or another control character (an API key pasted with its newline,
    ///   say); the value is not repeated, since it may be the key.
    private func outgoingHeaders(_ request: APIRequest) throws(NovuClientError) -> [(String, String)] {
        var fields: [(String, String)] = []
        fields.reserveCapacity(8)
        var givesUserAgent = false
        for (name, value) in request.headers {
            if APIHeaders.sameName(name, "Authorization") { continue }
            givesUserAgent = givesUserAgent || APIHeaders.sameName(name, "User-Agent")
            fields.append((name, value))
        }
        let own = fields.count
        if let authorization { fields.append(authorization) }
        if !givesUserAgent { fields.append(("User-Agent", configuration.userAgent)) }
        // The standing fields were checked once, when the transport was made; a request's own, each time.
        for (name, value) in fields[..<(standingFieldsAreValid ? own : fields.count)] where !Self.isValidField(name, value) {
            throw NovuClientError(
                .invalidArgument, "the request header '\(name)' holds a line break or another control character",
                method: request.method, path: request.path)
        }
        return fields
    }

    /// Whether a header field can go on the wire: a name of visible characters without a colon, a
    /// value without control characters other than tab.
    static func isValidField(_ name: String, _ value: String) -> Bool {
        func every(_ text: String, _ allowed: (UInt8) -> Bool) -> Bool {
            text.utf8.withContiguousStorageIfAvailable { $0.allSatisfy(allowed) } ?? text.utf8.allSatisfy(allowed)
        }
        return !name.isEmpty && every(name) { $0 > 0x20 && $0 < 0x7F && $0 != UInt8(ascii: ":") }
            && every(value) { ($0 >= 0x20 || $0 == 0x09) && $0 != 0x7F }
    }

    private func isRetryable(_ error: NovuClientError, _ request: APIRequest) -> Bool {
        guard error.code == .connectionFailed || error.code == .timeout else { return false }
        return canResend(request)
    }

    /// A write without an idempotency key may have reached the server and done its work; only idempotent
    /// methods and keyed writes are sent again.
    private func canResend(_ request: APIRequest) -> Bool {
        if request.method == .post || request.method == .patch { return request.headers["Idempotency-Key"] != nil }
        return true
    }

    private func log(
        _ request: APIRequest, attempt: Int, outcome: @autoclosure () -> String, action: RetryStateMachine.Action
    ) {
        guard let logger = configuration.logger else { return }
        var message = "\(request.method) \(request.path) attempt \(attempt): \(outcome())"
        if case .retry(let delay) = action { message += ", retrying in \(delay)" }
        logger.debug("\(message)")
    }

    /// Maps an AsyncHTTPClient or NIO failure to a ``NovuClientError`` code with a message free of secrets.
    package static func classify(_ error: any Error, _ request: APIRequest) -> NovuClientError {
        let text = String(describing: error)
        let code: NovuClientError.Code
        let message: String
        if let failure = error as? PlainHTTPFailure {
            switch failure.kind {
            case .connectTimeout: (code, message) = (.timeout, "no connection within the connect timeout")
            case .readTimeout: (code, message) = (.timeout, "no answer within the read timeout")
            case .closedBeforeAnswer: (code, message) = (.connectionFailed, "the server closed the connection before answering")
            case .connectFailed:
                (code, message) =
                    failure.detail.lowercased().contains("refused")
                    ? (.connectionFailed, "connection refused") : (.connectionFailed, "connection failed: \(failure.detail)")
            case .badAnswer: (code, message) = (.connectionFailed, "unreadable answer: \(failure.detail)")
            }
        } else if let error = error as? HTTPClientError {
            switch error {
            case .connectTimeout, .getConnectionFromPoolTimeout:
                (code, message) = (.timeout, "no connection within the connect timeout")
            case .readTimeout, .deadlineExceeded, .writeTimeout:
                (code, message) = (.timeout, "no answer within the read timeout")
            case .tlsHandshakeTimeout:
                (code, message) = (.tls, "the TLS handshake timed out")
            case .remoteConnectionClosed:
                (code, message) = (.connectionFailed, "the server closed the connection before answering")
            default:
                (code, message) = (.connectionFailed, "HTTP client error: \(error)")
            }
        } else if text.contains("SSL") || text.contains("TLS") || text.contains("certificate") {
            (code, message) = (.tls, "TLS failed: \(text)")
        } else if text.lowercased().contains("refused") {
            (code, message) = (.connectionFailed, "connection refused")
        } else if text.lowercased().contains("reset") {
            (code, message) = (.connectionFailed, "connection reset by the server")
        } else {
            (code, message) = (.connectionFailed, "connection failed: \(text)")
        }
        return NovuClientError(code, message, method: request.method, path: request.path)
    }

    static func timeAmount(_ duration: Duration) -> TimeAmount {
        let (seconds, attoseconds) = duration.components
        return .nanoseconds(seconds * 1_000_000_000 + attoseconds / 1_000_000_000)
    }
}
