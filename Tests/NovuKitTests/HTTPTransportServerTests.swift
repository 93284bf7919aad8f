import Foundation
import JSONCore
import NovuEngine
import NovuKit
import NovuTesting
import Testing

/// `HTTPTransport` + `NovuClient` against a real `NovuServer` on loopback, compared with the in-process engine.
@Suite(.timeLimit(.minutes(1)))
struct HTTPTransportServerTests {
    @Test func createRetrieveAndPatchAnswerAsTheInProcessEngineDoes() async throws {
        try await withLoopbackServer { server, http in
            let local = NovuClient(transport: EngineTransport(engine: server.harness.engine))
            let created = try await http.call(
                "subscribers.create", [], ["subscriberId": "u1", "firstName": "Ada", "data": ["plan": "pro"]])
            #expect(created.status == 201)
            #expect(created.value?["subscriberId"] == "u1")
            #expect(created.value?["data"]?["plan"] == "pro")
            let overHTTP = try await http.call("subscribers.retrieve", ["u1"])
            let inProcess = try await local.call("subscribers.retrieve", ["u1"])
            #expect(overHTTP.value == inProcess.value)
            #expect(overHTTP.value == created.value)
            let patched = try await http.call("subscribers.patch", ["u1"], ["lastName": "Lovelace"])
            #expect(patched.value?["lastName"] == "Lovelace")
            #expect(patched.value?["firstName"] == "Ada")
            #expect(try await local.call("subscribers.retrieve", ["u1"]).value == patched.value)
        }
    }

    @Test func aMissingSubscriberIsTheSameDecoded404OverHTTPAndInProcess() async throws {
        try await withLoopbackServer { server, http in
            let local = NovuClient(transport: EngineTransport(engine: server.harness.engine))
            let remote = await #expect(throws: NovuClientError.self) { try await http.call("subscribers.retrieve", ["ghost"]) }
            let inProcess = await #expect(throws: NovuClientError.self) { try await local.call("subscribers.retrieve", ["ghost"]) }
            #expect(remote?.code == .http)
            #expect(remote?.status == 404)
            #expect(remote?.errorName == "Not Found")
            #expect(remote?.method == .get)
            #expect(remote?.path == "/v2/subscribers/ghost")
            #expect(remote?.body?["statusCode"] == 404)
            #expect(remote?.message == inProcess?.message)
            #expect(remote?.message.isEmpty == false)
            #expect(remote.map { "\($0)" }?.contains(server.harness.apiKey) == false)
        }
    }

    @Test func pageObjectsAreKeptWholeAnd204HasNoValue() async throws {
        try await withLoopbackServer { server, http in
            let local = NovuClient(transport: EngineTransport(engine: server.harness.engine))
            for id in ["a", "b", "c"] { _ = try await http.call("subscribers.create", [], ["subscriberId": .string(id)]) }
            let cursorPage = try await http.call("subscribers.search", [], ["limit": 2])
            #expect(cursorPage.value?["data"]?.arrayValue?.count == 2)
            #expect(cursorPage.value?["next"]?.stringValue != nil)
            #expect(cursorPage.value == (try await local.call("subscribers.search", [], ["limit": 2])).value)
            let numbered = try await http.call("subscribers.list", [], ["page": 0, "limit": 2])
            #expect(numbered.value?["page"] == 0)
            #expect(numbered.value?["hasMore"] == true)
            _ = try await http.call(
                "subscribers.credentials.update", ["a"], ["providerId": "slack", "credentials": ["webhookUrl": "https://h.example/1"]])
            let deleted = try await http.call("subscribers.credentials.delete", ["a", "slack"])
            #expect(deleted.status == 204)
            #expect(deleted.value == nil)
        }
    }

    @Test func aWrongKeyIs401AndNoKeyIs401() async throws {
        let server = try await LoopbackNovuServer()
        for key in ["sk_wrong", ""] {
            let transport = try server.transport(key: key)
            let error = await #expect(throws: NovuClientError.self) {
                try await NovuClient(transport: transport).call("subscribers.retrieve", ["u1"])
            }
            #expect(error?.status == 401)
            #expect(error?.message == (key.isEmpty ? "Missing authorization header" : "API Key not found"))
            try await transport.shutdown()
        }
        await server.stop()
    }

    @Test func everyAnswerCarriesARequestIdAndKeepsAGivenOne() async throws {
        try await withLoopbackServer { server, http in
            let generated = try await http.call("subscribers.search")
            #expect(generated.headers["X-Request-Id"]?.isEmpty == false)
            var request = APIRequest(method: .get, path: "/v2/subscribers")
            request.headers["X-Request-Id"] = "trace-42"
            let kept = try await http.send(request)
            #expect(kept.headers["X-Request-Id"] == "trace-42")
            #expect(kept.headers.filter { $0.name.lowercased() == "x-request-id" }.count == 1, "one request id, not two")
            #expect(kept.headers.filter { $0.name.lowercased() == "content-length" }.count == 1)
        }
    }

    @Test func aTriggerOverNovus512KBIs413FromTheEngine() async throws {
        try await withLoopbackServer { _, http in
            let payload: JSON = ["blob": .string(String(repeating: "x", count: 600 * 1024))]
            let error = await #expect(throws: NovuClientError.self) {
                try await http.call("trigger", ["welcome"], ["to": "u1", "payload": payload])
            }
            #expect(error?.status == 413)
            #expect(error?.body?["path"] == "/v1/events/trigger")
        }
    }

    @Test func aBodyOverTheLimitIsNovus413() async throws {
        let server = try await LoopbackNovuServer(maximumBodyBytes: 1024)
        let transport = try server.transport()
        let big = String(repeating: "x", count: 4096)
        let error = await #expect(throws: NovuClientError.self) {
            try await NovuClient(transport: transport).call("subscribers.create", [], ["subscriberId": "u1", "lastName": .string(big)])
        }
        #expect(error?.status == 413)
        #expect(error?.errorName == "Payload Too Large")
        #expect(error?.body?["statusCode"] == 413)
        #expect(error?.body?["path"] == "/v2/subscribers")
        try await transport.shutdown()
        await server.stop()
    }
}
