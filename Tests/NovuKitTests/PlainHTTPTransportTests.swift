import Foundation
import JSONCore
import NovuKit
import NovuTesting
import Testing

/// `HTTPTransport` on a plain `http://` URL: its own HTTP/1.1 connection pool, and AsyncHTTPClient once
/// an answer redirects. (Retries, timeouts and pacing over plain HTTP are in `HTTPTransportRetryTests`.)
@Suite(.timeLimit(.minutes(1)))
struct PlainHTTPTransportTests {
    private func transport(
        _ baseURL: String, connections: Int = 16, readTimeout: Duration = .seconds(5)
    ) throws -> HTTPTransport {
        var configuration = HTTPTransport.Configuration(baseURL: baseURL, apiKey: "sk_plain", retry: .none)
        configuration.maximumConnectionsPerHost = connections
        configuration.readTimeout = readTimeout
        return try HTTPTransport(configuration: configuration)
    }

    @Test func aWriteArrivesWithItsBodyLengthHostAndKeyBelowTheBasePath() async throws {
        let server = try MisbehavingServer([], fallback: .status(200, body: #"{"data":{"subscriberId":"u1"}}"#))
        let transport = try transport(server.baseURL + "/prefix/")
        let response = try await NovuClient(transport: transport).call("subscribers.patch", ["u1"], ["firstName": "Ada"])
        #expect(response.value?["subscriberId"] == "u1")
        let request = try #require(server.requests.first)
        #expect(request.method == "PATCH")
        #expect(request.target == "/prefix/v2/subscribers/u1")
        #expect(try JSON.parse(Array(request.body.utf8)) == ["firstName": "Ada"])
        #expect(request.headers["content-length"] == String(request.body.utf8.count))
        #expect(request.headers["host"] == "127.0.0.1:\(server.port)")
        #expect(request.headers["authorization"] == "ApiKey sk_plain")
        #expect(request.headers["user-agent"] == "novush")
        try await transport.shutdown()
    }

    @Test func readsAndDeletesGoOutWithoutABodyAndTheirAnswersAreRead() async throws {
        let server = try MisbehavingServer(
            [.status(200, body: #"{"data":{"subscriberId":"u1"}}"#), .status(204, body: "")], fallback: .status(500))
        let transport = try transport(server.baseURL)
        let client = NovuClient(transport: transport)
        #expect(try await client.call("subscribers.retrieve", ["u 1"]).value?["subscriberId"] == "u1")
        #expect(try await client.call("subscribers.delete", ["u1"]).status == 204)
        #expect(server.requests.map { "\($0.method) \($0.target)" } == ["GET /v2/subscribers/u%201", "DELETE /v2/subscribers/u1"])
        #expect(server.requests.allSatisfy { $0.body.isEmpty && $0.headers["content-length"] == nil })
        try await transport.shutdown()
    }

    @Test func aKeyWithALineBreakIsRefusedBeforeAnythingIsSentAndNotRepeated() async throws {
        let server = try MisbehavingServer([], fallback: .status(200))
        var configuration = HTTPTransport.Configuration(baseURL: server.baseURL, apiKey: "sk_pasted\n", retry: .none)
        configuration.maximumConnectionsPerHost = 1
        let transport = try HTTPTransport(configuration: configuration)
        let error = await #expect(throws: NovuClientError.self) {
            try await NovuClient(transport: transport).call("subscribers.patch", ["u1"], ["firstName": "Ada"])
        }
        #expect(error?.code == .invalidArgument)
        #expect(error?.message.contains("'Authorization'") == true)
        #expect(error.map { !"\($0)".contains("sk_pasted") } == true, "the key is not repeated")
        #expect(server.requests.isEmpty)
        try await transport.shutdown()
    }

    @Test func aRedirectHandsThatRequestAndLaterOnesToTheRedirectFollowingClient() async throws {
        // The plain client gets the first redirect; the same request then goes through AsyncHTTPClient,
        // which follows the second.
        let redirect = MisbehavingServer.Behaviour.status(307, headers: ["Location": "/v2/moved"], body: "")
        let server = try MisbehavingServer(
            [redirect, redirect, .status(200, body: #"{"data":{"moved":true}}"#)], fallback: .status(200, body: #"{"data":{"later":true}}"#))
        let transport = try transport(server.baseURL)
        let client = NovuClient(transport: transport)
        #expect(try await client.call("subscribers.retrieve", ["u1"]).value == ["moved": true])
        #expect(try await client.call("subscribers.retrieve", ["u2"]).value == ["later": true])
        #expect(server.requests.map(\.target) == ["/v2/subscribers/u1", "/v2/subscribers/u1", "/v2/moved", "/v2/subscribers/u2"])
        try await transport.shutdown()
    }

    @Test func requestsBeyondTheConnectionLimitWaitTheirTurnAndAllAreAnswered() async throws {
        let server = try MisbehavingServer([], fallback: .delay(seconds: 0.05, then: .status(200, body: #"{"data":{}}"#)))
        let transport = try transport(server.baseURL, connections: 2)
        let client = NovuClient(transport: transport)
        let started = ContinuousClock.now
        let statuses = try await withThrowingTaskGroup(of: Int.self) { group in
            for index in 0..<12 { group.addTask { try await client.call("subscribers.retrieve", ["u\(index)"]).status } }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(statuses == Array(repeating: 200, count: 12))
        #expect(server.requests.count == 12)
        // Two at a time, 50 ms each: six rounds at least.
        #expect(ContinuousClock.now - started >= .milliseconds(290))
        try await transport.shutdown()
    }

    @Test func aRequestWaitingForAConnectionStopsAtOnceWhenCancelled() async throws {
        let server = try MisbehavingServer([], fallback: .hang)
        let transport = try transport(server.baseURL, connections: 1, readTimeout: .seconds(20))
        let client = NovuClient(transport: transport)
        let holder = Task { try await client.call("subscribers.retrieve", ["u1"]) }
        while server.requests.isEmpty { try await Task.sleep(for: .milliseconds(10)) }
        let waiter = Task { try await client.call("subscribers.retrieve", ["u2"]) }
        try await Task.sleep(for: .milliseconds(100))
        waiter.cancel()
        let waited = await #expect(throws: NovuClientError.self) { try await waiter.value }
        #expect(waited?.code == .cancelled)
        #expect(server.requests.count == 1)
        holder.cancel()
        let held = await #expect(throws: NovuClientError.self) { try await holder.value }
        #expect(held?.code == .cancelled)
        server.stop()
        try await transport.shutdown()
    }
}
