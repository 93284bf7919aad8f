import Foundation
import GRDB
import JSONCore
public import NovuKit

/// A Novu-compatible engine: answers the Novu REST API in-process from a SQLite store.
///
/// Create one on a file (a WAL database, shared by the shell and `novush serve`) or in memory for tests,
/// then send it ``NovuKit/APIRequest``s. A new store creates an organization with Development and
/// Production environments; their API keys are in ``createdKeys`` only on that first creation.
///
/// ```swift
/// let engine = try Engine(path: "/tmp/local.sqlite")
/// let key = engine.createdKeys?.development      // nil when the store already existed
/// var request = APIRequest(method: .get, path: "/v2/subscribers/u1")
/// request.headers["Authorization"] = "ApiKey \(key!)"
/// let response = await engine.handle(request)   // 404 until u1 exists
/// ```
public final class Engine: Sendable {
    let store: EngineStore
    let clock: any EngineClock
    let configuration: Configuration
    let ids = ObjectIDGenerator()
    let router: Router
    private let authenticator: Authenticator
    private let rateLimiter: RateLimiter
    private let idempotency = IdempotencyCache()
    private let trustedEnvironments = LockedValue<[String: EnvironmentRecord]>([:])

    /// The job runner of the trigger pipeline: start it in the background, or drive it by hand in tests.
    public let worker: Worker

    /// The API keys made when this call created the store; `nil` when the store already existed.
    public let createdKeys: APIKeys?

    /// Opens the store at `path`, creating it and its organization when the file is new.
    ///
    /// - Parameters:
    ///   - path: the SQLite file (created with its WAL files next to it).
    ///   - apiKey: the Development key to use when the store is created (random otherwise); ignored for an
    ///     existing store.
    ///   - clock: where time comes from.
    ///   - configuration: limits.
    /// - Throws: ``EngineError`` (500) when the file cannot be opened, migrated or seeded.
    public convenience init(
        path: String, apiKey: String? = nil, clock: any EngineClock = SystemClock(),
        configuration: Configuration = Configuration()
    ) throws(EngineError) {
        try self.init(store: EngineStore(path: path), apiKey: apiKey, clock: clock, configuration: configuration)
    }

    /// Creates an engine on a private in-memory store (for tests).
    ///
    /// - Throws: ``EngineError`` (500) when the schema cannot be created.
    public static func inMemory(
        apiKey: String? = nil, clock: any EngineClock = SystemClock(), configuration: Configuration = Configuration()
    ) throws(EngineError) -> Engine {
        try Engine(store: EngineStore(), apiKey: apiKey, clock: clock, configuration: configuration)
    }

    private init(store: EngineStore, apiKey: String?, clock: any EngineClock, configuration: Configuration) throws(EngineError) {
        self.store = store
        self.clock = clock
        self.configuration = configuration
        self.router = Router(Engine.allRoutes)
        self.authenticator = Authenticator(store: store)
        self.rateLimiter = RateLimiter(configuration: configuration.rateLimits)
        self.worker = Worker(store: store, clock: clock, ids: ids)
        let ids = self.ids
        let now = clock.now
        self.createdKeys = try store.write { db in
            try OrganizationSeeder.seedIfNeeded(db, developmentKey: apiKey, ids: ids, now: now)
        }
    }

    /// The organization's environments.
    /// - Throws: ``EngineError`` (500) when the store cannot be read.
    public func environments() async throws(EngineError) -> [EnvironmentInfo] {
        try store.read { db in
            try EnvironmentRecord.fetchAll(db, sql: "SELECT * FROM environments ORDER BY id").map {
                EnvironmentInfo(id: $0.id, name: $0.name, applicationIdentifier: $0.identifier, organizationId: $0.organizationId)
            }
        }
    }

