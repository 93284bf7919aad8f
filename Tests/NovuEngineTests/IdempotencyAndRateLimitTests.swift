import Foundation
import JSONCore
import NovuEngine
import NovuKit
import NovuTesting
import Testing

struct IdempotencyAndRateLimitTests {
    @Test func sameKeyAndBodyReplaysTheFirstResponse() async throws {
        let harness = try EngineHarness()
        let body: JSON = ["subscriberId": "u1", "firstName": "Ada"]
        let first = await harness.send(.post, "/v2/subscribers", body: body, headers: [("Idempotency-Key", "k1")])
        #expect(first.status == 201)
        #expect(first.header("Idempotency-Key") == "k1")
        #expect(first.header("Idempotency-Replay") == nil)
        let second = await harness.send(.post, "/v2/subscribers", body: body, headers: [("Idempotency-Key", "k1")])
        #expect(second.status == 201)
        #expect(second.header("Idempotency-Replay") == "true")
        #expect(second.response.body == first.response.body)
    }

    @Test func sameKeyWithDifferentBodyIs422() async throws {
        let harness = try EngineHarness()
        _ = await harness.send(.post, "/v2/subscribers", body: ["subscriberId": "u1"], headers: [("Idempotency-Key", "k2")])
        let reply = await harness.send(.post, "/v2/subscribers", body: ["subscriberId": "u2"], headers: [("Idempotency-Key", "k2")])
        #expect(reply.status == 422)
        #expect(reply.message == "Request with key \"k2\" is being reused for a different body")
        #expect(reply.json?["error"] == "Unprocessable Entity")
        #expect(reply.header("Link") == "https://docs.novu.co/additional-resources/idempotency")
    }

    @Test func errorsAreReplayedToo() async throws {
        let harness = try EngineHarness()
        let body: JSON = ["firstName": "no id"]
        let first = await harness.send(.post, "/v2/subscribers", body: body, headers: [("Idempotency-Key", "k3")])
        #expect(first.status == 400)
        let second = await harness.send(.post, "/v2/subscribers", body: body, headers: [("Idempotency-Key", "k3")])
        #expect(second.status == 400)
        #expect(second.header("Idempotency-Replay") == "true")
    }

    @Test func keyOver255CharactersIsRejected() async throws {
        let harness = try EngineHarness()
        let key = String(repeating: "k", count: 256)
        let reply = await harness.send(.post, "/v2/subscribers", body: ["subscriberId": "u1"], headers: [("Idempotency-Key", key)])
        #expect(reply.status == 400)
        #expect(reply.message == "idempotencyKey \"\(key)\" has exceeded the maximum allowed length of 255 characters")
    }

    /// Novu measures the key in JavaScript's UTF-16 code units: 128 emoji are 256 of them.
    @Test func keyLengthCountsUTF16CodeUnitsAsNovuDoes() async throws {
        let harness = try EngineHarness()
        let long = String(repeating: "😀", count: 128)
        let refused = await harness.send(.post, "/v2/subscribers", body: ["subscriberId": "u1"], headers: [("Idempotency-Key", long)])
        #expect(refused.status == 400)
        let fits = String(repeating: "é", count: 255)
        let accepted = await harness.send(.post, "/v2/subscribers", body: ["subscriberId": "u2"], headers: [("Idempotency-Key", fits)])
        #expect(accepted.status == 201)
    }

    @Test func getIgnoresTheKey() async throws {
        let harness = try EngineHarness()
        let reply = await harness.send(.get, "/v1/subscribers", headers: [("Idempotency-Key", "g1")])
        #expect(reply.status == 200)
        #expect(reply.header("Idempotency-Key") == nil)
    }

    @Test func rateLimitHeadersDescribeTheBucket() async throws {
        let harness = try EngineHarness()
        let reply = await harness.send(.get, "/v1/subscribers")
        #expect(reply.header("RateLimit-Limit") == "10000")
        #expect(reply.header("RateLimit-Remaining") == "10999")
        let policy = try #require(reply.header("RateLimit-Policy"))
        #expect(policy.split(separator: ";").count == 7)
        #expect(policy.contains("category=\"configuration\""))
    }

    @Test func goingOverTheLimitGives429WithRetryAfter() async throws {
        var configuration = Engine.Configuration()
        configuration.rateLimits = Engine.RateLimits(trigger: 1, configuration: 1, global: 1)
        let clock = ManualClock()
        let harness = try EngineHarness(clock: clock, configuration: configuration)
        // limit 5 per 5 s window, burst 5 → the sixth request in the same instant is refused.
        for _ in 0..<5 { #expect(await harness.send(.get, "/v1/subscribers").status == 200) }
        let refused = await harness.send(.get, "/v1/subscribers")
        #expect(refused.status == 429)
        #expect(refused.message == "API rate limit exceeded")
        #expect(refused.json?["error"] == nil)
        #expect(refused.header("Retry-After") == "1")
        clock.advance(by: 1)
        #expect(await harness.send(.get, "/v1/subscribers").status == 200)
    }

    @Test func bulkRoutesCostAHundredTokens() async throws {
        var configuration = Engine.Configuration()
        configuration.rateLimits = Engine.RateLimits(trigger: 100, configuration: 30, global: 100)
        let harness = try EngineHarness(clock: ManualClock(), configuration: configuration)
        let body: JSON = ["subscribers": [["subscriberId": "a"]]]
        let first = await harness.send(.post, "/v1/subscribers/bulk", body: body)
        #expect(first.status == 201)
        #expect(first.header("RateLimit-Remaining") == "65")
        #expect(first.header("RateLimit-Policy")?.contains("cost=\"bulk\"") == true)
        #expect(await harness.send(.post, "/v1/subscribers/bulk", body: body).status == 429)
    }
}
