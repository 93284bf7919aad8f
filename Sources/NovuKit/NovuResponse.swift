public import JSONCore

/// A successful answer, decoded.
///
/// ``value`` is what a caller wants: the `{data: …}` envelope is unwrapped for single objects, lists
/// and scalars (a body that is an object with `data` as its only key), page objects
/// (`{page, pageSize, hasMore, data}`, `{data, next, previous}`, `{data, hasMore, filter}`) are kept
/// whole, and a 204 or empty body has no value. Every field the server sent is kept.
public struct NovuResponse: Sendable, Hashable {
    /// The HTTP status (200, 201, 204…).
    public let status: Int
    /// The response headers (`RateLimit-*`, `Idempotency-Replay`, …).
    public let headers: APIHeaders
    /// The decoded body as sent, or `nil` when there was none.
    public let body: JSON?
    /// The body with the `{data: …}` envelope removed where Novu adds one; `nil` for no body.
    public let value: JSON?

    /// Decodes a 2xx answer.
    /// - Throws: ``NovuClientError`` ``NovuClientError/Code/invalidResponse`` when the body is not JSON.
    public init(response: APIResponse, method: HTTPMethod, path: String) throws(NovuClientError) {
        status = response.status
        headers = response.headers
        guard Self.hasBody(response.body) else {
            body = nil
            value = nil
            return
        }
        let json: JSON
        do {
            json = try JSON.parse(response.body)
        } catch {
            throw Self.notJSON(response, method: method, path: path)
        }
        body = json
        value = Self.unwrap(json)
    }

    /// The member of Novu's envelope: an object whose only member is `data` stands for its value.
    public static let envelopeMember = "data"

    /// Removes the `{data: …}` envelope (see ``envelopeMember``).
    public static func unwrap(_ json: JSON) -> JSON {
        if case .object(let members) = json, members.count == 1, let data = members[envelopeMember] { return data }
        return json
    }

    /// Whether `body` holds anything but whitespace (an answer without one has no value).
    public static func hasBody(_ body: [UInt8]) -> Bool {
        body.contains { $0 != 0x20 && $0 != 0x0a && $0 != 0x0d && $0 != 0x09 }
    }

    /// The error for a 2xx answer whose body is not JSON.
    public static func notJSON(_ response: APIResponse, method: HTTPMethod, path: String) -> NovuClientError {
        NovuClientError(
            .invalidResponse, "the server answered \(response.status) with a body that is not JSON",
            status: nil, method: method, path: path)
    }
}
