import Foundation
import JSONCore
import NovuEngine
import NovuKit
import NovuTesting

/// Benchmarks of the engine in-process (no HTTP): subscriber reads and writes, search, triggers,
/// fan-out, and the feed of a subscriber with a million messages.
enum EngineBenchmarks {
    /// No rate limits: the benchmarks measure the engine, not Novu's service levels.
    static var unlimited: Engine.Configuration {
        var configuration = Engine.Configuration()
        configuration.rateLimits = .off
        return configuration
    }

    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    static func expect(_ reply: EngineReply, _ status: Int, _ what: String) throws {
        guard reply.status == status else {
            throw Failure(description: "\(what): HTTP \(reply.status) \(reply.message ?? "")")
        }
    }

    /// Adds subscribers `range` through the bulk route (500 per request).
    static func seedSubscribers(_ harness: EngineHarness, _ range: Range<Int>) async throws {
        var start = range.lowerBound
        while start < range.upperBound {
            let end = min(start + 500, range.upperBound)
            let batch: [JSON] = (start..<end).map { index in
                ["subscriberId": .string("user-\(index)"), "email": .string("user\(index)@example.com"),
                 "firstName": "Ada", "lastName": .string("L\(index)"), "data": ["plan": "pro"]]
            }
            try expect(await harness.send(.post, "/v1/subscribers/bulk", body: ["subscribers": .array(batch)]), 201, "bulk")
            start = end
        }
    }

