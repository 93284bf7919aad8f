import JSONCore

/// What a route handler answers: a status and a JSON result, before Novu's envelope is applied.
struct Reply: Sendable {
    var status: Int
    /// The body; `nil` sends an empty body (204 routes).
    var body: JSON?
    var headers: [(String, String)] = []

    /// A result wrapped by Novu's response interceptor rule (§2.1): `{data: result}`, except a result that
    /// already has a top-level `data` key and no `_id`/`id` key (a page), which goes out as is.
    static func result(_ result: JSON, status: Int = 200) -> Reply {
        if case .object(let members) = result, members["data"] != nil, members["_id"] == nil, members["id"] == nil {
            return Reply(status: status, body: result)
        }
        return Reply(status: status, body: ["data": result])
    }

    /// An empty body, 204 by default.
    static func empty(status: Int = 204) -> Reply { Reply(status: status, body: nil) }
}
