import Foundation
import JSONCore
import NovuKit
import NovuTesting
import Testing

/// A write that names a GET in its `Novush-Before-Image` header gets that read's answer, taken in the
/// write's transaction just before the write, in the same header of its own answer.
struct BeforeImageHeaderTests {
    private static let name = BeforeImageHeader.name

    /// The read's answer carried by `reply`, decoded.
    private static func answer(_ reply: EngineReply) -> (status: Int, body: JSON?)? {
        guard let value = reply.header(name), let response = BeforeImageHeader.answer(value) else { return nil }
        return (response.status, try? JSON.parse(response.body))
    }

    @Test func aPatchCarriesTheSubscriberAsItWasBefore() async throws {
        let harness = try EngineHarness()
        _ = await harness.send(.post, "/v2/subscribers", body: ["subscriberId": "u1", "firstName": "Ada", "lastName": "Lovelace"])
        let earlier = await harness.send(.get, "/v2/subscribers/u1").json
        let patched = await harness.send(
            .patch, "/v2/subscribers/u1", body: ["lastName": "Byron"], headers: [(Self.name, "/v2/subscribers/u1")])
        #expect(patched.status == 200)
        #expect(patched.data?["lastName"] == "Byron")
        let before = try #require(Self.answer(patched))
        #expect(before.status == 200)
        #expect(before.body?["data"]?["lastName"] == "Lovelace")
        #expect(before.body == earlier)
        #expect(await harness.send(.get, "/v2/subscribers/u1").data?["lastName"] == "Byron")
    }

    /// The patch's handler takes the subscriber the read just found only when it is the same one and
    /// nothing was written in between; otherwise it reads its own.
    @Test func aPatchWhoseReadNamesAnotherSubscriberChangesItsOwn() async throws {
        let harness = try EngineHarness()
        _ = await harness.send(.post, "/v2/subscribers", body: ["subscriberId": "u1", "lastName": "One"])
        _ = await harness.send(.post, "/v2/subscribers", body: ["subscriberId": "u2", "lastName": "Two"])
        let patched = await harness.send(
            .patch, "/v2/subscribers/u2", body: ["lastName": "Deux"], headers: [(Self.name, "/v2/subscribers/u1")])
        #expect(patched.status == 200)
        #expect(patched.data?["subscriberId"] == "u2" && patched.data?["lastName"] == "Deux")
        #expect(Self.answer(patched)?.body?["data"]?["lastName"] == "One")
        #expect(await harness.send(.get, "/v2/subscribers/u1").data?["lastName"] == "One")
        #expect(await harness.send(.get, "/v2/subscribers/u2").data?["lastName"] == "Deux")
        // Two patches in a row, each with its read: the second sees what the first wrote.
        _ = await harness.send(.patch, "/v2/subscribers/u1", body: ["firstName": "A"], headers: [(Self.name, "/v2/subscribers/u1")])
        let second = await harness.send(
            .patch, "/v2/subscribers/u1", body: ["lastName": "Uno"], headers: [(Self.name, "/v2/subscribers/u1")])
        #expect(Self.answer(second)?.body?["data"]?["firstName"] == "A")
        #expect(second.data?["firstName"] == "A" && second.data?["lastName"] == "Uno")
    }

    /// An object of printable ASCII travels as it is; anything else (non-ASCII text, a control
    /// character, a body that is not an object) in base64. Both read back as the same body.
    @Test(arguments: [#"{"data":{"lastName":"Byron"}}"#, #"{"data":{"lastName":"Brontë"}}"#, "{\"a\":\"\t\"}", "[1,2]", ""])
    func answersTravelAsTheyAreOrInBase64(body: String) throws {
        let response = APIResponse(status: 200, body: Array(body.utf8))
        let value = BeforeImageHeader.value(answering: response)
        let asIs = body.hasPrefix("{") && body.utf8.allSatisfy { $0 >= 0x20 && $0 < 0x7F }
        #expect(value == "200 " + (asIs ? body : Data(body.utf8).base64EncodedString()))
        #expect(value.utf8.allSatisfy { $0 >= 0x20 && $0 < 0x7F }, "a header value of visible ASCII")
        let read = try #require(BeforeImageHeader.answer(value))
        #expect(read.status == 200 && read.body == Array(body.utf8))
    }

    @Test func aCreateCarriesTheReadsNotFoundAndQueriesAreRead() async throws {
        let harness = try EngineHarness()
        let created = await harness.send(
            .post, "/v2/subscribers", body: ["subscriberId": "new.one"], headers: [(Self.name, "/v2/subscribers/new%2Eone")])
        #expect(created.status == 201)
        let before = try #require(Self.answer(created))
        #expect(before.status == 404)
        #expect(before.body?["statusCode"] == 404)
        // A read with a query: the page a GET would answer, before the write.
        let second = await harness.send(
            .post, "/v2/subscribers", body: ["subscriberId": "u2"],
            headers: [(Self.name, "/v2/subscribers?limit=1&subscriberId=new%2Eone")])
        let page = try #require(Self.answer(second))
        #expect(page.status == 200)
        #expect(page.body?["data"]?.arrayValue?.map { $0["subscriberId"] } == ["new.one"])
    }

    @Test func aRecordTooLargeForAHeaderAnswers413AndTheWriteStillHappens() async throws {
        let harness = try EngineHarness()
        let large = String(repeating: "x", count: 40_000)
        _ = await harness.send(.post, "/v2/subscribers", body: ["subscriberId": "big", "data": ["blob": .string(large)]])
        let patched = await harness.send(
            .patch, "/v2/subscribers/big", body: ["lastName": "Large"], headers: [(Self.name, "/v2/subscribers/big")])
        #expect(patched.status == 200)
        #expect(patched.header(Self.name) == "413")
        #expect(Self.answer(patched)?.status == 413)
        #expect(await harness.send(.get, "/v2/subscribers/big").data?["lastName"] == "Large")
    }

    @Test func aTargetThatIsNoReadAnswers404AndReadsAndFailedWritesCarryNothing() async throws {
        let harness = try EngineHarness()
        _ = await harness.send(.post, "/v2/subscribers", body: ["subscriberId": "u1"])
        let unknown = await harness.send(
            .patch, "/v2/subscribers/u1", body: ["firstName": "A"], headers: [(Self.name, "/v9/nothing")])
        #expect(unknown.status == 200)
        #expect(Self.answer(unknown)?.status == 404)
        let notAPath = await harness.send(.patch, "/v2/subscribers/u1", body: ["firstName": "B"], headers: [(Self.name, "v2")])
        #expect(notAPath.status == 200 && notAPath.header(Self.name) == nil)
        let read = await harness.send(.get, "/v2/subscribers/u1", headers: [(Self.name, "/v2/subscribers/u1")])
        #expect(read.status == 200 && read.header(Self.name) == nil)
        let failed = await harness.send(
            .patch, "/v2/subscribers/missing", body: ["firstName": "C"], headers: [(Self.name, "/v2/subscribers/missing")])
        #expect(failed.status == 404 && failed.header(Self.name) == nil)
        let plain = await harness.send(.patch, "/v2/subscribers/u1", body: ["firstName": "D"])
        #expect(plain.header(Self.name) == nil)
    }
}
