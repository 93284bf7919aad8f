import Foundation
public import JSONCore

/// Calls Novu REST operations through a ``Transport``: builds requests from the catalogue, adds an
/// idempotency key to writes, and decodes answers and errors.
///
/// The same client talks to Novu Cloud (``HTTPTransport``), to `novush serve`, or to the engine in
/// the same process; only the transport differs.
///
/// ```swift
/// let transport = try HTTPTransport(configuration: .init(baseURL: "http://127.0.0.1:3000", apiKey: key))
/// let client = NovuClient(transport: transport)
/// let subscriber = try await client.call("subscribers.retrieve", ["u1"]).value
/// try await transport.shutdown()
/// ```
public struct NovuClient: Sendable {
    /// Client settings.
    public struct Configuration: Sendable {
        /// Whether POST and PATCH carry an `Idempotency-Key` (kept the same across retries of one call).
        public var sendsIdempotencyKeys: Bool = true

        /// Creates the default configuration.
        public init(sendsIdempotencyKeys: Bool = true) {
            self.sendsIdempotencyKeys = sendsIdempotencyKeys
        }
    }

    /// Where requests go.
    public let transport: any Transport
    /// The settings.
    public let configuration: Configuration

    /// Creates a client on `transport`.
    public init(transport: any Transport, configuration: Configuration = Configuration()) {
        self.transport = transport
        self.configuration = configuration
    }

    /// Calls the catalogue operation called `name`.
    ///
    /// - Parameters:
    ///   - name: the SDK-style name (`subscribers.retrieve`).
    ///   - arguments: path parameters in path order, then positional fields (`trigger("welcome", …)`).
    ///   - fields: query and body fields by wire name.
    /// - Returns: the decoded answer (``NovuResponse/value`` is unwrapped).
    /// - Throws: ``NovuClientError``: ``NovuClientError/Code/unknownOperation`` for an unknown name,
    ///   ``NovuClientError/Code/invalidArgument`` for bad arguments, ``NovuClientError/Code/http`` for an
    ///   error status, and the transport codes when no answer came.
    public func call(_ name: String, _ arguments: [String] = [], _ fields: [String: JSON] = [:])
        async throws(NovuClientError) -> NovuResponse
    {
        guard let operation = OperationCatalogue.operation(named: name) else {
            throw NovuClientError(.unknownOperation, "no Novu operation is called \(name)")
        }
        return try await send(operation, arguments: arguments, fields: fields)
    }

    /// Calls `operation`; see ``call(_:_:_:)``.
    /// - Throws: ``NovuClientError`` as ``call(_:_:_:)`` does.
    public func send(_ operation: APIOperation, arguments: [String] = [], fields: [String: JSON] = [:])
        async throws(NovuClientError) -> NovuResponse
    {
        try await send(operation.makeRequest(arguments: arguments, fields: fields))
    }

    /// Sends a prepared request (any route, for `novu.request`-style raw calls).
    ///
    /// - Returns: the decoded answer for any 2xx status.
    /// - Throws: ``NovuClientError`` ``NovuClientError/Code/http`` for a 4xx/5xx answer, the transport
    ///   codes when no answer came, ``NovuClientError/Code/cancelled`` when the task was cancelled.
    public func send(_ request: APIRequest) async throws(NovuClientError) -> NovuResponse {
        let response = try await answer(request)
        return try NovuResponse(response: response, method: request.method, path: request.path)
    }

    /// Sends a prepared request and returns the 2xx answer as it came, body undecoded: for callers
    /// that read the body their own way (the Lua bridge reads it straight into Lua values).
    /// - Throws: ``NovuClientError`` as ``send(_:)-(APIRequest)``, except that the body is not checked.
    public func answer(_ request: APIRequest) async throws(NovuClientError) -> APIResponse {
        var request = request
        if configuration.sendsIdempotencyKeys, request.method == .post || request.method == .patch,
            request.headers["Idempotency-Key"] == nil
        {
            request.headers["Idempotency-Key"] = IdempotencyKey.make()
        }
        let response: APIResponse
        do {
            response = try await transport.send(request)
        } catch let error as NovuClientError {
            var error = error
            if error.method == nil { error.method = request.method }
            if error.path == nil { error.path = request.path }
            throw error
        } catch is CancellationError {
            throw NovuClientError(.cancelled, "the call was cancelled", method: request.method, path: request.path)
        } catch {
            throw NovuClientError(
                .connectionFailed, "the transport failed: \(error)", method: request.method, path: request.path)
        }
        guard (200..<300).contains(response.status) else {
            throw NovuClientError(response: response, method: request.method, path: request.path)
        }
        return response
    }
}

/// Makes idempotency keys: milliseconds since 1970 and random letters, as the official SDK does.
enum IdempotencyKey {
    static func make() -> String {
        // Made in one buffer (an interpolation and a concatenation cost twice as much), ending with
        // twelve base-36 letters from one 64-bit draw.
        var key: [UInt8] = []
        key.reserveCapacity(32)
        key += "novush-".utf8
        key += String(Int64(Date().timeIntervalSince1970 * 1000)).utf8
        var value = FastRandom.next()
        for _ in 0..<12 {
            key.append(alphabet[Int(value % 36)])
            value /= 36
        }
        return String(decoding: key, as: UTF8.self)
    }

    private static let alphabet = Array("abcdefghijklmnopqrstuvwxyz0123456789".utf8)
}