    /// Replaces the API key of the environment named `environment` (`Development` or `Production`) and
    /// returns the new key; the old one stops working at once.
    /// - Throws: ``EngineError`` 404 when no environment has that name, 500 when the store fails.
    public func regenerateAPIKey(environment name: String) async throws(EngineError) -> String {
        let key = OrganizationSeeder.randomToken(bytes: 16)
        let hash = SHA256.hex(key)
        let changed = try store.write { db in
            try db.cachedStatement(sql: "UPDATE environments SET apiKeyHash = ? WHERE name = ?").execute(arguments: [hash, name])
            return db.changesCount
        }
        guard changed > 0 else { throw EngineError.notFound("Environment \(name) not found") }
        authenticator.clearCache()
        return key
    }

    /// Answers one Novu REST request. Never throws: every failure is an error response with Novu's body.
    public func handle(_ request: APIRequest) async -> APIResponse {
        await process(request, trustedEnvironment: nil)
    }

    /// Answers a request from inside the process: when it carries no `Authorization` header it runs as
    /// the environment named `environment` (no rate limits), as the shell's local engine does.
    public func handle(_ request: APIRequest, trustedEnvironment environment: String) async -> APIResponse {
        await process(request, trustedEnvironment: environment)
    }

    // MARK: - Pipeline

    private func process(_ request: APIRequest, trustedEnvironment: String?) async -> APIResponse {
        let now = clock.now
        let fullPath = Self.fullPath(request)
        var extraHeaders: [(String, String)] = []
        do {
            // Body size and syntax are checked before routing, as Express's body parser does.
            let limit = request.path.hasPrefix("/v1/events") ? configuration.maximumTriggerBodyBytes : configuration.maximumBodyBytes
            if let body = request.body, body.count > limit {
                throw EngineError(.payloadTooLarge, "request entity too large")
            }
            let json = try Self.parseBody(request.body)
            guard let (route, params) = router.match(request.method, request.path) else {
                throw EngineError.notFound("Cannot \(request.method) \(request.path)")
            }
            let environment: EnvironmentRecord
            if let trustedEnvironment, request.headers["Authorization"] == nil {
                environment = try await trusted(trustedEnvironment)
            } else {
                environment = try await authenticator.environment(for: request.headers)
                extraHeaders = try rateLimiter.take(environmentId: environment.id, category: route.category, cost: route.cost, now: now)
            }
            var idempotencyKey: (cacheKey: IdempotencyCache.Key, key: String)?
            if request.method == .post || request.method == .patch, let key = request.headers["Idempotency-Key"] {
                switch try idempotency.begin(
                    key: key, environmentId: environment.id, body: request.body, now: now)
                {
                case .replay(var response):
                    for (name, value) in extraHeaders { response.headers[name] = value }
                    return response
                case .proceed(let cacheKey):
                    idempotencyKey = (cacheKey, key)
                }
            }
            var context = RequestContext(
                environment: environment, method: request.method, path: request.path, params: params,
                query: QueryReader(request.query), body: json, now: now, nowString: ISOTime.format(now), ids: ids)
            let before = route.access == .write ? beforeImageRead(request, context: context) : nil
            context.readMemo = before?.context.readMemo
            var response = await run(route, context, fullPath: fullPath, before: before)
            if let idempotencyKey {
                response.headers["Idempotency-Key"] = idempotencyKey.key
                idempotency.finish(key: idempotencyKey.cacheKey, response: response, now: now)
            }
            for (name, value) in extraHeaders { response.headers[name] = value }
            return response
        } catch {
            var response = Self.errorResponse(error, path: fullPath, now: now)
            for (name, value) in extraHeaders where response.headers[name] == nil { response.headers[name] = value }
            return response
        }
    }

