import Foundation
import JSONCore
import NovuEngine
import NovuKit
import NovuTesting
import Testing

struct FeedAndInboxTests {
    /// `count` in-app messages for u1, one minute apart (the newest last).
    private func seeded(_ count: Int, tags: [String] = []) async throws -> PipelineFixture {
        let fixture = try PipelineFixture()
        try await fixture.workflow(
            "Feed",
            steps: [[
                "template": [
                    "type": "in_app", "content": "n={{payload.n}}",
                    "cta": ["type": "redirect", "data": ["url": "/x"], "action": ["buttons": [["type": "primary", "content": "Go"]]]],
                ],
            ]])
        await fixture.subscriber("u1")
        for n in 0..<count {
            _ = await fixture.trigger("feed", to: "u1", payload: ["n": .int(Int64(n)), "group": ["k": .string(n % 2 == 0 ? "even" : "odd")]])
            try await fixture.advance(60)
        }
        return fixture
    }

    @Test func feedPagesAtTheBorderAndFiltersByPayload() async throws {
        let fixture = try await seeded(12)
        let first = await fixture.feed("u1", query: [("page", "0"), ("limit", "10.0")])
        #expect(first.json?["pageSize"] == 10)
        #expect(first.json?["hasMore"] == true)
        #expect(first.data?[0]?["content"] == "n=11")
        // Novu's feed totalCount counts from the page on and stops at the page size (novu#5215).
        #expect(first.json?["totalCount"] == 10)
        let second = await fixture.feed("u1", query: [("page", "1"), ("limit", "10")])
        #expect(second.data?.arrayValue?.count == 2)
        #expect(second.json?["hasMore"] == false)
        #expect(second.json?["totalCount"] == 2)
        let exact = await fixture.feed("u1", query: [("page", "0"), ("limit", "12")])
        #expect(exact.json?["hasMore"] == false)
        #expect(exact.json?["totalCount"] == 12)
        let encoded = Data(#"{"group":{"k":"odd"}}"#.utf8).base64EncodedString()
        #expect(await fixture.feed("u1", query: [("payload", encoded), ("limit", "100")]).data?.arrayValue?.count == 6)
        let bad = await fixture.feed("u1", query: [("payload", "!!")])
        #expect(bad.message == "Invalid payload, the JSON object should be encoded to base64 string.")
        let ghost = await fixture.feed("ghost")
        #expect(ghost.status == 400)
    }

    @Test func unseenCountIsCappedAtItsLimit() async throws {
        let fixture = try await seeded(5)
        let count = await fixture.harness.send(.get, "/v1/subscribers/u1/notifications/unseen", query: [("limit", "3")])
        #expect(count.data == ["count": 3])
        #expect(await fixture.harness.send(.get, "/v1/subscribers/u1/notifications/unseen").data == ["count": 5])
    }

    @Test func v1MarkAsAndMarkAllFollowTheStateTable() async throws {
        let fixture = try await seeded(3)
        let ids = await fixture.feed("u1").data?.arrayValue?.compactMap { $0["_id"]?.stringValue } ?? []
        let read = await fixture.harness.send(
            .post, "/v1/subscribers/u1/messages/mark-as", body: ["messageId": .string(ids[0]), "markAs": "read"])
        #expect(read.status == 201)
        #expect(read.data?[0]?["read"] == true)
        #expect(read.data?[0]?["seen"] == true)
        let unseen = await fixture.harness.send(
            .post, "/v1/subscribers/u1/messages/mark-as", body: ["messageId": .string(ids[0]), "markAs": "unseen"])
        #expect(unseen.data?[0]?["seen"] == false)
        #expect(unseen.data?[0]?["read"] == true)
        let missing = await fixture.harness.send(.post, "/v1/subscribers/u1/messages/mark-as", body: ["messageId": "", "markAs": "read"])
        #expect(missing.message == "messageId is required")
        let all = await fixture.harness.send(.post, "/v1/subscribers/u1/messages/mark-all", body: ["markAs": "read"])
        #expect(all.data == 2)
        #expect(await fixture.harness.send(.post, "/v1/subscribers/u1/messages/mark-all", body: ["markAs": "read"]).data == 0)
        let legacy = await fixture.harness.send(
            .post, "/v1/subscribers/u1/messages/markAs", body: ["messageId": .array(ids.map(JSON.string)), "mark": ["seen": false]])
        #expect(legacy.data?.arrayValue?.allSatisfy { $0["seen"] == false && $0["read"] == true } == true)
    }

    @Test func v1ActionSetsTheResultAndRefusesARepeat() async throws {
        let fixture = try await seeded(1)
        let id = try #require(await fixture.feed("u1").data?[0]?["_id"]?.stringValue)
        let path = "/v1/subscribers/u1/messages/\(id)/actions/primary"
        let done = await fixture.harness.send(.post, path, body: ["status": "done", "payload": ["a": 1]])
        #expect(done.status == 201)
        #expect(done.data?["cta"]?["action"]?["result"] == ["type": "primary", "payload": ["a": 1]])
        #expect(done.data?["read"] == false)
        #expect(await fixture.harness.send(.post, path, body: ["status": "done", "payload": ["a": 1]]).status == 400)
    }

    @Test func v2TransitionsSetTheirFlagsAndDates() async throws {
        let fixture = try await seeded(1)
        let base = "/v2/subscribers/u1/notifications"
        let id = try #require(await fixture.harness.send(.get, base).data?[0]?["id"]?.stringValue)
        let read = await fixture.harness.send(.patch, "\(base)/\(id)/read")
        #expect(read.data?["isRead"] == true)
        #expect(read.data?["isSeen"] == true)
        #expect(read.data?["readAt"]?.stringValue != nil)
        #expect(read.data?["firstSeenAt"]?.stringValue != nil)
        let archived = await fixture.harness.send(.patch, "\(base)/\(id)/archive")
        #expect(archived.data?["isArchived"] == true)
        #expect(archived.data?["archivedAt"]?.stringValue != nil)
        let unread = await fixture.harness.send(.patch, "\(base)/\(id)/unread")
        #expect(unread.data?["isRead"] == false)
        #expect(unread.data?["readAt"] == .null)
        #expect(unread.data?["isArchived"] == false)
        #expect(unread.data?["archivedAt"] == .null)
        let unarchived = await fixture.harness.send(.patch, "\(base)/\(id)/unarchive")
        #expect(unarchived.data?["isRead"] == true)
        let complete = await fixture.harness.send(.patch, "\(base)/\(id)/actions/primary/complete")
        #expect(complete.data?["primaryAction"]?["isCompleted"] == true)
        let revert = await fixture.harness.send(.patch, "\(base)/\(id)/actions/primary/revert")
        #expect(revert.data?["primaryAction"]?["isCompleted"] == false)
        let secondary = await fixture.harness.send(.patch, "\(base)/\(id)/actions/secondary/complete")
        #expect(secondary.message == "Could not perform action on the secondary button because it does not exist.")
        #expect(await fixture.harness.send(.patch, "\(base)/nope/read").status == 400)
        #expect(await fixture.harness.send(.patch, "\(base)/aaaaaaaaaaaaaaaaaaaaaaaa/read").status == 404)
        #expect(await fixture.harness.send(.delete, "\(base)/\(id)").status == 204)
        #expect(await fixture.harness.send(.get, base).data == [])
    }

    @Test func v2CursorPaginationAndCountsWithFilters() async throws {
        let fixture = try await seeded(5)
        let base = "/v2/subscribers/u1/notifications"
        let first = await fixture.harness.send(.get, base, query: [("limit", "2")])
        #expect(first.json?["hasMore"] == true)
        var seen: [JSON] = first.data?.arrayValue?.compactMap { $0["body"] } ?? []
        var after = first.data?[1]?["id"]?.stringValue
        while let cursor = after {
            let page = await fixture.harness.send(.get, base, query: [("limit", "2"), ("after", cursor)])
            seen += page.data?.arrayValue?.compactMap { $0["body"] } ?? []
            after = page.json?["hasMore"] == true ? page.data?.arrayValue?.last?["id"]?.stringValue : nil
        }
        #expect(seen == ["n=4", "n=3", "n=2", "n=1", "n=0"])
        #expect(await fixture.harness.send(.get, base, query: [("offset", "4")]).data?.arrayValue?.count == 1)
        #expect(await fixture.harness.send(.get, base, query: [("read", "false"), ("archived", "true")]).status == 400)
        _ = await fixture.harness.send(.post, "\(base)/read", body: [:])
        _ = await fixture.harness.send(.patch, "\(base)/\(seen.isEmpty ? "" : (first.data?[0]?["id"]?.stringValue ?? ""))/unread")
        let counts = await fixture.harness.send(
            .get, "\(base)/count", query: [("filters", #"[{"read":false},{"read":true},{}]"#)])
        #expect(counts.data?.arrayValue?.compactMap { $0["count"] } == [1, 4, 5])
        _ = await fixture.harness.send(.post, "\(base)/read-archive", body: [:])
        let archived = await fixture.harness.send(.get, "\(base)/count", query: [("filters", #"[{"archived":true}]"#)])
        #expect(archived.data?[0]?["count"] == 4)
    }

    @Test func v2CountIsCappedAt99() async throws {
        let fixture = try PipelineFixture()
        try await fixture.workflow("Many", steps: [.inApp("x")])
        _ = await fixture.harness.send(.post, "/v1/events/trigger/broadcast", body: ["name": "many", "payload": [:]])
        for n in 0..<101 { _ = await fixture.trigger("many", to: "u1", extra: ["transactionId": .string("m\(n)")]) }
        try await fixture.run()
        let counts = await fixture.harness.send(.get, "/v2/subscribers/u1/notifications/count", query: [("filters", "[{}]")])
        #expect(counts.data?[0]?["count"] == 99)
    }

    @Test func snoozeHidesUntilTheWorkerDeliversAgain() async throws {
        let fixture = try await seeded(1)
        let base = "/v2/subscribers/u1/notifications"
        let id = try #require(await fixture.harness.send(.get, base).data?[0]?["id"]?.stringValue)
        let tooSoon = await fixture.harness.send(.patch, "\(base)/\(id)/snooze", body: ["snoozeUntil": .string(iso(fixture.clock.now.addingTimeInterval(30)))])
        #expect(tooSoon.status == 400)
        let snoozed = await fixture.harness.send(.patch, "\(base)/\(id)/snooze", body: ["snoozeUntil": .string(iso(fixture.clock.now.addingTimeInterval(180)))])
        #expect(snoozed.data?["isSnoozed"] == true)
        #expect(await fixture.harness.send(.get, base).data == [])
        #expect(await fixture.harness.send(.get, base, query: [("snoozed", "true")]).data?.arrayValue?.count == 1)
        try await fixture.advance(181)
        let back = await fixture.harness.send(.get, base)
        #expect(back.data?[0]?["isSnoozed"] == false)
        #expect(back.data?[0]?["deliveredAt"]?.arrayValue?.count == 2)
    }

    @Test func messagesListDeleteAndDeleteByTransaction() async throws {
        let fixture = try PipelineFixture()
        try await fixture.workflow("Two", steps: [.inApp("x"), .email("y")])
        await fixture.subscriber("a")
        await fixture.subscriber("b")
        _ = await fixture.trigger("two", to: ["a", "b"], extra: ["transactionId": "tx"])
        try await fixture.run()
        #expect(await fixture.messages().count == 4)
        #expect(await fixture.messages([("channel", "email")]).count == 2)
        #expect(await fixture.messages([("subscriberId", "a")]).count == 2)
        #expect(await fixture.harness.send(.delete, "/v1/messages/transaction/tx", query: [("channel", "email")]).status == 204)
        #expect(await fixture.messages().map { $0["channel"] } == ["in_app", "in_app"])
        #expect(await fixture.harness.send(.delete, "/v1/messages/transaction/nope").message == "Invalid transactionId or channel")
        let id = try #require(await fixture.messages().first?["_id"]?.stringValue)
        #expect(await fixture.harness.send(.delete, "/v1/messages/\(id)").data == ["acknowledged": true, "status": "deleted"])
        #expect(await fixture.harness.send(.delete, "/v1/messages/\(id)").status == 404)
        #expect(await fixture.harness.send(.delete, "/v1/messages/bad").status == 400)
        let activity = await fixture.harness.send(.get, "/v1/notifications", query: [("channels", "email")])
        #expect(activity.data?.arrayValue?.count == 2)
        #expect(activity.data?[0]?["template"]?["name"] == "Two")
        #expect(await fixture.harness.send(.get, "/v1/notifications/stats").data?["weeklySent"] == 2)
        let graph = await fixture.harness.send(.get, "/v1/notifications/graph/stats")
        #expect(graph.data?[0]?["count"] == 4)
        _ = await fixture.harness.send(.delete, "/v2/subscribers/a")
        #expect(await fixture.messages().allSatisfy { $0["subscriber"]?["subscriberId"] == "b" })
        #expect(await fixture.messages().count <= 1)
    }

    private func iso(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter.string(from: date)
    }
}
