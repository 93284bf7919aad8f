import JSONCore

/// What a route handler answers: a status and a JSON result, before Novu's envelope is applied.
struct Reply: Sendable {
    private enum Body: Sendable {
        case json(JSON?)
        case later(@Sendable () -> JSON)
    }

    var status: Int
    private var content: Body
    var headers: [(String, String)] = []

    /// A reply of `status` with `body`; `nil` sends an empty body (204 routes).
    init(status: Int, body: JSON?) {
        self.init(status: status, content: .json(body))
    }

    private init(status: Int, content: Body) {
        self.status = status
        self.content = content
    }

    /// The body, made now when the handler left it for later; `nil` sends an empty body.
    var body: JSON? {
        switch content {
        case .json(let body): body
        case .later(let make): Self.enveloped(make())
        }
    }

    /// A result wrapped by Novu's response interceptor rule (§2.1): `{data: result}`, except a result that
    /// already has a top-level `data` key and no `_id`/`id` key (a page), which goes out as is.
    static func result(_ result: JSON, status: Int = 200) -> Reply {
        Reply(status: status, body: enveloped(result))
    }

    /// ``result(_:status:)`` made when the reply is sent, not in the handler: a write's handler runs on the
    /// store's one writer, so a record's JSON is made from its copy after the transaction, off that path.
    static func result(status: Int = 200, later make: @escaping @Sendable () -> JSON) -> Reply {
        Reply(status: status, content: .later(make))
    }

    /// An empty body, 204 by default.
    static func empty(status: Int = 204) -> Reply { Reply(status: status, body: nil) }

    private static func enveloped(_ result: JSON) -> JSON {
        if case .object(let members) = result, members["data"] != nil, members["_id"] == nil, members["id"] == nil {
            return result
        }
        return ["data": result]
    }
}
