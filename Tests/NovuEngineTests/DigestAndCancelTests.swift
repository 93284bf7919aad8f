import Foundation
import JSONCore
import NovuEngine
import NovuKit
import NovuTesting
import Testing

struct DigestAndCancelTests {
    private func digestFixture(key: String? = nil, backoff: Bool = false) async throws -> PipelineFixture {
        let fixture = try PipelineFixture()
        try await fixture.workflow(
            "Dig", steps: [.digest(10, key: key, backoff: backoff), .inApp("{{step.total_count}}:{{#each step.events}}{{n}},{{/each}}")])
        await fixture.subscriber("u1")
        return fixture
    }

    @Test func eventsInOneWindowMakeOneMessageWithEveryEvent() async throws {
        let fixture = try await digestFixture()
        for n in 1...3 {
            _ = await fixture.trigger("dig", to: "u1", payload: ["n": .int(Int64(n))])
            try await fixture.advance(60)
        }
        #expect(await fixture.messages().isEmpty)
        try await fixture.advance(600)
        let messages = await fixture.messages()
        #expect(messages.count == 1)
        #expect(messages.first?["content"] == "3:1,2,3,")
    }

    @Test func digestKeysIncludingNestedPathsSplitBatches() async throws {
        let fixture = try await digestFixture(key: "post.id")
        _ = await fixture.trigger("dig", to: "u1", payload: ["n": 1, "post": ["id": "a"]])
        _ = await fixture.trigger("dig", to: "u1", payload: ["n": 2, "post": ["id": "b"]])
        _ = await fixture.trigger("dig", to: "u1", payload: ["n": 3, "post": ["id": "a"]])
        try await fixture.run()
        try await fixture.advance(601)
        let contents = Set(await fixture.messages().compactMap { $0["content"]?.stringValue })
        #expect(contents == ["2:1,3,", "1:2,"])
    }

    @Test func backoffSendsAtOnceWhenNothingCameBefore() async throws {
        let fixture = try await digestFixture(backoff: true)
        _ = await fixture.trigger("dig", to: "u1", payload: ["n": 1])
        try await fixture.run()
        #expect(await fixture.messages().map { $0["content"] } == ["0:"])
        try await fixture.advance(60)
        _ = await fixture.trigger("dig", to: "u1", payload: ["n": 2])
        try await fixture.run()
        #expect(await fixture.messages().count == 1)
        try await fixture.advance(600)
        #expect(await fixture.messages().count == 2)
    }

    @Test func cancelingAMemberLeavesItsEventOut() async throws {
        let fixture = try await digestFixture()
        for n in 1...3 {
            _ = await fixture.trigger("dig", to: "u1", payload: ["n": .int(Int64(n))], extra: ["transactionId": .string("t\(n)")])
            try await fixture.run()
        }
        let canceled = await fixture.harness.send(.delete, "/v1/events/trigger/t2")
        #expect(canceled.data == true)
        #expect(await fixture.harness.send(.delete, "/v1/events/trigger/unknown").data == false)
        try await fixture.advance(601)
        #expect(await fixture.messages().map { $0["content"] } == ["2:1,3,"])
    }

    @Test func cancelingTheLeaderPromotesTheOldestFollower() async throws {
        let fixture = try await digestFixture()
        for n in 1...3 {
            _ = await fixture.trigger("dig", to: "u1", payload: ["n": .int(Int64(n))], extra: ["transactionId": .string("t\(n)")])
            try await fixture.advance(10)
        }
        #expect(await fixture.harness.send(.delete, "/v1/events/trigger/t1").data == true)
        try await fixture.advance(600)
        let messages = await fixture.messages()
        #expect(messages.map { $0["content"] } == ["2:2,3,"])
        #expect(messages.first?["transactionId"] == "t2")
        #expect(await fixture.details("u1", transactionId: "t1").contains("Step canceled by request"))
    }

    @Test func cancelingADelayStopsTheChain() async throws {
        let fixture = try PipelineFixture()
        try await fixture.workflow("Later", steps: [.delay(5), .inApp("late")])
        await fixture.subscriber("u1")
        _ = await fixture.trigger("later", to: "u1", extra: ["transactionId": "d1"])
        try await fixture.run()
        #expect(await fixture.harness.send(.delete, "/v1/events/trigger/d1").data == true)
        try await fixture.advance(3600)
        #expect(await fixture.messages().isEmpty)
        #expect(try await fixture.harness.engine.worker.pendingCount() == 0)
    }

    @Test func aFreshEngineOnTheSameFileDeliversEveryAcceptedTriggerExactlyOnce() async throws {
        let fixture = try PipelineFixture()
        try await fixture.workflow("Crash", steps: [.inApp("one"), .delay(1), .email("two")])
        await fixture.subscriber("u1")
        for n in 0..<20 { _ = await fixture.trigger("crash", to: "u1", extra: ["transactionId": .string("c\(n)")]) }
        // Part of the work is done, then the process "stops".
        _ = try await fixture.harness.engine.worker.runDue()
        #expect(await fixture.messages().count == 20)
        let reopened = try Engine(path: fixture.harness.path, clock: fixture.clock)
        fixture.clock.advance(by: 61)
        _ = try await reopened.worker.runDue()
        _ = try await fixture.harness.engine.worker.runDue()
        let messages = await fixture.messages()
        #expect(messages.count == 40)
        #expect(Set(messages.compactMap { "\($0["transactionId"]?.stringValue ?? "")/\($0["channel"]?.stringValue ?? "")" }).count == 40)
        #expect(try await reopened.worker.pendingCount() == 0)
    }

    @Test func backgroundWorkerDeliversWithoutBeingDriven() async throws {
        let harness = try EngineHarness()
        let group = await harness.send(.get, "/v1/notification-groups").data?[0]?["_id"] ?? .null
        _ = await harness.send(
            .post, "/v1/workflows",
            body: ["name": "Bg", "notificationGroupId": group, "active": true, "steps": [JSON.inApp("bg")]])
        harness.engine.worker.start(pollInterval: .milliseconds(10))
        _ = await harness.send(.post, "/v1/events/trigger", body: ["name": "bg", "to": "u1"])
        var count = 0
        for _ in 0..<200 where count == 0 {
            try await Task.sleep(for: .milliseconds(10))
            count = await harness.send(.get, "/v1/subscribers/u1/notifications/feed").data?.arrayValue?.count ?? 0
        }
        await harness.engine.worker.stop()
        #expect(count == 1)
    }
}
