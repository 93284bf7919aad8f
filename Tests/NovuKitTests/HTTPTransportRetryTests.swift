import AsyncHTTPClient
import Foundation
import JSONCore
import NovuKit
import NovuTesting
import Testing

/// Retries, timeouts and pacing of `HTTPTransport`, against a loopback server that misbehaves on purpose.
@Suite(.timeLimit(.minutes(1)))
struct HTTPTransportRetryTests {
    private static let quick = RetryPolicy(
        maximumAttempts: 4, initialDelay: .milliseconds(10), maximumDelay: .milliseconds(50), maximumTotalTime: .seconds(10))

    private func client(
        _ server: MisbehavingServer, retry: RetryPolicy = quick, readTimeout: Duration = .seconds(5), pacing: Bool = true
    ) throws -> (NovuClient, HTTPTransport) {
        var configuration = HTTPTransport.Configuration(baseURL: server.baseURL, apiKey: "sk_secret_do_not_print", retry: retry)
        configuration.readTimeout = readTimeout
        configuration.pacing = pacing
        let transport = try HTTPTransport(configuration: configuration)
        return (NovuClient(transport: transport), transport)
    }

    @Test(arguments: [408, 429, 500, 502, 503, 504])
    func retryableStatusesAreTriedAgainUntilTheyAnswer(status: Int) async throws {
        let server = try MisbehavingServer([.status(status)], fallback: .status(200, body: #"{"data":{"ok":true}}"#))
        let (client, transport) = try client(server)
        let response = try await client.call("subscribers.retrieve", ["u1"])
        #expect(response.value == ["ok": true])
        #expect(server.requests.count == 2)
        try await transport.shutdown()
    }

    @Test(arguments: [400, 401, 404, 409, 422, 501])
    func clientErrorsAreNotRetried(status: Int) async throws {
        let server = try MisbehavingServer([.status(status, body: #"{"statusCode":\#(status),"message":"no"}"#)])
        let (client, transport) = try client(server)
        let error = await #expect(throws: NovuClientError.self) { try await client.call("subscribers.retrieve", ["u1"]) }
        #expect(error?.status == status)
        #expect(server.requests.count == 1)
        try await transport.shutdown()
    }

    @Test func everyRetryOfOneWriteCarriesTheSameIdempotencyKey() async throws {
        let server = try MisbehavingServer(
            [.status(503), .close, .status(201, body: #"{"data":{"subscriberId":"u1"}}"#)],
            fallback: .status(201, body: #"{"data":{"subscriberId":"u2"}}"#))
        let (client, transport) = try client(server)
        _ = try await client.call("subscribers.create", [], ["subscriberId": "u1"])
        _ = try await client.call("subscribers.patch", ["u2"], ["firstName": "Bo"])
        let keys = server.requests.map { $0.headers["idempotency-key"] }
        #expect(server.requests.count == 4)
        // As the official SDK makes them: a prefix, the milliseconds since 1970, twelve random letters.
        #expect(keys[0]?.wholeMatch(of: /novush-\d{13}[a-z0-9]{12}/) != nil)
        #expect(keys[0] == keys[1] && keys[1] == keys[2])
        #expect(keys[3] != nil && keys[3] != keys[0])
        #expect(server.requests.allSatisfy { $0.headers["authorization"] == "ApiKey sk_secret_do_not_print" })
        try await transport.shutdown()
    }

    @Test func aWriteWithoutAnIdempotencyKeyIsNotSentTwice() async throws {
        let server = try MisbehavingServer([.status(503), .close], fallback: .status(201))
        let (_, transport) = try client(server)
        let client = NovuClient(transport: transport, configuration: .init(sendsIdempotencyKeys: false))
        let error = await #expect(throws: NovuClientError.self) { try await client.call("subscribers.create", [], ["subscriberId": "u1"]) }
        #expect(error?.status == 503)
        #expect(server.requests.count == 1)
        #expect(server.requests.first?.headers["idempotency-key"] == nil)
        try await transport.shutdown()
    }

    @Test func aDroppedConnectionIsRetried() async throws {
        let server = try MisbehavingServer([.close, .close], fallback: .status(200, body: #"{"data":1}"#))
        let (client, transport) = try client(server)
        #expect(try await client.call("subscribers.retrieve", ["u1"]).value == 1)
        #expect(server.requests.count == 3)
        try await transport.shutdown()
    }

    @Test func retryAfterIsHonoured() async throws {
        let server = try MisbehavingServer(
            [.status(429, headers: ["Retry-After": "1"])], fallback: .status(200, body: #"{"data":true}"#))
        let (client, transport) = try client(server, pacing: false)
        _ = try await client.call("subscribers.retrieve", ["u1"])
        let requests = server.requests
        try #require(requests.count == 2)
        #expect(requests[1].receivedAt - requests[0].receivedAt >= .milliseconds(900))
        try await transport.shutdown()
    }

    @Test func theNumberOfAttemptsIsBounded() async throws {
        let server = try MisbehavingServer([], fallback: .status(503, body: #"{"statusCode":503,"message":"down"}"#))
        let retry = RetryPolicy(maximumAttempts: 3, initialDelay: .milliseconds(5), maximumTotalTime: .seconds(10))
        let (client, transport) = try client(server, retry: retry)
        let error = await #expect(throws: NovuClientError.self) { try await client.call("subscribers.retrieve", ["u1"]) }
        #expect(error?.status == 503)
        #expect(error?.message == "down")
        #expect(server.requests.count == 3)
        try await transport.shutdown()
    }

    @Test func aRetryAfterBeyondTheTotalTimeEndsTheCallAtOnce() async throws {
        let server = try MisbehavingServer([], fallback: .status(503, headers: ["Retry-After": "30"]))
        let retry = RetryPolicy(maximumAttempts: 5, maximumTotalTime: .seconds(2))
        let (client, transport) = try client(server, retry: retry, pacing: false)
        let started = ContinuousClock.now
        let error = await #expect(throws: NovuClientError.self) { try await client.call("subscribers.retrieve", ["u1"]) }
        #expect(error?.status == 503)
        #expect(server.requests.count == 1)
        // It gives up at once instead of sleeping the 30 s; the bound leaves room for a loaded machine.
        #expect(ContinuousClock.now - started < .seconds(10))
        try await transport.shutdown()
    }

    @Test func aServerThatNeverAnswersIsATimeoutError() async throws {
        let server = try MisbehavingServer([], fallback: .hang)
        let (client, transport) = try client(server, retry: .none, readTimeout: .milliseconds(300))
        let error = await #expect(throws: NovuClientError.self) { try await client.call("subscribers.retrieve", ["u1"]) }
        #expect(error?.code == .timeout)
        #expect(error?.status == nil)
        #expect(error?.path == "/v2/subscribers/u1")
        #expect(error.map { "\($0)" }?.contains("sk_secret") == false)
        server.stop()
        try await transport.shutdown()
    }

    @Test func aKeptConnectionGivesItsNextRequestTheWholeReadTimeout() async throws {
        let server = try MisbehavingServer([.keepAlive(status: 200, body: #"{"data":{"ok":true}}"#)], fallback: .hang)
        let (client, transport) = try client(server, retry: .none, readTimeout: .milliseconds(400))
        _ = try await client.call("subscribers.retrieve", ["u1"])
        // The first request's deadline passes while the second waits: the second still gets its 400 ms.
        try await Task.sleep(for: .milliseconds(250))
        let started = ContinuousClock.now
        let error = await #expect(throws: NovuClientError.self) { try await client.call("subscribers.retrieve", ["u2"]) }
        #expect(error?.code == .timeout)
        #expect(ContinuousClock.now - started >= .milliseconds(390))
        #expect(server.requests.map(\.connection) == [1, 1])
        server.stop()
        try await transport.shutdown()
    }

    @Test func aConnectionTheServerClosedWhileIdleIsNotUsedAgain() async throws {
        let ok = #"{"data":{"ok":true}}"#
        let server = try MisbehavingServer([.keepAlive(status: 200, body: ok, closeAfterIdle: 0.1)], fallback: .status(200, body: ok))
        let (client, transport) = try client(server, retry: .none)
        _ = try await client.call("subscribers.retrieve", ["u1"])
        try await Task.sleep(for: .milliseconds(400))
        // Without retries, a request written on the closed connection would fail.
        let response = try await client.call("subscribers.retrieve", ["u2"])
        #expect(response.value == ["ok": true])
        #expect(server.requests.map(\.connection) == [1, 2])
        try await transport.shutdown()
    }

    @Test func connectAndReadTimeoutsHaveTheTimeoutCode() {
        let request = APIRequest(method: .get, path: "/v2/subscribers")
        #expect(HTTPTransport.classify(HTTPClientError.connectTimeout, request).code == .timeout)
        #expect(HTTPTransport.classify(HTTPClientError.readTimeout, request).code == .timeout)
        #expect(HTTPTransport.classify(HTTPClientError.remoteConnectionClosed, request).code == .connectionFailed)
    }

    @Test func aRefusedConnectionIsAConnectionFailure() async throws {
        var configuration = HTTPTransport.Configuration(
            baseURL: "http://127.0.0.1:\(try MisbehavingServer.unusedPort())", apiKey: "sk_secret_do_not_print", retry: .none)
        configuration.connectTimeout = .seconds(2)
        let transport = try HTTPTransport(configuration: configuration)
        let error = await #expect(throws: NovuClientError.self) {
            try await NovuClient(transport: transport).call("subscribers.retrieve", ["u1"])
        }
        #expect(error?.code == .connectionFailed)
        #expect(error.map { "\($0)" }?.contains("sk_secret") == false)
        try await transport.shutdown()
    }

    @Test func lowRateLimitRemainingSlowsTheNextRequestDown() async throws {
        let low = ["RateLimit-Limit": "100", "RateLimit-Remaining": "0", "RateLimit-Reset": "1"]
        let server = try MisbehavingServer([.status(200, headers: low)], fallback: .status(200))
        let (client, transport) = try client(server)
        _ = try await client.call("subscribers.retrieve", ["u1"])
        _ = try await client.call("subscribers.retrieve", ["u1"])
        let requests = server.requests
        try #require(requests.count == 2)
        #expect(requests[1].receivedAt - requests[0].receivedAt >= .milliseconds(800))
        try await transport.shutdown()
    }

    @Test func plentyOfRateLimitLeftDoesNotSlowDown() async throws {
        let plenty = ["RateLimit-Limit": "100", "RateLimit-Remaining": "90", "RateLimit-Reset": "30"]
        let server = try MisbehavingServer([], fallback: .status(200, headers: plenty))
        let (client, transport) = try client(server)
        let started = ContinuousClock.now
        for _ in 0..<5 { _ = try await client.call("subscribers.retrieve", ["u1"]) }
        #expect(ContinuousClock.now - started < .seconds(5))
        #expect(server.requests.count == 5)
        try await transport.shutdown()
    }
}
