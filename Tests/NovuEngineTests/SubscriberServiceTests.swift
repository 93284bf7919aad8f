import Foundation
import JSONCore
import NovuEngine
import NovuKit
import NovuTesting
import Testing

struct SubscriberServiceTests {
    @Test func createReturns201WithTheFieldsTheSDKRequires() async throws {
        let harness = try EngineHarness()
        let reply = await harness.send(
            .post, "/v1/subscribers",
            body: ["subscriberId": "u1", "email": "a@b.co", "phone": "+1555", "locale": "en-US", "data": ["plan": "pro"]])
        #expect(reply.status == 201)
        let sub = try #require(reply.data)
        for key in ["subscriberId", "_organizationId", "_environmentId", "deleted", "createdAt", "updatedAt", "_id"] {
            #expect(sub[key] != nil, "missing \(key)")
        }
        #expect(sub["email"] == "a@b.co")
        #expect(sub["data"] == ["plan": "pro"])
        #expect(sub["deleted"] == false)
    }

    @Test func secondCreateUpdatesNameAndReplacesData() async throws {
        let harness = try EngineHarness()
        _ = await harness.send(.post, "/v1/subscribers", body: ["subscriberId": "u1", "firstName": "A", "data": ["old": 1]])
        let reply = await harness.send(.post, "/v1/subscribers", body: ["subscriberId": "u1", "firstName": "B", "data": ["new": 2]])
        #expect(reply.data?["firstName"] == "B")
        #expect(reply.data?["data"] == ["new": 2])
        let list = await harness.send(.get, "/v1/subscribers")
        #expect(list.json?["data"]?.arrayValue?.count == 1)
    }

    @Test func createValidatesFieldsByName() async throws {
        let harness = try EngineHarness()
        let reply = await harness.send(.post, "/v1/subscribers", body: ["email": "not-an-email", "data": 5])
        #expect(reply.status == 400)
        #expect(reply.messages.contains("subscriberId should not be null or undefined"))
        #expect(reply.messages.contains("email must be an email"))
        #expect(reply.messages.contains("data must be an object"))
    }

    @Test func listPagesWithNovusHasMoreHeuristicAndAcceptsDecimalNumbers() async throws {
        let harness = try EngineHarness()
        for i in 0..<3 { _ = await harness.send(.post, "/v1/subscribers", body: ["subscriberId": .string("u\(i)")]) }
        let page = await harness.send(.get, "/v1/subscribers", query: [("page", "0.0"), ("limit", "2.0")])
        #expect(page.status == 200)
        #expect(page.json?["pageSize"] == 2)
        #expect(page.json?["hasMore"] == true)
        #expect(page.json?["data"]?.arrayValue?.count == 2)
        let last = await harness.send(.get, "/v1/subscribers", query: [("page", "1"), ("limit", "2")])
        #expect(last.json?["hasMore"] == false)
        let bad = await harness.send(.get, "/v1/subscribers", query: [("limit", "101"), ("page", "x")])
        #expect(bad.status == 400)
        #expect(bad.messages == ["page must be an integer number", "limit must not be greater than 100"])
    }

    @Test func getUnknownSubscriberIs404WithTheId() async throws {
        let harness = try EngineHarness()
        let reply = await harness.send(.get, "/v1/subscribers/ghost")
        #expect(reply.status == 404)
        #expect(reply.message == "Subscriber not found for id ghost")
    }

    @Test func getWithIncludeTopicsListsTopicKeys() async throws {
        let harness = try EngineHarness()
        _ = await harness.send(.post, "/v1/subscribers", body: ["subscriberId": "u1"])
        _ = await harness.send(.post, "/v1/topics/news/subscribers", body: ["subscribers": ["u1"]])
        let reply = await harness.send(.get, "/v1/subscribers/u1", query: [("includeTopics", "true")])
        #expect(reply.data?["topics"] == ["news"])
    }

    @Test func putUpdatesFieldsAndNullEmailUnsetsIt() async throws {
        let harness = try EngineHarness()
        _ = await harness.send(.post, "/v1/subscribers", body: ["subscriberId": "u1", "email": "a@b.co", "firstName": "A"])
        let reply = await harness.send(.put, "/v1/subscribers/u1", body: ["email": nil, "lastName": "L", "firstName": nil])
        #expect(reply.status == 200)
        #expect(reply.data?["email"] == nil)
        #expect(reply.data?["firstName"] == "A")
        #expect(reply.data?["lastName"] == "L")
        let missing = await harness.send(.put, "/v1/subscribers/ghost", body: ["firstName": "x"])
        #expect(missing.status == 400)
        #expect(missing.message == "SubscriberId: ghost not found")
    }