    private func run(_ route: Route, _ context: RequestContext, fullPath: String, before: BeforeImageRead?) async -> APIResponse {
        do {
            let handler = route.handler
            switch route.access {
            case .read:
                return Self.response(try store.read { db in try handler(context, db) })
            case .write:
                // The before-image is read first, in the write's transaction; both answers are
                // serialized after it, off the store's writer.
                let (image, reply) = try await store.requestWrite { db in (before?.answer(db), try handler(context, db)) }
                var response = Self.response(reply)
                if let before, let image {
                    response.headers[BeforeImageHeader.name] = BeforeImageHeader.value(answering: before.response(image))
                }
                return response
            }
        } catch {
            return Self.errorResponse(error, path: fullPath, now: context.now)
        }
    }

    private func trusted(_ name: String) async throws(EngineError) -> EnvironmentRecord {
        if let cached = trustedEnvironments.withLock({ $0[name] }) { return cached }
        let found = try store.read { db in
            try EnvironmentRecord.fetchOne(db.cachedStatement(sql: "SELECT * FROM environments WHERE name = ?"), arguments: [name])
        }
        guard let found else { throw EngineError(.unauthorized, "API Key not found") }
        trustedEnvironments.withLock { $0[name] = found }
        return found
    }

    // MARK: - Wire helpers

    static func parseBody(_ body: [UInt8]?) throws(EngineError) -> JSON? {
        guard let body, body.contains(where: { $0 != 0x20 && $0 != 0x0a && $0 != 0x0d && $0 != 0x09 }) else { return nil }
        do {
            return try JSON.parse(body)
        } catch {
            throw EngineError.badRequest("Unexpected token in JSON: \(error.message)")
        }
    }

    static func response(_ reply: Reply) -> APIResponse {
        var headers = APIHeaders()
        var bytes: [UInt8] = []
        if let body = reply.body {
            bytes = (try? body.serialized()) ?? Array("null".utf8)
            headers["Content-Type"] = "application/json; charset=utf-8"
        }
        for (name, value) in reply.headers { headers[name] = value }
        return APIResponse(status: reply.status, headers: headers, body: bytes)
    }

    static func errorResponse(_ error: any Error, path: String, now: Date) -> APIResponse {
        let engineError = (error as? EngineError) ?? EngineError.storage(error)
        var headers = APIHeaders()
        headers["Content-Type"] = "application/json; charset=utf-8"
        for (name, value) in engineError.headers { headers[name] = value }
        let body = ErrorBody.json(for: engineError, path: path, now: now)
        return APIResponse(status: engineError.code.status, headers: headers, body: (try? body.serialized()) ?? [])
    }

    /// The path with its query string, as Novu reports it in error bodies.
    static func fullPath(_ request: APIRequest) -> String {
        guard !request.query.isEmpty else { return request.path }
        let allowed = CharacterSet.urlQueryAllowed.subtracting(CharacterSet(charactersIn: "&=+"))
        let query = request.query.map {
            ($0.name.addingPercentEncoding(withAllowedCharacters: allowed) ?? $0.name) + "="
                + ($0.value.addingPercentEncoding(withAllowedCharacters: allowed) ?? $0.value)
        }
        return request.path + "?" + query.joined(separator: "&")
    }
}

/// The shell's default transport: Novu REST requests answered by an ``Engine`` in the same process.
///
/// Requests without an `Authorization` header run as the `environment` given here, so the shell does
/// not need the API key (which the store keeps only as a hash).
public struct EngineTransport: Transport {
    /// The engine that answers.
    public let engine: Engine
    /// The environment used for requests with no `Authorization` header; `nil` makes them 401 as on Novu.
    public let environment: String?

    /// Creates a transport to `engine`, trusting header-less requests as `environment`.
    public init(engine: Engine, environment: String? = "Development") {
        self.engine = engine
        self.environment = environment
    }

    /// Sends one request to the engine.
    /// - Throws: never; every failure is an error response.
    public func send(_ request: APIRequest) async throws -> APIResponse {
        // A call gives way once, as one over the network would: the items of a concurrent
        // `novu.each` then interleave instead of running one after the other.
        await Task.yield()
        if let environment { return await engine.handle(request, trustedEnvironment: environment) }
        return await engine.handle(request)
    }
}
