import Foundation
import GRDB
import JSONCore
import NovuEngine
import NovuKit
import NovuTesting
import Testing

struct TriggerPipelineTests {
    @Test func triggerIsAcknowledgedBeforeDeliveryAndTheWorkerFillsTheFeed() async throws {
        let fixture = try PipelineFixture()
        try await fixture.workflow("Welcome", steps: [.inApp("Hi {{subscriber.firstName}}, {{payload.item}}"), .email("Hello {{subscriber.firstName}}")])
        await fixture.subscriber("u1")
        let reply = await fixture.trigger("welcome", to: "u1", payload: ["item": "book"], extra: ["transactionId": "tx-1"])
        #expect(reply.status == 201)
        #expect(reply.data == ["acknowledged": true, "status": "processed", "transactionId": "tx-1"])
        #expect(await fixture.feed("u1").data == [])
        #expect(try await fixture.run() == 2)
        let feed = await fixture.feed("u1")
        #expect(feed.data?[0]?["content"] == "Hi Ada, book")
        #expect(feed.json?["totalCount"] == 1)
        let outbox = await fixture.messages([("channel", "email")])
        #expect(outbox.count == 1)
        #expect(outbox.first?["subject"] == "Hello Ada")
        #expect(outbox.first?["email"] == "u1@example.com")
        #expect(try await fixture.run() == 0)
    }

    @Test func softOutcomesAndErrors() async throws {
        let fixture = try PipelineFixture()
        let missing = await fixture.trigger("nope", to: "u1")
        #expect(missing.status == 422)
        #expect(missing.message == "workflow_not_found")
        try await fixture.workflow("Empty", steps: [])
        #expect(await fixture.trigger("empty", to: "u1").data == ["acknowledged": true, "status": "no_workflow_steps_defined"])
        try await fixture.workflow(
            "Needs", steps: [["template": ["type": "in_app", "content": "x", "variables": [["name": "orderId", "type": "String", "required": true]]]]])
        let needs = await fixture.trigger("needs", to: "u1")
        #expect(needs.status == 400)
        #expect(needs.message == "payload is missing required key(s) and type(s): orderId (String)")
        let noTo = await fixture.harness.send(.post, "/v1/events/trigger", body: ["name": "needs"])
        #expect(noTo.messages.contains("to should not be null or undefined"))
    }

    @Test func recipientsAreUpsertedDeduplicatedAndTopicsFanOutWithoutTheActor() async throws {
        let fixture = try PipelineFixture()
        try await fixture.workflow("Fan", steps: [.inApp("hello")])
        for id in ["a", "b", "c", "actor"] { await fixture.subscriber(id) }
        _ = await fixture.harness.send(.post, "/v1/topics/t1/subscribers", body: ["subscribers": ["a", "b", "actor"]])
        _ = await fixture.harness.send(.post, "/v1/topics/t2/subscribers", body: ["subscribers": ["b", "c"]])
        let reply = await fixture.trigger(
            "fan",
            to: [["type": "Topic", "topicKey": "t1"], ["type": "Topic", "topicKey": "t2"], ["subscriberId": "new", "firstName": "Neo"], "a"],
            extra: ["actor": "actor", "transactionId": "fan-1"])
        #expect(reply.data?["status"] == "processed")
        try await fixture.run()
        let all = await fixture.messages([("transactionId", "fan-1")])
        let ids = Set(all.compactMap { $0["subscriber"]?["subscriberId"]?.stringValue })
        #expect(all.count == 4)
        #expect(ids == ["a", "b", "c", "new"])
        let created = await fixture.harness.send(.get, "/v1/subscribers/new")
        #expect(created.data?["firstName"] == "Neo")
        // The same transactionId again is dropped.
        _ = await fixture.trigger("fan", to: "a", extra: ["transactionId": "fan-1"])
        try await fixture.run()
        #expect(await fixture.messages([("transactionId", "fan-1")]).count == 4)
    }

