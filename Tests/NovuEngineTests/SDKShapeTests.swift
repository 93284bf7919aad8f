import Foundation
import GRDB
import JSONCore
import NovuEngine
import NovuKit
import NovuTesting
import Testing

/// Shapes the official novu-py SDK validates strictly (found by the conformance suite).
struct SDKShapeTests {
    private func delivered() async throws -> PipelineFixture {
        let fixture = try PipelineFixture()
        try await fixture.workflow("Shapes", steps: [["template": ["type": "in_app", "content": "hello"]]])
        await fixture.subscriber("u1")
        _ = await fixture.trigger("shapes", to: "u1")
        try await fixture.run()
        return fixture
    }

    @Test func markAsRepliesEmbedTheWholeSubscriberAndNoWorkflowSummary() async throws {
        let fixture = try await delivered()
        let id = try #require(await fixture.feed("u1").data?[0]?["_id"]?.stringValue)
        let feedItem = try #require(await fixture.feed("u1").data?[0])
        #expect(feedItem["subscriber"]?["createdAt"] == nil, "the feed keeps Novu's subscriber summary")
        let marked = await fixture.harness.send(
            .post, "/v1/subscribers/u1/messages/mark-as", body: ["messageId": .string(id), "markAs": "seen"])
        let message = try #require(marked.data?[0])
        #expect(message["subscriber"]?["subscriberId"] == "u1")
        #expect(message["subscriber"]?["_environmentId"]?.stringValue != nil)
        #expect(message["subscriber"]?["createdAt"]?.stringValue != nil)
        #expect(message["subscriber"]?["deleted"] == false)
        #expect(message["template"] == nil)
        let listed = await fixture.harness.send(.get, "/v1/messages").data?[0]
        #expect(listed?["subscriber"]?["updatedAt"]?.stringValue != nil)
    }

    @Test func activityJobsNameTheirProvider() async throws {
        let fixture = try await delivered()
        let activity = await fixture.harness.send(.get, "/v1/notifications")
        let jobs = try #require(activity.data?[0]?["jobs"]?.arrayValue)
        #expect(!jobs.isEmpty)
        #expect(jobs.allSatisfy { $0["providerId"] == "novu" })
    }
}

/// Query plans that keep the worker's cost per job flat as the store grows.
struct WorkerQueryPlanTests {
    @Test func releasingAJobsSuccessorUsesAnIndexNotATableScan() async throws {
        let harness = try EngineHarness()
        let database = try DatabaseQueue(path: harness.path)
        let plan = try await database.read { db in
            try Row.fetchAll(db, sql: "EXPLAIN QUERY PLAN UPDATE jobs SET runAt = 1 WHERE parentId = 'x' AND status = 'pending'")
                .map { $0["detail"] as String }.joined(separator: "; ")
        }
        #expect(plan.contains("jobs_parent"), "\(plan)")
        #expect(!plan.contains("SCAN jobs"), "\(plan)")
    }
}
