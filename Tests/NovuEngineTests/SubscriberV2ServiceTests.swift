import Foundation
import JSONCore
import NovuEngine
import NovuKit
import NovuTesting
import Testing

struct SubscriberV2ServiceTests {
    @Test func createThenUpsertReplacesFieldsAndLeavesUnsetOnesOut() async throws {
        let harness = try EngineHarness()
        let first = await harness.send(
            .post, "/v2/subscribers",
            body: ["subscriberId": "u1", "timezone": "Europe/Paris", "locale": "fr-FR", "firstName": "A", "data": ["k": 1]])
        #expect(first.status == 201)
        #expect(first.data?["timezone"] == "Europe/Paris")
        let second = await harness.send(.post, "/v2/subscribers", body: ["subscriberId": "u1", "lastName": "B"])
        #expect(second.status == 201)
        #expect(second.data?["_id"] == first.data?["_id"])
        #expect(second.data?["firstName"] == nil)
        #expect(second.data?["lastName"] == "B")
        #expect(second.data?["data"] == nil)
    }

    @Test func failIfExistsGives409CarryingTheSubscriber() async throws {
        let harness = try EngineHarness()
        _ = await harness.send(.post, "/v2/subscribers", body: ["subscriberId": "u1", "email": "a@b.co"])
        let reply = await harness.send(.post, "/v2/subscribers", query: [("failIfExists", "true")], body: ["subscriberId": "u1"])
        #expect(reply.status == 409)
        #expect(reply.json?["statusCode"] == 409)
        #expect(reply.json?["error"] == "Conflict")
        #expect(reply.json?["subscriberId"] == "u1")
        #expect(reply.json?["email"] == "a@b.co")
        #expect(reply.json?["_environmentId"] != nil && reply.json?["createdAt"] != nil)
    }

    @Test func invalidSubscriberIdAndTimezoneAreRejected() async throws {
        let harness = try EngineHarness()
        let reply = await harness.send(.post, "/v2/subscribers", body: ["subscriberId": "bad id!", "timezone": "Mars/Base"])
        #expect(reply.status == 400)
        #expect(reply.messages.contains(
            "Invalid subscriberId: bad id!, only alphanumeric characters, -, _, and . or valid email addresses are allowed"))
        #expect(reply.messages.contains("timezone must be a valid IANA timezone"))
        #expect(await harness.send(.post, "/v2/subscribers", body: ["subscriberId": "ada@example.com"]).status == 201)
    }

    @Test func retrieveAndPatchWithNullClearing() async throws {
        let harness = try EngineHarness()
        _ = await harness.send(.post, "/v2/subscribers", body: ["subscriberId": "u1", "phone": "+1", "firstName": "A"])
        let patched = await harness.send(.patch, "/v2/subscribers/u1", body: ["lastName": "B", "phone": nil])
        #expect(patched.status == 200)
        #expect(patched.data?["lastName"] == "B")
        #expect(patched.data?["firstName"] == "A")
        #expect(patched.data?["phone"] == nil)
        let missing = await harness.send(.patch, "/v2/subscribers/ghost", body: ["lastName": "B"])
        #expect(missing.status == 404)
        #expect(missing.message == "Subscriber ghost was not found")
        #expect(await harness.send(.get, "/v2/subscribers/ghost").status == 404)
    }

    @Test func deleteCascadesToTopicSubscriptionsAndPreferences() async throws {
        let harness = try EngineHarness()
        _ = await harness.send(.post, "/v2/subscribers", body: ["subscriberId": "u1"])
        _ = await harness.send(.post, "/v1/topics/t1/subscribers", body: ["subscribers": ["u1"]])
        _ = await harness.send(.patch, "/v2/subscribers/u1/preferences", body: ["channels": ["email": false]])
        let reply = await harness.send(.delete, "/v2/subscribers/u1")
        #expect(reply.status == 200)
        #expect(reply.data == ["acknowledged": true, "status": "deleted"])
        #expect(await harness.send(.get, "/v1/topics/t1").data?["subscribers"] == [])
        _ = await harness.send(.post, "/v2/subscribers", body: ["subscriberId": "u1"])
        let prefs = await harness.send(.get, "/v2/subscribers/u1/preferences")
        #expect(prefs.data?["global"]?["channels"]?["email"] != false)
        let again = await harness.send(.delete, "/v2/subscribers/ghost")
        #expect(again.status == 404)
        #expect(again.json?["message"] == "Subscriber was not found")
        #expect(again.json?["externalSubscriberId"] == "ghost")
    }

    @Test func searchFiltersByEmailPhoneIdAndName() async throws {
        let harness = try EngineHarness()
        _ = await harness.send(.post, "/v2/subscribers", body: ["subscriberId": "u1", "email": "a@x.io", "firstName": "Ada", "lastName": "Lovelace"])
        _ = await harness.send(.post, "/v2/subscribers", body: ["subscriberId": "u2", "email": "b@x.io", "phone": "+42", "firstName": "Bob"])
        func ids(_ query: [(String, String)]) async -> [JSON] {
            await harness.send(.get, "/v2/subscribers", query: query).json?["data"]?.arrayValue?.compactMap { $0["subscriberId"] } ?? []
        }
        #expect(await ids([("email", "a@x.io")]) == ["u1"])
        #expect(await ids([("phone", "+42")]) == ["u2"])
        #expect(await ids([("subscriberId", "u2")]) == ["u2"])
        #expect(await ids([("name", "Ada Love")]) == ["u1"])
        #expect(await ids([("name", "ada")]) == [])
        let page = await harness.send(.get, "/v2/subscribers")
        #expect(page.json?["next"] == .null && page.json?["previous"] == .null)
        #expect(page.json?["totalCount"] == 2 && page.json?["totalCountCapped"] == false)
    }

    @Test func searchWalksCursorsBothWays() async throws {
        let harness = try EngineHarness()
        for i in 0..<5 { _ = await harness.send(.post, "/v2/subscribers", body: ["subscriberId": .string("s\(i)")]) }
        func page(_ query: [(String, String)]) async -> (ids: [String], next: String?, previous: String?) {
            let json = await harness.send(.get, "/v2/subscribers", query: query).json
            let ids = json?["data"]?.arrayValue?.compactMap { $0["subscriberId"]?.stringValue } ?? []
            return (ids, json?["next"]?.stringValue, json?["previous"]?.stringValue)
        }
        let first = await page([("limit", "2")])
        #expect(first.ids == ["s4", "s3"])
        #expect(first.previous == nil)
        let nextCursor = try #require(first.next)
        let second = await page([("limit", "2.0"), ("after", nextCursor)])
        #expect(second.ids == ["s2", "s1"])
        let previousCursor = try #require(second.previous)
        let back = await page([("limit", "2"), ("before", previousCursor)])
        #expect(back.ids == ["s4", "s3"])
        #expect(back.previous == nil)
        let ascending = await page([("limit", "10"), ("orderDirection", "ASC")])
        #expect(ascending.ids == ["s0", "s1", "s2", "s3", "s4"])
        let inclusive = await page([("limit", "1"), ("after", nextCursor), ("includeCursor", "true")])
        #expect(inclusive.ids == ["s3"])
        let byUpdated = await page([("limit", "2"), ("orderBy", "updatedAt"), ("orderDirection", "ASC")])
        #expect(byUpdated.ids == ["s0", "s1"])
        let bad = await harness.send(.get, "/v2/subscribers", query: [("limit", "0"), ("orderDirection", "UP")])
        #expect(bad.messages == ["limit must not be less than 1", "orderDirection must be one of the following values: ASC, DESC"])
    }
}
