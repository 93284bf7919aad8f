/// One operation of the Novu REST API: what it is called, where it goes and what it takes.
///
/// The catalogue (``OperationCatalogue``) holds one of these per route. Path parameters are taken
/// positionally, in path order; every other argument is a field of one table keyed by its wire name
/// (camelCase, as in Novu's docs), and ``query`` and ``body`` say where each known field goes.
///
/// ```swift
/// let operation = OperationCatalogue.operation(named: "subscribers.retrieve")!
/// let request = try operation.makeRequest(pathArguments: ["u1"])   // GET /v2/subscribers/u1
/// ```
public struct APIOperation: Sendable, Hashable, CustomStringConvertible {
    /// The SDK-style name, dot-separated (`subscribers.preferences.update`, `trigger`).
    public let name: String
    /// The HTTP method.
    public let method: HTTPMethod
    /// The path template with `{name}` placeholders (`/v2/subscribers/{subscriberId}`).
    public let pathTemplate: String
    /// The placeholders of ``pathTemplate`` in path order.
    public let pathParameters: [String]
    /// Body fields taken positionally after the path parameters (`trigger("welcome", {…})` → `name`).
    public let positionalFields: [String]
    /// The query parameters the operation knows.
    public let query: [APIField]
    /// The body fields the operation knows; empty for operations without a body.
    public let body: [APIField]
    /// Whether the operation sends a JSON body (some have a body with only optional fields).
    public let hasBody: Bool
    /// The status codes that mean success (Novu's exact codes; 201 for most POSTs).
    public let successStatuses: [Int]
    /// What a successful answer holds.
    public let result: ResultShape
    /// A one-line summary for `help()`.
    public let summary: String
    /// A short Lua example of a call.
    public let example: String
    /// Whether the SDK marks the route deprecated.
    public let isDeprecated: Bool

    /// Creates an operation; ``pathParameters`` are read from `path`.
    public init(
        _ name: String, _ method: HTTPMethod, _ path: String, status: [Int], result: ResultShape,
        positional: [String] = [], query: [APIField] = [], body: [APIField]? = nil, deprecated: Bool = false,
        summary: String, example: String
    ) {
        self.name = name
        self.method = method
        self.pathTemplate = path
        self.pathParameters = Self.placeholders(in: path)
        self.positionalFields = positional
        self.query = query
        self.body = body ?? []
        self.hasBody = body != nil
        self.successStatuses = status
        self.result = result
        self.summary = summary
        self.example = example
        self.isDeprecated = deprecated
    }

    /// `GET /v2/subscribers/{subscriberId}` style.
    public var description: String { "\(method) \(pathTemplate)" }

    /// The Lua-style signature: `subscribers.retrieve(subscriberId[, fields])`.
    public var signature: String {
        var arguments = pathParameters + positionalFields
        let required = (query + body).filter { $0.isRequired && !positionalFields.contains($0.name) }
        if !required.isEmpty {
            arguments.append("{" + required.map(\.name).joined(separator: ", ") + ", …}")
        } else if !query.isEmpty || hasBody {
            arguments.append("[fields]")
        }
        return "\(name)(\(arguments.joined(separator: ", ")))"
    }

    /// The field named `name`, in the query or the body.
    public func field(named name: String) -> APIField? {
        query.first { $0.name == name } ?? body.first { $0.name == name }
    }

    private static func placeholders(in path: String) -> [String] {
        var names: [String] = []
        var current: String?
        for character in path {
            if character == "{" {
                current = ""
            } else if character == "}", let name = current {
                names.append(name)
                current = nil
            } else if current != nil {
                current?.append(character)
            }
        }
        return names
    }
}

/// What a successful answer of an operation holds.
public struct ResultShape: Sendable, Hashable, CustomStringConvertible {
    private enum Kind: String, Sendable, Hashable {
        case object, list, scalar, page, cursorPage, empty
    }

    private let kind: Kind

    /// One object in the `{data: …}` envelope (unwrapped).
    public static let object = ResultShape(kind: .object)
    /// A list in the `{data: […]}` envelope (unwrapped).
    public static let list = ResultShape(kind: .list)
    /// A number or boolean in the `{data: …}` envelope (unwrapped).
    public static let scalar = ResultShape(kind: .scalar)
    /// A page object `{page, pageSize, hasMore, data, …}`, returned whole.
    public static let page = ResultShape(kind: .page)
    /// A cursor page `{data, next, previous}` or `{data, hasMore, filter}`, returned whole.
    public static let cursorPage = ResultShape(kind: .cursorPage)
    /// No body (204).
    public static let empty = ResultShape(kind: .empty)

    /// Whether the answer is a page object (either family).
    public var isPage: Bool { kind == .page || kind == .cursorPage }

    public var description: String { kind.rawValue }
}

/// One query or body field of an operation.
public struct APIField: Sendable, Hashable, CustomStringConvertible {
    /// The wire name (camelCase).
    public let name: String
    /// The JSON type the server expects.
    public let type: FieldType
    /// Whether the server rejects a request without it.
    public let isRequired: Bool
    /// What it means, with limits where Novu documents them.
    public let summary: String

    /// Creates a field.
    public init(_ name: String, _ type: FieldType, required: Bool = false, _ summary: String = "") {
        self.name = name
        self.type = type
        self.isRequired = required
        self.summary = summary
    }

    /// `name: type (required) — summary`.
    public var description: String {
        var text = "\(name): \(type)"
        if isRequired { text += " (required)" }
        if !summary.isEmpty { text += " — \(summary)" }
        return text
    }
}
