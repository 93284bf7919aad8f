
/// One round trip for a journaled write to a novush engine: the write asks for the record it changes,
/// as it was, and gets it back in its own answer.
///
/// novush journals every write with the record as it was before, for `undo`. Against Novu that takes
/// a GET before the write. A novush engine (in process or behind `novush serve`) also reads the
/// target of the write's `Novush-Before-Image` header (a GET path and query) in the write's own
/// transaction, and answers in the same header with that read's status and body: half the requests,
/// and no other write can come between the read and the write. Novu ignores the header.
public enum BeforeImageHeader {
    /// The header's name, in requests and answers.
    public static let name = "Novush-Before-Image"

    /// The request header value asking for what `read` (a GET) returns.
    public static func value(asking read: APIRequest) -> String { read.target }

    /// The path and query a request header value asks for, or `nil` when it is not a path.
    public static func read(from value: String) -> (path: String, query: [QueryItem])? {
        guard value.utf8.first == UInt8(ascii: "/") else { return nil }
        guard let mark = value.utf8.firstIndex(of: UInt8(ascii: "?")) else { return (value, []) }
        return (String(value[..<mark]), QueryItem.items(fromQuery: value[value.utf8.index(after: mark)...]))
    }

    /// The largest answer a header carries; HTTP clients refuse headers past 80 KB in all.
    public static let maximumAnswerLength = 32 * 1024

    /// The answer header value carrying `response`: its status, then its body as it is when that is a
    /// JSON object of printable ASCII (what a novush engine's reads answer), in base64 otherwise; only
    /// `413` when that would be longer than ``maximumAnswerLength`` (the write then has no before-image).
    public static func value(answering response: APIResponse) -> String {
        let body = response.body
        let asIs = body.first == UInt8(ascii: "{") && body.allSatisfy { $0 >= 0x20 && $0 < 0x7F }
        let value = "\(response.status) " + (asIs ? String(decoding: body, as: UTF8.self) : Base64.encode(body))
        return value.utf8.count <= maximumAnswerLength ? value : "413"
    }

    /// The read's answer in an answer header value (either form), or `nil` when the value is malformed.
    public static func answer(_ value: String) -> APIResponse? {
        let space = value.utf8.firstIndex(of: 0x20)
        guard let status = Int(value[..<(space ?? value.endIndex)]), (100...599).contains(status) else { return nil }
        let text = space.map { value[value.utf8.index(after: $0)...] } ?? ""
        // Base64 has no `{`: a body that starts with one travels as it is.
        if text.utf8.first == UInt8(ascii: "{") {
            // Copied whole from the string's storage (an element-by-element copy cost 30 instructions a byte).
            let body = text.utf8.withContiguousStorageIfAvailable(Array.init) ?? Array(text.utf8)
            return APIResponse(status: status, headers: APIHeaders(), body: body)
        }
        guard let body = Base64.decode(text) else { return nil }
        return APIResponse(status: status, headers: APIHeaders(), body: body)
    }
}
