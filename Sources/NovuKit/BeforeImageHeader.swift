
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

    /// The answer header value carrying `response`: its status and its body in base64; only `413`
    /// when that would be longer than ``maximumAnswerLength`` (the write then has no before-image).
    public static func value(answering response: APIResponse) -> String {
        let value = "\(response.status) " + Base64.encode(response.body)
        return value.utf8.count <= maximumAnswerLength ? value : "413"
    }

    /// The read's answer in an answer header value, or `nil` when the value is malformed.
    public static func answer(_ value: String) -> APIResponse? {
        let parts = value.split(separator: " ", maxSplits: 1, omittingEmptySubsequences: false)
        guard let status = Int(parts[0]), (100...599).contains(status) else { return nil }
        guard let body = Base64.decode(parts.count > 1 ? parts[1] : "") else { return nil }
        return APIResponse(status: status, headers: APIHeaders(), body: body)
    }
}
