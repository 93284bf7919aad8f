import Foundation
import JSONCore
import NovuEngine
import NovuKit
import NovuTesting
import Testing

struct EngineCoreTests {
    @Test func newStoreReportsKeysOnceAndReopensWithoutThem() async throws {
        let harness = try EngineHarness(apiKey: "dev-key-123")
        #expect(harness.apiKey == "dev-key-123")
        #expect(harness.productionKey != harness.apiKey)
        let reopened = try Engine(path: harness.path)
        #expect(reopened.createdKeys == nil)
        let environments = try await reopened.environments()
        #expect(environments.map(\.name).sorted() == ["Development", "Production"])
        var request = APIRequest(method: .get, path: "/v1/environments/me")
        request.headers["Authorization"] = "ApiKey dev-key-123"
        let reply = await reopened.handle(request)
        #expect(reply.status == 200)
    }

    @Test func storeKeepsOnlyTheHashOfTheKey() async throws {
        let harness = try EngineHarness()
        let bytes = try Data(contentsOf: URL(fileURLWithPath: harness.path))
        #expect(bytes.range(of: Data(harness.apiKey.utf8)) == nil)
    }

    @Test(arguments: [
        (nil as String?, "Missing authorization header", "Unauthorized" as String?),
        ("Foo x", "Invalid authentication scheme: \"Foo\"", "Unauthorized"),
        ("ApiKey ", "Unauthorized", nil),
        ("ApiKey nope", "API Key not found", "Unauthorized"),
        ("Bearer abc", "Unauthorized", nil),
    ])
    func unauthorizedRequestsGetNovusMessages(header: String?, message: String, error: String?) async throws {
        let harness = try EngineHarness()
        var request = APIRequest(method: .get, path: "/v2/subscribers/u1")
        request.headers["Authorization"] = header
        let reply = await harness.send(raw: request)
        #expect(reply.status == 401)
        #expect(reply.json?["message"] == .string(message))
        #expect(reply.json?["error"]?.stringValue == error)
        #expect(reply.json?["statusCode"] == .int(401))
        #expect(reply.json?["path"] == .string("/v2/subscribers/u1"))
        #expect(reply.json?["timestamp"]?.stringValue?.hasSuffix("Z") == true)
    }

    @Test func productionKeyReachesOnlyProductionRecords() async throws {
        let harness = try EngineHarness()
        _ = await harness.send(.post, "/v2/subscribers", body: ["subscriberId": "u1"])
        let fromProduction = await harness.send(.get, "/v2/subscribers/u1", key: harness.productionKey)
        #expect(fromProduction.status == 404)
        let fromDevelopment = await harness.send(.get, "/v2/subscribers/u1")
        #expect(fromDevelopment.status == 200)
    }

    @Test func unknownRouteIsNestsNotFound() async throws {
        let harness = try EngineHarness()
        let reply = await harness.send(.get, "/v1/nothing-here", query: [("a", "1")])
        #expect(reply.status == 404)
        #expect(reply.message == "Cannot GET /v1/nothing-here")
        #expect(reply.json?["error"] == "Not Found")
        #expect(reply.json?["path"] == "/v1/nothing-here?a=1")
    }

    @Test func malformedJSONIsABadRequest() async throws {
        let harness = try EngineHarness()
        var request = APIRequest(method: .post, path: "/v2/subscribers", body: Array(#"{"subscriberId": "#.utf8))
        request.headers["Authorization"] = "ApiKey \(harness.apiKey)"
        let reply = await harness.send(raw: request)
        #expect(reply.status == 400)
        #expect(reply.json?["error"] == "Bad Request")
        #expect(reply.message?.contains("JSON") == true)
    }

    @Test func oversizedBodyIs413() async throws {
        var configuration = Engine.Configuration()
        configuration.maximumBodyBytes = 1000
        let harness = try EngineHarness(configuration: configuration)
        let big = String(repeating: "x", count: 2000)
        let reply = await harness.send(.post, "/v2/subscribers", body: ["subscriberId": "u1", "firstName": .string(big)])
        #expect(reply.status == 413)
        #expect(reply.message == "request entity too large")
        #expect(reply.json?["error"] == "Payload Too Large")
    }

    @Test func successResponsesCarryJSONContentTypeAndEnvelope() async throws {
        let harness = try EngineHarness()
        let reply = await harness.send(.post, "/v2/subscribers", body: ["subscriberId": "u1"])
        #expect(reply.header("Content-Type")?.hasPrefix("application/json") == true)
        #expect(reply.json?.objectValue?.keys.sorted() == ["data"])
    }

    @Test func trustedTransportNeedsNoKeyButForeignKeysStillFail() async throws {
        let harness = try EngineHarness()
        let transport = EngineTransport(engine: harness.engine)
        let ok = try await transport.send(APIRequest(method: .get, path: "/v1/environments/me"))
        #expect(ok.status == 200)
        #expect(ok.headers["RateLimit-Limit"] == nil)
        var bad = APIRequest(method: .get, path: "/v1/environments/me")
        bad.headers["Authorization"] = "ApiKey wrong"
        #expect(try await transport.send(bad).status == 401)
        let strict = EngineTransport(engine: harness.engine, environment: nil)
        #expect(try await strict.send(APIRequest(method: .get, path: "/v1/environments/me")).status == 401)
    }

    @Test func regeneratedKeyReplacesTheOldOne() async throws {
        let harness = try EngineHarness()
        let newKey = try await harness.engine.regenerateAPIKey(environment: "Development")
        #expect(await harness.send(.get, "/v1/environments/me").status == 401)
        #expect(await harness.send(.get, "/v1/environments/me", key: newKey).status == 200)
    }
}
