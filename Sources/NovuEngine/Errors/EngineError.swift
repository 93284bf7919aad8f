public import JSONCore

/// An error the engine answers with: an HTTP status, Novu's `message` and `error` fields, and any extra keys.
///
/// Every failure inside the engine ends up as one of these, and ``ErrorBody`` turns it into Novu's
/// error body (`statusCode`, `timestamp`, `path`, `message`, `error`) in one place.
public struct EngineError: Error, Sendable, CustomStringConvertible {
    /// The kind of failure, which fixes the HTTP status and Novu's `error` label.
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        private enum Kind: Int, Sendable {
            case badRequest = 400, unauthorized = 401, forbidden = 403, notFound = 404, conflict = 409
            case payloadTooLarge = 413, unprocessable = 422, tooManyRequests = 429, internalError = 500
            case unavailable = 503
        }
        private let kind: Kind
        /// 400, `error: "Bad Request"`.
        public static let badRequest = Code(kind: .badRequest)
        /// 401, `error: "Unauthorized"`.
        public static let unauthorized = Code(kind: .unauthorized)
        /// 403, `error: "Forbidden"`.
        public static let forbidden = Code(kind: .forbidden)
        /// 404, `error: "Not Found"`.
        public static let notFound = Code(kind: .notFound)
        /// 409, `error: "Conflict"`.
        public static let conflict = Code(kind: .conflict)
        /// 413, `error: "Payload Too Large"`.
        public static let payloadTooLarge = Code(kind: .payloadTooLarge)
        /// 422, `error: "Unprocessable Entity"`.
        public static let unprocessable = Code(kind: .unprocessable)
        /// 429, no `error` label (as Novu's throttler).
        public static let tooManyRequests = Code(kind: .tooManyRequests)
        /// 500, with an `errorId`.
        public static let internalError = Code(kind: .internalError)
        /// 503, `error: "Service Unavailable"`.
        public static let unavailable = Code(kind: .unavailable)

        /// The HTTP status code.
        public var status: Int { kind.rawValue }

        /// The reason phrase Novu puts in `error`.
        public var label: String {
            switch kind {
            case .badRequest: "Bad Request"
            case .unauthorized: "Unauthorized"
            case .forbidden: "Forbidden"
            case .notFound: "Not Found"
            case .conflict: "Conflict"
            case .payloadTooLarge: "Payload Too Large"
            case .unprocessable: "Unprocessable Entity"
            case .tooManyRequests: "Too Many Requests"
            case .internalError: "Internal Server Error"
            case .unavailable: "Service Unavailable"
            }
        }

        public var description: String { "\(status) \(label)" }
    }

    /// The kind of failure.
    public var code: Code
    /// Novu's `message`: a string, or an array of strings for DTO validation failures.
    public var message: JSON
    /// Novu's `error` label; `nil` leaves it out of the body.
    public var label: String?
    /// Extra top-level keys of the body (`externalSubscriberId`, or a whole record for the SDK's 409 models).
    public var extra: [String: JSON]
    /// Extra response headers (`Retry-After`, `Link`).
    public var headers: [(String, String)]

    /// Creates an error with a string message and the code's default `error` label.
    public init(_ code: Code, _ message: String, extra: [String: JSON] = [:]) {
        self.code = code
        self.message = .string(message)
        self.label = code.label
        self.extra = extra
        self.headers = []
    }

    /// A DTO validation failure: 400 with `message` as an array of field-named sentences.
    public static func validation(_ messages: [String]) -> EngineError {
        var error = EngineError(.badRequest, "")
        error.message = .array(messages.map(JSON.string))
        return error
    }

    /// A 404 with Novu's message.
    public static func notFound(_ message: String) -> EngineError { EngineError(.notFound, message) }

    /// A 400 with a string message (Novu's `ApiException`).
    public static func badRequest(_ message: String) -> EngineError { EngineError(.badRequest, message) }

    /// A 409 with Novu's message.
    public static func conflict(_ message: String) -> EngineError { EngineError(.conflict, message) }

    /// A failure of the store itself (SQLite, disk); reported as a 500 with an `errorId`.
    static func storage(_ underlying: any Error) -> EngineError {
        if let engineError = underlying as? EngineError { return engineError }
        var error = EngineError(.internalError, "Internal server error, contact support and provide them with the errorId")
        error.underlying = String(describing: underlying)
        return error
    }

    /// What went wrong underneath a 500, for logs; never sent to the client.
    public internal(set) var underlying: String? = nil

    public var description: String {
        let text: String
        switch message {
        case .string(let value): text = value
        case .array(let items): text = items.compactMap(\.stringValue).joined(separator: "; ")
        default: text = "\(message)"
        }
        return "\(code): \(text)" + (underlying.map { " (\($0))" } ?? "")
    }
}
