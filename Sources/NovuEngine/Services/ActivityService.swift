import Foundation
import GRDB
import JSONCore
import NovuKit

/// Activity (`/v1/notifications`) and execution details (`/v1/execution-details`).
enum ActivityService {
    static var routes: [Route] {
        [
            Route(.get, "/v1/notifications", .read, handler: list),
            Route(.get, "/v1/notifications/stats", .read, handler: stats),
            Route(.get, "/v1/notifications/graph/stats", .read, handler: graphStats),
            Route(.get, "/v1/notifications/:notificationId", .read, handler: get),
            Route(.get, "/v1/execution-details", .read, handler: executionDetails),
        ]
    }

    /// `GET /v1/notifications?page&limit&channels&templates&emails&subscriberIds&search&transactionId`.
    static func list(_ context: RequestContext, _ db: Database) throws -> Reply {
        var query = context.query
        let page = query.int("page", default: 0, min: 0) ?? 0
        let limit = query.int("limit", default: 10, min: 1, max: 50) ?? 10
        try query.finish()
        var conditions = ["n.environmentId = ?"]
        var arguments: StatementArguments = [context.environmentId]
        func add(_ condition: String, _ values: [String]) {
            conditions.append(condition.replacingOccurrences(of: "(?)", with: "(\(values.map { _ in "?" }.joined(separator: ",")))"))
            _ = arguments.append(contentsOf: StatementArguments(values))
        }
        let channels = split(query.strings("channels"))
        if !channels.isEmpty {
            conditions.append("(" + channels.map { _ in "n.channels LIKE ?" }.joined(separator: " OR ") + ")")
            _ = arguments.append(contentsOf: StatementArguments(channels.map { "%\"\($0)\"%" }))
        }
        let templates = split(query.strings("templates"))
        if !templates.isEmpty { add("n.workflowId IN (?)", templates) }
        let emails = split(query.strings("emails"))
        if !emails.isEmpty { add("s.email IN (?)", emails) }
        let subscriberIds = split(query.strings("subscriberIds"))
        if !subscriberIds.isEmpty { add("s.subscriberId IN (?)", subscriberIds) }
        if let search = query.string("search"), !search.isEmpty {
            conditions.append("(s.email LIKE ? OR s.subscriberId = ?)")
            _ = arguments.append(contentsOf: ["%\(search)%", search])
        }
        if let transactionId = query.string("transactionId") { add("n.transactionId IN (?)", [transactionId]) }
        let rows = try NotificationRecord.fetchAll(
            db.cachedStatement(sql: """
                SELECT n.* FROM notifications n JOIN subscribers s ON s.id = n.subscriberRowId
                WHERE \(conditions.joined(separator: " AND ")) ORDER BY n.createdAt DESC, n.id DESC LIMIT ? OFFSET ?
                """), arguments: arguments + [limit + 1, page * limit])
        let items = try rows.prefix(limit).map { try activity($0, db: db, withJobs: true) }
        return .result([
            "page": .int(Int64(page)), "pageSize": .int(Int64(limit)), "hasMore": .bool(rows.count > limit), "data": .array(items),
        ])
    }

    /// `GET /v1/notifications/:notificationId`: the activity with its jobs and their execution details.
    static func get(_ context: RequestContext, _ db: Database) throws -> Reply {
        let id = context.param("notificationId")
        guard
            let notification = try NotificationRecord.fetchOne(
                db.cachedStatement(sql: "SELECT * FROM notifications WHERE id = ? AND environmentId = ?"), arguments: [id, context.environmentId])
        else { throw EngineError.notFound("Notification with id \(id) not found") }
        return .result(try activity(notification, db: db, withJobs: true))
    }

    /// `GET /v1/notifications/stats` → `{weeklySent, monthlySent, yearlySent}` (notifications, not messages).
    static func stats(_ context: RequestContext, _ db: Database) throws -> Reply {
        func count(days: Double) throws -> Int64 {
            let since = ISOTime.format(context.now.addingTimeInterval(-days * 86_400))
            return try Int64.fetchOne(
                db.cachedStatement(sql: "SELECT COUNT(*) FROM notifications WHERE environmentId = ? AND createdAt >= ?"),
                arguments: [context.environmentId, since]) ?? 0
        }
        return .result(["weeklySent": .int(try count(days: 7)), "monthlySent": .int(try count(days: 30)), "yearlySent": .int(try count(days: 365))])
    }

