public import JSONCore

/// Why a Novu API call failed: an error answer from the server, or no answer at all.
///
/// Server errors keep Novu's body as sent: ``message`` is the text (an array of strings is joined
/// with `; `), ``messageValue`` the raw `message` (string, array or object), ``errorName`` the
/// `error` field and ``errors`` the optional `errors` record or list. Transport failures (refused,
/// reset, timeout, TLS) have their own ``Code``s and no ``status``. Nothing here ever holds the API key.
///
/// ```swift
/// do { _ = try await client.call("subscribers.retrieve", ["u1"]) }
/// catch let error where error.status == 404 { print("no such subscriber") }
/// ```
public struct NovuClientError: Error, Sendable, CustomStringConvertible {
    /// The kind of failure.
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        private enum Kind: String, Sendable, Hashable {
            case http, connectionFailed, timeout, tls, invalidArgument, invalidResponse, cancelled, unknownOperation
        }

        private let kind: Kind

        /// The server answered with an error status (4xx/5xx).
        public static let http = Code(kind: .http)
        /// No connection: refused, reset, closed early, unreachable host.
        public static let connectionFailed = Code(kind: .connectionFailed)
        /// The connect or read timeout (or the call's total deadline) passed.
        public static let timeout = Code(kind: .timeout)
        /// The TLS handshake or certificate check failed.
        public static let tls = Code(kind: .tls)
        /// The call's arguments were wrong before anything was sent (missing path argument, bad field type).
        public static let invalidArgument = Code(kind: .invalidArgument)
        /// The server answered with a body that is not JSON where JSON was expected.
        public static let invalidResponse = Code(kind: .invalidResponse)
        /// The calling task was cancelled.
        public static let cancelled = Code(kind: .cancelled)
        /// No operation has the given name.
        public static let unknownOperation = Code(kind: .unknownOperation)

        public var description: String { kind.rawValue }
    }

    /// The kind of failure.
    public var code: Code
    /// The HTTP status, for ``Code/http`` (and `nil` when no answer came).
    public var status: Int?
    /// A readable message: Novu's `message` (an array joined with `; `), or what went wrong.
    public var message: String
    /// Novu's `message` exactly as sent (string, array of strings or object).
    public var messageValue: JSON?
    /// Novu's `error` field (`Not Found`, `Bad Request`, …).
    public var errorName: String?
    /// Novu's optional `errors` (a record `{field: {messages, value}}` or a list `[{field, message}]`).
    public var errors: JSON?
    /// The whole decoded error body.
    public var body: JSON?
    /// The response headers (`Retry-After`, `RateLimit-*`), when there was a response.
    public var headers: APIHeaders?
    /// The method of the failed request.
    public var method: HTTPMethod?
    /// The path of the failed request (no query string, no host, never a key).
    public var path: String?

    /// Creates an error.
    public init(
        _ code: Code, _ message: String, status: Int? = nil, method: HTTPMethod? = nil, path: String? = nil
    ) {
        self.code = code
        self.message = message
        self.status = status
        self.method = method
        self.path = path
    }

    /// Decodes a Novu error answer.
    public init(response: APIResponse, method: HTTPMethod, path: String) {
        self.init(.http, Self.reasonPhrase(response.status), status: response.status, method: method, path: path)
        headers = response.headers
        let json = response.body.isEmpty ? nil : try? JSON.parse(response.body)
        body = json
        if let json {
            messageValue = json["message"]
            errorName = json["error"]?.stringValue
            errors = json["errors"]
            if let text = Self.text(of: json["message"]), !text.isEmpty { message = text }
        } else if !response.body.isEmpty {
            message = String(decoding: response.body.prefix(200), as: UTF8.self)
        }
    }

    /// One line with no request details: `404 Subscriber not found for id u1`, `timeout: …`.
    public var shortDescription: String {
        if let status { return "\(status) \(message)" }
        return "\(code): \(message)"
    }

    /// One line with the request: `GET /v2/subscribers/u1 → 404 Not Found: Subscriber not found…`.
    public var description: String {
        var text = ""
        if let method, let path { text = "\(method) \(path) → " }
        if let status {
            text += "\(status)"
            if let errorName, errorName != message { text += " \(errorName)" }
            text += ": \(message)"
        } else {
            text += "\(code): \(message)"
        }
        return text
    }

    static func text(of message: JSON?) -> String? {
        switch message {
        case .string(let text)?: return text
        case .array(let items)?:
            return items.map { $0.stringValue ?? ((try? $0.serializedString()) ?? "") }.joined(separator: "; ")
        case .object?, .int?, .double?, .bool?: return try? message?.serializedString(options: .sortedKeys)
        default: return nil
        }
    }

    static func reasonPhrase(_ status: Int) -> String {
        switch status {
        case 400: "Bad Request"
        case 401: "Unauthorized"
        case 402: "Payment Required"
        case 403: "Forbidden"
        case 404: "Not Found"
        case 405: "Method Not Allowed"
        case 408: "Request Timeout"
        case 409: "Conflict"
        case 413: "Payload Too Large"
        case 414: "URI Too Long"
        case 415: "Unsupported Media Type"
        case 422: "Unprocessable Entity"
        case 429: "Too Many Requests"
        case 500: "Internal Server Error"
        case 501: "Not Implemented"
        case 502: "Bad Gateway"
        case 503: "Service Unavailable"
        case 504: "Gateway Timeout"
        default: "HTTP \(status)"
        }
    }
}