    @Test func aTopicSubscriptionThatTurnsTheWorkflowOffLeavesItsSubscriberOutOfTheFanOut() async throws {
        let fixture = try PipelineFixture()
        try await fixture.workflow("News", steps: [.inApp("news")])
        try await fixture.workflow("Alerts", steps: [.inApp("alert")])
        for id in ["a", "b"] { await fixture.subscriber(id) }
        let muted = await fixture.harness.send(
            .post, "/v2/topics/team/subscriptions",
            body: ["subscriptions": ["a"], "preferences": [["workflowId": "news", "enabled": false]]])
        #expect(muted.status == 201)
        #expect(await fixture.harness.send(.post, "/v2/topics/team/subscriptions", body: ["subscriberIds": ["b"]]).status == 201)
        _ = await fixture.trigger("news", to: ["type": "Topic", "topicKey": "team"], extra: ["transactionId": "n1"])
        _ = await fixture.trigger("alerts", to: ["type": "Topic", "topicKey": "team"], extra: ["transactionId": "a1"])
        try await fixture.run()
        let news = await fixture.messages([("transactionId", "n1")]).compactMap { $0["subscriber"]?["subscriberId"]?.stringValue }
        let alerts = await fixture.messages([("transactionId", "a1")]).compactMap { $0["subscriber"]?["subscriberId"]?.stringValue }
        #expect(news == ["b"])
        #expect(Set(alerts) == ["a", "b"])
        // Triggered to the subscriber directly, the topic's preference does not apply.
        _ = await fixture.trigger("news", to: "a", extra: ["transactionId": "n2"])
        try await fixture.run()
        #expect(await fixture.messages([("transactionId", "n2")]).count == 1)
    }

    @Test func aFanOutMemberGetsTheSameNotificationJobsAndDetailsAsATriggerToThemAlone() async throws {
        let fixture = try PipelineFixture()
        try await fixture.workflow("Pair", steps: [.inApp("Hi {{subscriber.firstName}} {{payload.n}}"), .email("Mail {{payload.n}}")])
        for id in ["a", "b", "c"] { await fixture.subscriber(id) }
        _ = await fixture.harness.send(.post, "/v1/topics/all/subscribers", body: ["subscribers": ["a", "b", "c"]])
        let payload: JSON = ["n": 7, "nested": ["list": [1, "two", .null]]]
        _ = await fixture.trigger("pair", to: ["type": "Topic", "topicKey": "all"], payload: payload, extra: ["transactionId": "fan"])
        _ = await fixture.trigger("pair", to: "b", payload: payload, extra: ["transactionId": "one"])
        #expect(try await fixture.run() == 8)

        /// The activity of `transactionId` for subscriber b, without the ids, references and recipient that must differ.
        func activity(_ transactionId: String) async -> JSON? {
            let list = await fixture.harness.send(.get, "/v1/notifications", query: [("transactionId", transactionId)])
            let notifications = list.data?.arrayValue ?? []
            #expect(notifications.count == (transactionId == "fan" ? 3 : 1))
            guard let id = notifications.first(where: { $0["subscriber"]?["subscriberId"] == "b" })?["_id"]?.stringValue else { return nil }
            return Self.withoutIdentity(await fixture.harness.send(.get, "/v1/notifications/\(id)").data)
        }
        let fanned = await activity("fan")
        let alone = await activity("one")
        #expect(fanned != nil)
        #expect(fanned == alone)
        #expect(fanned?["jobs"]?.arrayValue?.count == 2)
        #expect(fanned?["jobs"]?[0]?["executionDetails"]?.arrayValue?.isEmpty == false)
    }

    @Test func aJobThatThrowsFailsAloneAndTheRestOfItsBatchIsDeliveredOnce() async throws {
        let fixture = try PipelineFixture()
        try await fixture.workflow("Pair", steps: [.inApp("Hi {{subscriber.firstName}}")])
        for id in ["a", "b", "c"] { await fixture.subscriber(id) }
        _ = await fixture.harness.send(.post, "/v1/topics/all/subscribers", body: ["subscribers": ["a", "b", "c"]])
        // The store refuses b's message, so b's job throws in the middle of the batch.
        let database = try DatabaseQueue(path: fixture.harness.path)
        try await database.write { db in
            try db.execute(sql: """
                CREATE TRIGGER refuse_b BEFORE INSERT ON messages
                WHEN NEW.subscriberRowId = (SELECT id FROM subscribers WHERE subscriberId = 'b')
                BEGIN SELECT RAISE(ABORT, 'refused for b'); END
                """)
        }
        _ = await fixture.trigger("pair", to: ["type": "Topic", "topicKey": "all"], extra: ["transactionId": "fan"])
        #expect(try await fixture.run() == 3)

        let delivered = await fixture.messages([("transactionId", "fan")])
        #expect(delivered.compactMap { $0["subscriber"]?["subscriberId"]?.stringValue }.sorted() == ["a", "c"])
        let failure = await fixture.details("b", transactionId: "fan").last
        #expect(failure?.hasPrefix("Step failed:") == true)
        #expect(failure?.contains("refused for b") == true)
        #expect(await fixture.details("a", transactionId: "fan").last == "Message sent")
        #expect(try await fixture.harness.engine.worker.pendingCount() == 0)
        #expect(try await fixture.run() == 0)
        #expect(await fixture.messages([("transactionId", "fan")]).count == 2)
    }

