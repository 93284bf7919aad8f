import JSONCore
import NovuKit

/// How a write is shown: in a confirmation, a dry-run plan and the journal (secrets redacted).
struct WriteDescription: Sendable {
    let method: HTTPMethod
    /// The path with its query string.
    let route: String
    /// The body, redacted, or `nil` for none.
    let body: JSON?

    init(_ request: APIRequest) {
        method = request.method
        route = Self.route(of: request)
        body = Self.redactedBody(request.body)
    }

    /// The request's path with its query string.
    static func route(of request: APIRequest) -> String {
        guard !request.query.isEmpty else { return request.path }
        return request.path + "?" + request.query.map { "\($0.name)=\($0.value)" }.joined(separator: "&")
    }

    /// A JSON body with its secrets redacted; `nil` for none or one that is not JSON.
    static func redactedBody(_ body: [UInt8]?) -> JSON? {
        body.flatMap { try? JSON.parse($0) }.map { Redaction.redact($0) }
    }

    /// The body as compact JSON (empty for none).
    var bodyText: String {
        guard let body, let text = try? body.serializedString(options: [.sortedKeys]) else { return "" }
        if case .object(let members) = body, members.isEmpty { return "" }
        return text
    }

    /// `PATCH /v2/subscribers/u1 {"firstName":"Ada"}` with the body cut at 120 characters.
    var line: String {
        let text = bodyText
        let short = text.count > 120 ? String(text.prefix(117)) + "..." : text
        return short.isEmpty ? "\(method) \(route)" : "\(method) \(route) \(short)"
    }

    /// The method, route and the whole body.
    var full: String {
        let text = bodyText
        return text.isEmpty ? "\(method) \(route)" : "\(method) \(route) \(text)"
    }

    /// What a dry-run write returns: `{dryRun = true, method, path, body}`.
    var placeholder: APIResponse {
        var members: [String: JSON] = ["dryRun": true, "method": .string(method.rawValue), "path": .string(route)]
        if let body { members["body"] = body }
        let bytes = (try? JSON.object(members).serialized()) ?? Array("{}".utf8)
        return APIResponse(status: 200, body: bytes)
    }
}