    static func fileMegabytes(_ path: String) -> Double {
        let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? NSNumber)?.doubleValue ?? 0
        return size / 1_000_000
    }

    static func subscribers(total: Int) async throws -> [String] {
        let harness = try EngineHarness(configuration: unlimited)
        var rows: [String] = []
        let seeded = 100_000
        let seedTime = try await Measure.seconds { try await seedSubscribers(harness, 0..<seeded) }
        try await harness.engine.checkpoint()
        rows.append(row("seed \(seeded) subscribers via `POST /v1/subscribers/bulk`",
                        format(Double(seeded) / seedTime) + " subscribers/s", "store: \(format(fileMegabytes(harness.path), 1)) MB per 100,000 subscribers"))
        var generator = SystemRandomNumberGenerator()
        let reads = 20_000
        let readTime = try await Measure.seconds {
            for _ in 0..<reads {
                let id = Int.random(in: 0..<seeded, using: &generator)
                try expect(await harness.send(.get, "/v2/subscribers/user-\(id)"), 200, "read")
            }
        }
        rows.append(row("`GET /v2/subscribers/:id` at \(seeded) subscribers, one caller", format(Double(reads) / readTime) + " reads/s"))
        let concurrentReadTime = try await Measure.seconds {
            try await withThrowingTaskGroup(of: Void.self) { group in
                for worker in 0..<8 {
                    group.addTask {
                        for step in 0..<(reads / 8) {
                            let id = (worker * 7919 + step * 104_729) % seeded
                            try expect(await harness.send(.get, "/v2/subscribers/user-\(id)"), 200, "read")
                        }
                    }
                }
                try await group.waitForAll()
            }
        }
        rows.append(row("`GET /v2/subscribers/:id` at \(seeded) subscribers, 8 callers", format(Double(reads) / concurrentReadTime) + " reads/s"))
        let writes = 5_000
        let writeTime = try await Measure.seconds {
            for step in 0..<writes {
                let id = Int.random(in: 0..<seeded, using: &generator)
                try expect(await harness.send(.patch, "/v2/subscribers/user-\(id)", body: ["lastName": .string("P\(step)")]), 200, "patch")
            }
        }
        rows.append(row("`PATCH /v2/subscribers/:id` at \(seeded) subscribers, one caller", format(Double(writes) / writeTime) + " writes/s"))
        if total > seeded {
            let growTime = try await Measure.seconds { try await seedSubscribers(harness, seeded..<total) }
            rows.append(row("seed up to \(total) subscribers", format(Double(total - seeded) / growTime) + " subscribers/s"))
        }
        let searches = 1_000
        let searchTime = try await Measure.seconds {
            for _ in 0..<searches {
                let id = Int.random(in: 0..<total, using: &generator)
                let reply = await harness.send(.get, "/v2/subscribers", query: [("email", "user\(id)@example.com")])
                try expect(reply, 200, "search")
                guard reply.data?.arrayValue?.count == 1 else { throw Failure(description: "search found \(reply.data ?? .null)") }
            }
        }
        rows.append(row("v2 search by email at \(total) subscribers", format(searchTime / Double(searches) * 1000, 3) + " ms per search"))
        try await harness.engine.checkpoint()
        rows.append(row("store size at \(total) subscribers", format(fileMegabytes(harness.path), 1) + " MB",
                        format(fileMegabytes(harness.path) / Double(total) * 100_000, 1) + " MB per 100,000"))
        return rows
    }

    static func workflow(_ harness: EngineHarness) async throws {
        let group = await harness.send(.get, "/v1/notification-groups").data?[0]?["_id"] ?? .null
        let steps: JSON = [["template": ["type": "in_app", "content": "Hello {{subscriber.firstName}}, {{payload.n}}"]]]
        try expect(await harness.send(.post, "/v1/workflows", body: [
            "name": "bench", "notificationGroupId": group, "active": true, "steps": steps,
        ]), 201, "workflow")
    }

    static func triggers(count: Int, fanOut: Int, messages: Int) async throws -> [String] {
        let harness = try EngineHarness(configuration: unlimited)
        try await workflow(harness)
        try expect(await harness.send(.post, "/v1/subscribers", body: ["subscriberId": "u1", "firstName": "Ada"]), 201, "subscriber")
        var rows: [String] = []
        let accept = try await Measure.seconds {
            for index in 0..<count {
                try expect(await harness.send(.post, "/v1/events/trigger", body: ["name": "bench", "to": "u1", "payload": ["n": .int(Int64(index))]]), 201, "trigger")
            }
        }
        let deliver = try await Measure.seconds { _ = try await harness.engine.worker.runDue() }
        rows.append(row("\(count) triggers to one subscriber (one-step in-app workflow): accepted", format(Double(count) / accept) + " triggers/s"))
        rows.append(row("… and delivered (accept + worker)", format(Double(count) / (accept + deliver)) + " triggers/s"))

        try await seedSubscribers(harness, 0..<fanOut)
        for start in stride(from: 0, to: fanOut, by: 100) {
            let ids = (start..<min(start + 100, fanOut)).map { JSON.string("user-\($0)") }
            try expect(await harness.send(.post, "/v1/topics/everyone/subscribers", body: ["subscribers": .array(ids)]), 200, "topic add")
        }
        let fanAccept = try await Measure.seconds {
            try expect(await harness.send(.post, "/v1/events/trigger", body: ["name": "bench", "to": ["type": "Topic", "topicKey": "everyone"], "payload": ["n": 1]]), 201, "topic trigger")
        }
        let fanDeliver = try await Measure.seconds { _ = try await harness.engine.worker.runDue() }
        let delivered = await harness.send(.get, "/v1/messages", query: [("limit", "1"), ("channel", "in_app")]).json?["totalCount"]?.intValue ?? 0
        rows.append(row(
            "trigger to a topic of \(fanOut) subscribers, fanned out and delivered",
            format(Double(fanOut) / (fanAccept + fanDeliver)) + " messages/s",
            "accepted in \(format(fanAccept * 1000)) ms, delivered in \(format(fanDeliver * 1000)) ms; \(delivered) in-app messages in store"))

        // A million messages for u1: copy one delivered message with fresh ids.
        let seedTime = try await Measure.seconds {
            try await harness.engine.executeRawSQL("""
                WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < \(messages))
                INSERT INTO messages (id, environmentId, organizationId, notificationId, jobId, subscriberRowId, workflowId, stepId, templateIdentifier, transactionId, channel, providerId, content, subject, title, cta, payload, overrides, actor, avatar, tags, data, address, seen, read, archived, lastSeenDate, lastReadDate, firstSeenAt, archivedAt, snoozedUntil, deliveredAt, deleted, status, errorText, feedId, severity, createdAt, updatedAt, expireAt)
                SELECT printf('%024x', i), m.environmentId, m.organizationId, m.notificationId, m.jobId, m.subscriberRowId, m.workflowId, m.stepId, m.templateIdentifier, m.transactionId, m.channel, m.providerId, m.content, m.subject, m.title, m.cta, m.payload, m.overrides, m.actor, m.avatar, m.tags, m.data, m.address, m.seen, m.read, m.archived, m.lastSeenDate, m.lastReadDate, m.firstSeenAt, m.archivedAt, m.snoozedUntil, m.deliveredAt, m.deleted, m.status, m.errorText, m.feedId, m.severity, m.createdAt, m.updatedAt, m.expireAt
                FROM n, (SELECT * FROM messages WHERE subscriberRowId = (SELECT subscriberRowId FROM messages ORDER BY id LIMIT 1) LIMIT 1) m
                """)
        }
        rows.append(row("seed \(messages) messages for one subscriber (SQL copy)", format(seedTime, 1) + " s"))
        let calls = 200
        let feed = try await Measure.seconds {
            for _ in 0..<calls {
                try expect(await harness.send(.get, "/v1/subscribers/u1/notifications/feed"), 200, "feed")
            }
        }
        let unseen = try await Measure.seconds {
            for _ in 0..<calls {
                try expect(await harness.send(.get, "/v1/subscribers/u1/notifications/unseen"), 200, "unseen")
            }
        }
        rows.append(row("first feed page, subscriber with \(messages + count) messages", format(feed / Double(calls) * 1000, 3) + " ms"))
        rows.append(row("unseen count, same subscriber", format(unseen / Double(calls) * 1000, 3) + " ms"))
        return rows
    }
}