    /// `json` without the members that name a record or its trigger (`_id`, `_…Id`, `transactionId`, `to`, `messageId`).
    static func withoutIdentity(_ json: JSON?) -> JSON? {
        guard let json else { return nil }
        if let members = json.objectValue {
            return .object(members.filter { key, _ in !(key.hasPrefix("_") || ["id", "transactionId", "to", "messageId"].contains(key)) }
                .mapValues { withoutIdentity($0) ?? .null })
        }
        if let items = json.arrayValue { return .array(items.map { withoutIdentity($0) ?? .null }) }
        return json
    }

    @Test func conditionsAndPreferencesFilterWithTheirReasonRecorded() async throws {
        let fixture = try PipelineFixture()
        let filters: JSON = [["value": "AND", "children": [["on": "payload", "field": "plan", "operator": "EQUAL", "value": "pro"]]]]
        try await fixture.workflow("Gate", steps: [.inApp("pro only", filters: filters), .email("mail")])
        await fixture.subscriber("u1")
        _ = await fixture.harness.send(.patch, "/v1/subscribers/u1/preferences", body: ["preferences": [["type": "email", "enabled": false]]])
        _ = await fixture.trigger("gate", to: "u1", payload: ["plan": "free"], extra: ["transactionId": "g1"])
        try await fixture.run()
        #expect(await fixture.messages().isEmpty)
        let details = await fixture.details("u1", transactionId: "g1")
        #expect(details.contains("Step filtered by conditions: payload.plan EQUAL pro"))
        #expect(details.contains("Step filtered by subscriber global preferences"))
        _ = await fixture.trigger("gate", to: "u1", payload: ["plan": "pro"])
        try await fixture.run()
        #expect(await fixture.messages().map { $0["channel"] } == ["in_app"])
    }

    @Test func criticalWorkflowIgnoresPreferencesAndNeverEvaluatedOperatorsFail() async throws {
        let fixture = try PipelineFixture()
        let like: JSON = [["value": "AND", "children": [["on": "payload", "field": "name", "operator": "LIKE", "value": "a"]]]]
        try await fixture.workflow("Crit", steps: [.email("mail"), .inApp("never", filters: like)], critical: true)
        await fixture.subscriber("u1")
        _ = await fixture.harness.send(.patch, "/v1/subscribers/u1/preferences", body: ["enabled": false])
        _ = await fixture.trigger("crit", to: "u1", payload: ["name": "abc"], extra: ["transactionId": "c1"])
        try await fixture.run()
        #expect(await fixture.messages().map { $0["channel"] } == ["email"])
        #expect(await fixture.details("u1", transactionId: "c1").contains {
            $0.contains("LIKE") && $0.contains("never evaluated")
        })
    }

    @Test func delayWaitsForTheClockAndOverridesWin() async throws {
        let fixture = try PipelineFixture()
        try await fixture.workflow("Later", steps: [.delay(5), .inApp("late")])
        await fixture.subscriber("u1")
        _ = await fixture.trigger("later", to: "u1")
        _ = await fixture.trigger("later", to: "u1", extra: ["overrides": ["delay": ["amount": 1, "unit": "hours"]]])
        try await fixture.run()
        #expect(await fixture.messages().isEmpty)
        try await fixture.advance(299)
        #expect(await fixture.messages().isEmpty)
        try await fixture.advance(1)
        #expect(await fixture.messages().count == 1)
        try await fixture.advance(3300)
        #expect(await fixture.messages().count == 2)
    }

    @Test func scheduledDelayNeedsAnISODate() async throws {
        let fixture = try PipelineFixture()
        try await fixture.workflow(
            "Sched", steps: [["template": ["type": "delay"], "metadata": ["type": "scheduled", "delayPath": "sendAt"]], .inApp("now")])
        let bad = await fixture.trigger("sched", to: "u1", payload: ["sendAt": "tomorrow"])
        #expect(bad.message == "payload is missing required key(s) and type(s): sendAt (ISO Date)")
        let at = fixture.clock.now.addingTimeInterval(600)
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        _ = await fixture.trigger("sched", to: "u1", payload: ["sendAt": .string(formatter.string(from: at))])
        try await fixture.advance(599)
        #expect(await fixture.messages().isEmpty)
        try await fixture.advance(1)
        #expect(await fixture.messages().count == 1)
    }
}