    /// `GET /v1/notifications/graph/stats?days=32` → one bucket per day, each channel of a notification counted.
    static func graphStats(_ context: RequestContext, _ db: Database) throws -> Reply {
        var query = context.query
        let days = query.int("days", default: 32, min: 1, max: 366) ?? 32
        try query.finish()
        let since = ISOTime.format(context.now.addingTimeInterval(-Double(days) * 86_400))
        let rows = try Row.fetchAll(
            db.cachedStatement(sql: "SELECT createdAt, workflowId, channels FROM notifications WHERE environmentId = ? AND createdAt >= ?"),
            arguments: [context.environmentId, since])
        var buckets: [String: (count: Int64, templates: [String], channels: [String])] = [:]
        for row in rows {
            let day = String((row["createdAt"] as String).prefix(10))
            let channels = JSONColumn.value(row["channels"])?.arrayValue?.compactMap(\.stringValue) ?? []
            var bucket = buckets[day] ?? (0, [], [])
            bucket.count += Int64(channels.count)
            let workflowId: String = row["workflowId"]
            if !channels.isEmpty, !bucket.templates.contains(workflowId) { bucket.templates.append(workflowId) }
            for channel in channels where !bucket.channels.contains(channel) { bucket.channels.append(channel) }
            buckets[day] = bucket
        }
        let items: [JSON] = buckets.filter { $0.value.count > 0 }.sorted { $0.key > $1.key }.map { day, bucket in
            [
                "_id": .string(day), "count": .int(bucket.count), "templates": .array(bucket.templates.map(JSON.string)),
                "channels": .array(bucket.channels.map(JSON.string)),
            ]
        }
        return .result(.array(items))
    }

    /// `GET /v1/execution-details?notificationId&subscriberId`: the trail of every job, oldest first.
    static func executionDetails(_ context: RequestContext, _ db: Database) throws -> Reply {
        var query = context.query
        let notificationId = query.string("notificationId")
        let subscriberId = query.string("subscriberId")
        if notificationId == nil { query.fail("notificationId should not be null or undefined") }
        if subscriberId == nil { query.fail("subscriberId should not be null or undefined") }
        try query.finish()
        guard let subscriber = try SubscriberRecord.find(db, environmentId: context.environmentId, subscriberId: subscriberId ?? "")
        else { return .result([]) }
        let details = try ExecutionDetailRecord.fetchAll(
            db.cachedStatement(sql: """
                SELECT * FROM execution_details WHERE environmentId = ? AND notificationId = ? AND subscriberRowId = ?
                ORDER BY createdAt, id
                """), arguments: [context.environmentId, notificationId ?? "", subscriber.id])
        return .result(.array(details.map { $0.json(organizationId: context.organizationId) }))
    }

    // MARK: - Helpers

    /// The activity shape: the notification, its subscriber and workflow summaries, and its jobs (the trigger job left out).
    static func activity(_ notification: NotificationRecord, db: Database, withJobs: Bool) throws -> JSON {
        var json = notification.json(subscriberExternalId: nil)
        if let subscriber = try SubscriberRecord.find(db, id: notification.subscriberRowId) {
            var summary: [String: JSON] = ["_id": .string(subscriber.id), "subscriberId": .string(subscriber.subscriberId)]
            for (key, value) in [("firstName", subscriber.firstName), ("lastName", subscriber.lastName), ("email", subscriber.email), ("phone", subscriber.phone)] {
                if let value { summary[key] = .string(value) }
            }
            json["subscriber"] = .object(summary)
        }
        if let workflow = try WorkflowRecord.find(db, id: notification.workflowId) {
            json["template"] = [
                "_id": .string(workflow.id), "name": .string(workflow.name),
                "triggers": [["type": "event", "identifier": .string(workflow.triggerIdentifier), "variables": []]],
            ]
        }
        if withJobs {
            let jobs = try JobRecord.fetchAll(
                db.cachedStatement(sql: "SELECT * FROM jobs WHERE notificationId = ? AND stepIndex >= 0 ORDER BY stepIndex, id"), arguments: [notification.id])
            let details = try ExecutionDetailRecord.fetchAll(
                db.cachedStatement(sql: "SELECT * FROM execution_details WHERE notificationId = ? ORDER BY createdAt, id"), arguments: [notification.id])
            let byJob = Dictionary(grouping: details, by: \.jobId)
            let providers = try Row.fetchAll(
                db.cachedStatement(sql: "SELECT jobId, providerId FROM messages WHERE notificationId = ? AND providerId IS NOT NULL"),
                arguments: [notification.id]
            ).reduce(into: [String: String]()) { $0[$1["jobId"]] = $1["providerId"] }
            json["jobs"] = .array(jobs.map { job in
                job.json(
                    payload: notification.payload,
                    details: (byJob[job.id] ?? []).map { $0.json(organizationId: notification.organizationId) },
                    providerId: providers[job.id])
            })
        }
        return json
    }

    /// Query values that may be comma lists.
    private static func split(_ values: [String]) -> [String] {
        values.flatMap { $0.split(separator: ",").map(String.init) }.filter { !$0.isEmpty }
    }
}
