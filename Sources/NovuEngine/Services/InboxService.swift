import Foundation
import GRDB
import JSONCore
import NovuKit

/// v2 subscriber notifications (`/v2/subscribers/:subscriberId/notifications`): the server-side mirror of
/// the Inbox API, on the same messages as the v1 feed and through the same ``MessageTransition``.
enum InboxService {
    static let prefix = "/v2/subscribers/:subscriberId/notifications"
    static let countCap = 99

    static var routes: [Route] {
        var routes: [Route] = [
            .config(.get, prefix, .read, handler: list),
            .config(.get, prefix + "/count", .read, handler: count),
            .config(.patch, prefix + "/:notificationId/snooze", .write, handler: snooze),
            .config(.patch, prefix + "/:notificationId/actions/:actionType/complete", .write) { try action($0, $1, complete: true) },
            .config(.patch, prefix + "/:notificationId/actions/:actionType/revert", .write) { try action($0, $1, complete: false) },
            .config(.delete, prefix + "/:notificationId", .write) { try single($0, $1, .delete) },
        ]
        let singles: [(String, MessageTransition)] = [
            ("read", .read), ("unread", .unread), ("archive", .archive), ("unarchive", .unarchive), ("unsnooze", .unsnooze),
        ]
        for (name, transition) in singles {
            routes.append(.config(.patch, prefix + "/:notificationId/" + name, .write) { try single($0, $1, transition) })
        }
        let bulks: [(String, MessageTransition, String?)] = [
            ("seen", .seen, "seen = 0"), ("read", .read, "read = 0"), ("archive", .archive, "archived = 0"),
            ("read-archive", .archive, "read = 1 AND archived = 0"), ("delete", .delete, nil),
        ]
        for (name, transition, condition) in bulks {
            routes.append(.config(.post, prefix + "/" + name, .write) { try bulk($0, $1, transition, condition: condition) })
        }
        return routes
    }

    /// `GET …/notifications?limit&after&offset&<filters>` → `{data, hasMore, filter}`, newest first.
    static func list(_ context: RequestContext, _ db: Database) throws -> Reply {
        var query = context.query
        let limit = query.int("limit", default: 10, min: 1, max: 100) ?? 10
        let offset = query.int("offset", default: 0, min: 0) ?? 0
        let after = query.string("after")
        if let after, !ObjectIDGenerator.isValid(after) { query.fail("after must be a mongodb id") }
        try query.finish()
        let filter = try InboxFilter.read(&query)
        let subscriber = try requireSubscriber(context, db)
        var sql = filter.sql(subscriberRowId: subscriber.id)
        var skip = offset
        if let after {
            skip = 0
            if let cursor = try Row.fetchOne(db.cachedStatement(sql: "SELECT createdAt, id FROM messages WHERE id = ?"), arguments: [after]) {
                let createdAt: String = cursor["createdAt"]
                sql.add("(createdAt < ? OR (createdAt = ? AND id < ?))", createdAt, createdAt, after)
            }
        }
        let messages = try MessageRecord.fetchAll(
            db.cachedStatement(sql: "SELECT * FROM messages WHERE \(sql.sql) ORDER BY createdAt DESC, id DESC LIMIT ? OFFSET ?"),
            arguments: sql.arguments + [limit + 1, skip])
        var lookups = MessageLookups(db)
        let items = try messages.prefix(limit).map { $0.inboxJSON(subscriber: subscriber, workflow: try lookups.workflow($0.workflowId)) }
        return .result(["data": .array(items), "hasMore": .bool(messages.count > limit), "filter": filter.json])
    }

    /// `GET …/notifications/count?filters=[…]` → `[{count, filter}]`, each capped at 99, at most 30 filters.
    static func count(_ context: RequestContext, _ db: Database) throws -> Reply {
        let query = context.query
        let text = query.string("filters")
        try query.finish()
        let parsed = text.flatMap { try? JSON.parse(Array($0.utf8)) }
        let filters = parsed?.arrayValue ?? parsed.map { [$0] } ?? []
        guard text != nil, parsed != nil else { throw EngineError.validation(["filters must be a valid JSON array"]) }
        guard filters.count <= 30 else { throw EngineError.validation(["filters must contain no more than 30 elements"]) }
        let subscriber = try requireSubscriber(context, db)
        var results: [JSON] = []
        for item in filters {
            let filter = try InboxFilter.read(item)
            let sql = filter.sql(subscriberRowId: subscriber.id)
            let count = try Int.fetchOne(
                db.cachedStatement(sql: "SELECT COUNT(*) FROM (SELECT 1 FROM messages WHERE \(sql.sql) LIMIT ?)"), arguments: sql.arguments + [countCap]) ?? 0
            results.append(["count": .int(Int64(count)), "filter": filter.json])
        }
        return .result(.array(results))
    }