    @Test func deleteSoftDeletesAndRemovesTopicMemberships() async throws {
        let harness = try EngineHarness()
        _ = await harness.send(.post, "/v1/subscribers", body: ["subscriberId": "u1"])
        _ = await harness.send(.post, "/v1/topics/t1/subscribers", body: ["subscribers": ["u1"]])
        let reply = await harness.send(.delete, "/v1/subscribers/u1")
        #expect(reply.status == 200)
        #expect(reply.data == ["acknowledged": true, "status": "deleted"])
        #expect(await harness.send(.get, "/v1/subscribers/u1").status == 404)
        let topic = await harness.send(.get, "/v1/topics/t1")
        #expect(topic.data?["subscribers"] == [])
        #expect(await harness.send(.delete, "/v1/subscribers/u1").status == 404)
    }

    @Test func bulkCreateReportsCreatedUpdatedAndBringsBackDeleted() async throws {
        let harness = try EngineHarness()
        _ = await harness.send(.post, "/v1/subscribers", body: ["subscriberId": "old"])
        _ = await harness.send(.post, "/v1/subscribers", body: ["subscriberId": "gone"])
        _ = await harness.send(.delete, "/v1/subscribers/gone")
        let reply = await harness.send(
            .post, "/v1/subscribers/bulk",
            body: ["subscribers": [["subscriberId": "new"], ["subscriberId": "old"], ["subscriberId": "gone"], ["subscriberId": "new"]]])
        #expect(reply.status == 201)
        #expect(reply.data?["created"] == [["subscriberId": "new"]])
        #expect(reply.data?["updated"] == [["subscriberId": "old"], ["subscriberId": "gone"], ["subscriberId": "new"]])
        #expect(reply.data?["failed"] == [])
        let revived = await harness.send(.get, "/v2/subscribers/gone")
        #expect(revived.data?["deleted"] == false)
    }

    @Test func bulkCreateCapsAt500AndNamesBadItems() async throws {
        let harness = try EngineHarness()
        let many = JSON.array((0..<501).map { ["subscriberId": .string("s\($0)")] })
        let tooMany = await harness.send(.post, "/v1/subscribers/bulk", body: ["subscribers": many])
        #expect(tooMany.status == 400)
        #expect(tooMany.messages == ["subscribers must contain no more than 500 elements"])
        let missing = await harness.send(.post, "/v1/subscribers/bulk", body: [:])
        #expect(missing.messages == ["subscribers should not be null or undefined", "subscribers must be an array"])
        let badItem = await harness.send(.post, "/v1/subscribers/bulk", body: ["subscribers": [["subscriberId": 5]]])
        #expect(badItem.messages == ["subscribers.0.subscriberId must be a string"])
    }

    @Test func goingOfflineStampsLastOnlineAt() async throws {
        let clock = ManualClock(Date(timeIntervalSince1970: 1_700_000_000))
        let harness = try EngineHarness(clock: clock)
        _ = await harness.send(.post, "/v1/subscribers", body: ["subscriberId": "u1"])
        let online = await harness.send(.patch, "/v1/subscribers/u1/online-status", body: ["isOnline": true])
        #expect(online.data?["isOnline"] == true)
        #expect(online.data?["lastOnlineAt"] == nil)
        clock.advance(by: 60)
        let offline = await harness.send(.patch, "/v1/subscribers/u1/online-status", body: ["isOnline": false])
        #expect(offline.data?["isOnline"] == false)
        #expect(offline.data?["lastOnlineAt"] == "2023-11-14T22:14:20.000Z")
        let bad = await harness.send(.patch, "/v1/subscribers/u1/online-status", body: ["isOnline": "yes"])
        #expect(bad.messages == ["isOnline must be a boolean value"])
        let ghost = await harness.send(.patch, "/v1/subscribers/ghost/online-status", body: ["isOnline": true])
        #expect(ghost.status == 404)
        #expect(ghost.message == "Subscriber not found")
    }
}
