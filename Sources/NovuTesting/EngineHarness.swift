import Foundation
public import JSONCore
public import NovuEngine
public import NovuKit

/// An engine on a fresh SQLite file in a temporary directory (removed when the last copy of the
/// harness goes away), with its Development key, for tests and benchmarks.
///
/// ```swift
/// let harness = try EngineHarness()
/// let reply = await harness.send(.post, "/v2/subscribers", body: ["subscriberId": "u1"])
/// #expect(reply.status == 201)
/// ```
public struct EngineHarness: Sendable {
    /// The engine under test.
    public let engine: Engine
    /// The Development environment's API key.
    public let apiKey: String
    /// The Production environment's API key.
    public let productionKey: String
    /// The SQLite file.
    public let path: String
    /// The directory holding the file; removed with the last copy of the harness.
    private let directory: ScratchDirectory

    /// Creates an engine on a new file under the temporary directory.
    /// - Throws: `EngineError` when the store cannot be created.
    public init(
        clock: any EngineClock = SystemClock(), configuration: Engine.Configuration = Engine.Configuration(),
        apiKey: String? = nil
    ) throws {
        directory = try ScratchDirectory("engine")
        path = directory.path("engine.sqlite")
        engine = try Engine(path: path, apiKey: apiKey, clock: clock, configuration: configuration)
        guard let keys = engine.createdKeys else { throw EngineHarnessError.noKeys }
        self.apiKey = keys.development
        self.productionKey = keys.production
    }

    /// Sends a request with `Authorization: ApiKey <development key>` (unless `headers` sets its own).
    public func send(
        _ method: HTTPMethod, _ path: String, query: [(String, String)] = [], body: JSON? = nil,
        headers: [(String, String)] = [], key: String? = nil
    ) async -> EngineReply {
        var request = APIRequest(method: method, path: path, query: query.map { QueryItem($0.0, $0.1) })
        request.headers["Authorization"] = "ApiKey \(key ?? apiKey)"
        for (name, value) in headers { request.headers[name] = value }
        if let body { request.body = try? body.serialized() }
        return EngineReply(await engine.handle(request))
    }

    /// Sends a request exactly as given.
    public func send(raw request: APIRequest) async -> EngineReply { EngineReply(await engine.handle(request)) }
}

/// A response with its body decoded.
public struct EngineReply: Sendable {
    /// The raw response.
    public let response: APIResponse
    /// The decoded JSON body, or `nil` for an empty or unreadable body.
    public let json: JSON?

    init(_ response: APIResponse) {
        self.response = response
        self.json = response.body.isEmpty ? nil : try? JSON.parse(response.body)
    }

    /// The status code.
    public var status: Int { response.status }
    /// The `data` member of the body (the unwrapped envelope).
    public var data: JSON? { json?["data"] }
    /// The error `message` as a string, or its array elements joined with `; `.
    public var message: String? {
        switch json?["message"] {
        case .string(let text)?: return text
        case .array(let items)?: return items.compactMap(\.stringValue).joined(separator: "; ")
        default: return nil
        }
    }
    /// The error `message` array (one element for a string message).
    public var messages: [String] {
        switch json?["message"] {
        case .string(let text)?: return [text]
        case .array(let items)?: return items.compactMap(\.stringValue)
        default: return []
        }
    }
    /// A response header.
    public func header(_ name: String) -> String? { response.headers[name] }
}

enum EngineHarnessError: Error { case noKeys }