    /// `PATCH …/:notificationId/snooze {snoozeUntil}`: hidden until then; the worker delivers it again.
    static func snooze(_ context: RequestContext, _ db: Database) throws -> Reply {
        var reader = context.bodyReader()
        let text = reader.requiredString("snoozeUntil")
        try reader.finish()
        guard let text, let until = ISOTime.parse(text) else { throw EngineError.validation(["snoozeUntil must be a valid ISO 8601 date string"]) }
        guard until.timeIntervalSince(context.now) >= 60 else {
            throw EngineError.validation(["snoozeUntil must be at least 1 minute in the future"])
        }
        let untilText = ISOTime.format(until)
        let reply = try single(context, db, .snooze(until: untilText))
        let (subscriber, message) = try requireMessage(context, db)
        if let notification = try NotificationRecord.find(db, id: message.notificationId) {
            var job = JobRecord(
                id: context.newId(), notification: notification, subscriberId: subscriber.subscriberId, stepIndex: -2, type: "snooze",
                step: ["messageId": .string(message.id), "until": .string(untilText)], parentId: nil, now: context.nowString)
            job.runAt = until.timeIntervalSince1970
            try job.insertRow(db)
        }
        return reply
    }

    /// `PATCH …/:notificationId/actions/:actionType/complete|revert`.
    static func action(_ context: RequestContext, _ db: Database, complete: Bool) throws -> Reply {
        let type = context.param("actionType")
        guard ["primary", "secondary"].contains(type) else {
            throw EngineError.validation(["actionType must be one of the following values: primary, secondary"])
        }
        let (_, message) = try requireMessage(context, db)
        guard message.hasButton(type) else {
            throw EngineError.badRequest("Could not perform action on the \(type) button because it does not exist.")
        }
        return try single(context, db, complete ? .complete(type: type) : .revert(type: type))
    }

    /// One transition on one notification; `delete` answers 204.
    static func single(_ context: RequestContext, _ db: Database, _ transition: MessageTransition) throws -> Reply {
        var (subscriber, message) = try requireMessage(context, db)
        let stored = message
        if transition.apply(to: &message, now: context.nowString) { try message.updateChanges(db, from: stored) }
        if transition == .delete { return .empty() }
        return .result(message.inboxJSON(subscriber: subscriber, workflow: try WorkflowRecord.find(db, id: message.workflowId)))
    }

    /// Bulk `POST …/seen|read|archive|read-archive|delete {notificationIds?, tags?, data?}` → 204.
    static func bulk(_ context: RequestContext, _ db: Database, _ transition: MessageTransition, condition: String?) throws -> Reply {
        let body = context.body ?? [:]
        let filter = try InboxFilter.read(["tags": body["tags"] ?? .null, "data": body["data"] ?? .null])
        let subscriber = try requireSubscriber(context, db)
        var sql = filter.sql(subscriberRowId: subscriber.id)
        sql.conditions.removeAll { $0 == "snoozedUntil IS NULL" }
        if let condition { sql.conditions.append(condition) }
        if let ids = body["notificationIds"]?.arrayValue?.compactMap(\.stringValue), !ids.isEmpty {
            sql.conditions.append("id IN (\(ids.map { _ in "?" }.joined(separator: ",")))")
            _ = sql.arguments.append(contentsOf: StatementArguments(ids))
        }
        let messages = try MessageRecord.fetchAll(db.cachedStatement(sql: "SELECT * FROM messages WHERE \(sql.sql)"), arguments: sql.arguments)
        for stored in messages {
            var message = stored
            if transition.apply(to: &message, now: context.nowString) { try message.updateChanges(db, from: stored) }
        }
        return .empty()
    }

    // MARK: - Helpers

    static func requireSubscriber(_ context: RequestContext, _ db: Database) throws -> SubscriberRecord {
        let id = context.param("subscriberId")
        guard let subscriber = try SubscriberRecord.find(db, environmentId: context.environmentId, subscriberId: id) else {
            throw EngineError.notFound("Subscriber \(id) was not found")
        }
        return subscriber
    }

    static func requireMessage(_ context: RequestContext, _ db: Database) throws -> (SubscriberRecord, MessageRecord) {
        let id = context.param("notificationId")
        guard ObjectIDGenerator.isValid(id) else { throw EngineError.validation(["notificationId must be a mongodb id"]) }
        let subscriber = try requireSubscriber(context, db)
        guard let message = try MessageRecord.find(db, id: id, subscriberRowId: subscriber.id), message.channel == "in_app" else {
            throw EngineError.notFound("Notification with id: \(id) is not found.")
        }
        return (subscriber, message)
    }
}
