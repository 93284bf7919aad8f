import JSONCore
import NovuKit
import Testing

struct NovuClientErrorTests {
    private func decode(_ status: Int, _ body: String) -> NovuClientError {
        NovuClientError(
            response: APIResponse(status: status, body: Array(body.utf8)), method: .post, path: "/v2/subscribers")
    }

    @Test func aStringMessageIsTheMessage() {
        let error = decode(404, #"{"statusCode":404,"message":"Subscriber u1 was not found","error":"Not Found"}"#)
        #expect(error.code == .http)
        #expect(error.status == 404)
        #expect(error.message == "Subscriber u1 was not found")
        #expect(error.messageValue == "Subscriber u1 was not found")
        #expect(error.errorName == "Not Found")
        #expect(error.description == "POST /v2/subscribers → 404 Not Found: Subscriber u1 was not found")
        #expect(error.shortDescription == "404 Subscriber u1 was not found")
    }

    @Test func anArrayMessageIsJoinedAndKeptRaw() {
        let error = decode(400, #"{"statusCode":400,"message":["email must be an email","locale must be a locale"]}"#)
        #expect(error.message == "email must be an email; locale must be a locale")
        #expect(error.messageValue?.arrayValue?.count == 2)
    }

    @Test func anObjectMessageIsKeptAsJSON() {
        let error = decode(400, #"{"statusCode":400,"message":{"field":"to","reason":"missing"}}"#)
        #expect(error.messageValue?["field"] == "to")
        #expect(error.message == #"{"field":"to","reason":"missing"}"#)
    }

    @Test func errorsAreKeptInRecordAndListForm() {
        let record = decode(422, #"{"statusCode":422,"errors":{"email":{"messages":["bad"],"value":"x"}}}"#)
        #expect(record.errors?["email"]?["messages"]?[0] == "bad")
        #expect(record.message == "Unprocessable Entity")
        let list = decode(400, #"{"type":"PAYLOAD_VALIDATION_ERROR","errors":[{"field":"n","message":"must be number"}]}"#)
        #expect(list.errors?[0]?["field"] == "n")
    }

    @Test func aBodyThatIsNotJSONBecomesTheMessage() {
        let error = decode(502, "<html>Bad gateway</html>")
        #expect(error.status == 502)
        #expect(error.message == "<html>Bad gateway</html>")
        #expect(error.body == nil)
    }

    @Test func noDescriptionHoldsTheKeyEvenWhenTheRequestDid() async throws {
        let key = "sk_live_0123456789abcdef"
        let transport = EchoTransport(
            response: APIResponse(status: 401, body: Array(#"{"statusCode":401,"message":"API Key not found"}"#.utf8)))
        var request = APIRequest(method: .get, path: "/v2/subscribers/u1")
        request.headers["Authorization"] = "ApiKey \(key)"
        let error = await #expect(throws: NovuClientError.self) { try await NovuClient(transport: transport).send(request) }
        let error2 = try #require(error)
        for text in [error2.description, error2.shortDescription, error2.message, String(describing: error2)] {
            #expect(!text.contains(key))
        }
    }
}

/// Answers every request with one fixed response.
private struct EchoTransport: Transport {
    let response: APIResponse
    func send(_ request: APIRequest) async throws -> APIResponse { response }
}
