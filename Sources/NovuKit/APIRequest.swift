/// An HTTP method of the Novu REST API.
public struct HTTPMethod: RawRepresentable, Sendable, Hashable, CustomStringConvertible {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue.uppercased() }
    public static let get = HTTPMethod(rawValue: "GET")
    public static let post = HTTPMethod(rawValue: "POST")
    public static let put = HTTPMethod(rawValue: "PUT")
    public static let patch = HTTPMethod(rawValue: "PATCH")
    public static let delete = HTTPMethod(rawValue: "DELETE")
    /// True for methods that change state on the server (everything but GET).
    public var isWrite: Bool { self != .get }
    public var description: String { rawValue }
}

/// HTTP header fields with case-insensitive names, in the order they were added.
public struct APIHeaders: Sendable, Hashable, Sequence {
    private var fields: [(name: String, value: String)] = []

    /// Creates headers from name/value pairs.
    public init(_ pairs: [(String, String)] = []) {
        for (name, value) in pairs { add(name, value) }
    }

    /// The first value of `name`, compared without case; setting replaces every value of it.
    public subscript(name: String) -> String? {
        get { fields.first { Self.sameName($0.name, name) }?.value }
        set {
            fields.removeAll { Self.sameName($0.name, name) }
            if let newValue { fields.append((name, newValue)) }
        }
    }

    /// Header names compared without case (ASCII, as HTTP defines them), without allocating.
    static func sameName(_ a: String, _ b: String) -> Bool {
        guard a.utf8.count == b.utf8.count else { return false }
        // Native and small strings lend their bytes; only a bridged one is walked by its view.
        let compared: Bool?? = a.utf8.withContiguousStorageIfAvailable { x in
            b.utf8.withContiguousStorageIfAvailable { y in sameName(x, y) }
        }
        if let compared, let compared { return compared }
        return sameName(Array(a.utf8), Array(b.utf8))
    }

    /// Header names given as their bytes, compared without case (ASCII letters only).
    static func sameName(_ x: some RandomAccessCollection<UInt8>, _ y: some RandomAccessCollection<UInt8>) -> Bool {
        guard x.count == y.count else { return false }
        for (p, q) in zip(x, y) where p != q {
            let folded = p | 0x20
            guard folded == q | 0x20, folded >= UInt8(ascii: "a"), folded <= UInt8(ascii: "z") else { return false }
        }
        return true
    }

    /// Appends a field, keeping any existing field of the same name.
    public mutating func add(_ name: String, _ value: String) { fields.append((name, value)) }

    /// Makes room for `count` fields in all.
    public mutating func reserveCapacity(_ count: Int) { fields.reserveCapacity(count) }

    public func makeIterator() -> IndexingIterator<[(name: String, value: String)]> { fields.makeIterator() }

    /// The number of fields (a repeated name counts each time).
    public var underestimatedCount: Int { fields.count }

    public static func == (lhs: APIHeaders, rhs: APIHeaders) -> Bool {
        lhs.fields.elementsEqual(rhs.fields) { $0.name == $1.name && $0.value == $1.value }
    }

    public func hash(into hasher: inout Hasher) {
        for field in fields {
            hasher.combine(field.name)
            hasher.combine(field.value)
        }
    }
}

/// One request to the Novu REST API, independent of how it travels (HTTP or in-process).
public struct APIRequest: Sendable, Hashable {
    /// The HTTP method.
    public var method: HTTPMethod
    /// The path without the query string, starting with `/` (`/v2/subscribers/u1`).
    public var path: String
    /// Query parameters in order; a name may repeat.
    public var query: [QueryItem]
    /// Header fields (`Authorization`, `Idempotency-Key`, …).
    public var headers: APIHeaders
    /// The request body (JSON), or `nil` for none.
    public var body: [UInt8]?

    /// Creates a request.
    public init(
        method: HTTPMethod, path: String, query: [QueryItem] = [], headers: APIHeaders = APIHeaders(),
        body: [UInt8]? = nil
    ) {
        self.method = method
        self.path = path
        self.query = query
        self.headers = headers
        self.body = body
    }
}

/// One query parameter.
public struct QueryItem: Sendable, Hashable {
    public var name: String
    public var value: String
    public init(_ name: String, _ value: String) {
        self.name = name
        self.value = value
    }
}

/// The answer to an ``APIRequest``.
public struct APIResponse: Sendable, Hashable {
    /// The HTTP status code.
    public var status: Int
    /// Header fields (`Content-Type`, `Idempotency-Replay`, `RateLimit-Remaining`, …).
    public var headers: APIHeaders
    /// The body bytes (JSON for every Novu route that has a body).
    public var body: [UInt8]

    /// Creates a response.
    public init(status: Int, headers: APIHeaders = APIHeaders(), body: [UInt8] = []) {
        self.status = status
        self.headers = headers
        self.body = body
    }
}

/// Something that carries an ``APIRequest`` to a Novu-compatible server and brings back its answer.
///
/// Two implementations exist: the in-process engine, and HTTP to a remote server.
public protocol Transport: Sendable {
    /// Sends one request.
    /// - Throws: a transport-level error when no answer could be had (connection refused, timeout).
    ///   HTTP error statuses are answers, not thrown errors.
    func send(_ request: APIRequest) async throws -> APIResponse
}
