import JSONCore
import NovuTesting
import Testing

/// What a `novu.*` call returns is read straight from the answer's bytes: the `{data: …}` envelope
/// removed, other bodies whole, and a 2xx body that is not JSON raised as the call's error.
@Suite(.timeLimit(.minutes(1)))
struct AnswerDecodingTests {
    @Test func answersBecomeLuaValuesWithTheEnvelopeRemoved() async throws {
        let server = try MisbehavingServer([
            .status(200, body: #"{"data":{"subscriberId":"u1","channels":[],"data":{}}}"#),
            .status(200, body: #"{"data":[],"hasMore":false,"page":0}"#),
            .status(200, body: #"{"data":{"subscriberId":"u1"}}"#),  // the delete's before-image read
            .status(204, body: ""),
        ])
        defer { server.stop() }
        let shell = try LuaShellFixture(url: server.baseURL)
        let found = try await shell.evaluate(#"return novu.subscribers.retrieve("u1")"#)
        #expect(found == ["subscriberId": "u1", "channels": [], "data": [:]])
        let page = try await shell.evaluate(#"return novu.subscribers.search({limit = 1})"#)
        #expect(page == ["data": [], "hasMore": false, "page": 0])
        let deleted = try await shell.evaluate(#"return novu.subscribers.delete("u1")"#)
        #expect(deleted == true)
        await shell.close()
    }

    @Test func aSuccessfulAnswerThatIsNotJSONRaisesInvalidResponse() async throws {
        let server = try MisbehavingServer([.status(200, body: "<html>proxy</html>")])
        defer { server.stop() }
        let shell = try LuaShellFixture(url: server.baseURL)
        let error = try await shell.evaluate(
            #"local ok, err = pcall(novu.subscribers.retrieve, "u1"); assert(not ok); return {code = err.code, message = err.message, path = err.path}"#)
        #expect(error["code"] == "invalidResponse")
        #expect(error["message"] == "the server answered 200 with a body that is not JSON")
        #expect(error["path"] == "/v2/subscribers/u1")
        await shell.close()
    }
}
