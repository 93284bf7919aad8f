import Foundation
import GRDB
import JSONCore
import NovuKit

/// The v1 in-app feed of a subscriber: feed, unseen count, mark-as, mark-all, message actions.
/// Every state change goes through ``MessageTransition``.
enum FeedService {
    static var routes: [Route] {
        [
            .config(.get, "/v1/subscribers/:subscriberId/notifications/feed", .read, handler: feed),
            .config(.get, "/v1/subscribers/:subscriberId/notifications/unseen", .read, handler: unseen),
            .config(.post, "/v1/subscribers/:subscriberId/messages/markAs", .write, handler: legacyMarkAs),
            .config(.post, "/v1/subscribers/:subscriberId/messages/mark-as", .write, handler: markAs),
            .config(.post, "/v1/subscribers/:subscriberId/messages/mark-all", .write, handler: markAll),
            .config(.post, "/v1/subscribers/:subscriberId/messages/:messageId/actions/:type", .write, handler: action),
            .config(.post, "/v1/subscribers/:subscriberId/messages/:messageId/seen", .write, handler: seen),
        ]
    }

    /// `GET …/notifications/feed?page&limit&feedIdentifier&seen&read&payload` (in-app, newest first).
    ///
    /// As in Novu, `totalCount` is not a grand total: it counts at most `limit + 1` messages from the
    /// page's first one and is capped at `limit`; `hasMore` says whether that count went past the page.
    /// So the first page costs the same with ten messages or a million.
    static func feed(_ context: RequestContext, _ db: Database) throws -> Reply {
        var query = context.query
        let page = query.int("page", default: 0, min: 0) ?? 0
        let limit = query.int("limit", default: 10, min: 1, max: 100) ?? 10
        let seen = query.bool("seen")
        let read = query.bool("read")
        let payload = query.string("payload")
        try query.finish()
        let id = context.param("subscriberId")
        guard let subscriber = try SubscriberRecord.find(db, environmentId: context.environmentId, subscriberId: id) else {
            throw EngineError.badRequest(
                "Subscriber not found for this environment with the id: \(id). Make sure to create a subscriber before fetching the feed.")
        }
        var filter = try baseFilter(subscriber, query: query, db: db)
        if let seen { filter.add("seen = ?", seen) }
        if let read { filter.add("read = ?", read) }
        if let payload {
            guard let data = Data(base64Encoded: payload), let object = (try? JSON.parse(Array(data)))?.objectValue else {
                throw EngineError.badRequest("Invalid payload, the JSON object should be encoded to base64 string.")
            }
            for (path, value) in flatten(.object(object), prefix: "$") {
                filter.add("json_extract(payload, ?) IS ?", path, JSONColumn.text(value) == "null" ? nil : sqlValue(value))
            }
        }
        let counted = try Int.fetchOne(
            db.cachedStatement(sql: "SELECT COUNT(*) FROM (SELECT 1 FROM messages WHERE \(filter.sql) LIMIT ? OFFSET ?)"),
            arguments: filter.arguments + [limit + 1, page * limit]) ?? 0
        let messages = try MessageRecord.fetchAll(
            db.cachedStatement(sql: "SELECT * FROM messages WHERE \(filter.sql) ORDER BY createdAt DESC, id DESC LIMIT ? OFFSET ?"),
            arguments: filter.arguments + [limit, page * limit])
        return .result([
            "page": .int(Int64(page)), "pageSize": .int(Int64(limit)), "totalCount": .int(Int64(min(counted, limit))),
            "hasMore": .bool(messages.count < counted), "data": .array(try MessageLookups(db).v1JSON(messages)),
        ])
    }

    /// `GET …/notifications/unseen?seen=false&feedIdentifier&limit=100` → `{count}` capped at `limit`.
    static func unseen(_ context: RequestContext, _ db: Database) throws -> Reply {
        var query = context.query
        let seen = query.bool("seen") ?? false
        let read = query.bool("read")
        let limit = query.int("limit", default: 100, min: 1, max: 100) ?? 100
        try query.finish()
        let id = context.param("subscriberId")
        guard let subscriber = try SubscriberRecord.find(db, environmentId: context.environmentId, subscriberId: id) else {
            throw EngineError.badRequest(
                "Subscriber \(id) is not exist in environment \(context.environmentId), please provide a valid subscriber identifier")
        }
        var filter = try baseFilter(subscriber, query: query, db: db)
        filter.add("seen = ?", seen)
        if let read { filter.add("read = ?", read) }
        let count = try Int.fetchOne(
            db.cachedStatement(sql: "SELECT COUNT(*) FROM (SELECT 1 FROM messages WHERE \(filter.sql) LIMIT ?)"), arguments: filter.arguments + [limit]) ?? 0
        return .result(["count": .int(Int64(count))])
    }

    /// `POST …/messages/mark-as {messageId, markAs}` → the messages (ids of other subscribers are returned unchanged).
    static func markAs(_ context: RequestContext, _ db: Database) throws -> Reply {
        var reader = context.bodyReader()
        let ids = messageIds(reader["messageId"])
        let markAs = reader.enumValue("markAs", allowed: ["read", "seen", "unread", "unseen"]).value
        if reader["markAs"] == nil { reader.fail("markAs should not be null or undefined") }
        if ids.isEmpty { throw EngineError.badRequest("messageId is required") }
        try reader.finish()
        let subscriber = try requireSubscriber(context, db, message: "Subscriber \(context.param("subscriberId")) not found")
        let transition: MessageTransition = switch markAs {
        case "read": .v1Read
        case "unread": .v1Unread
        case "seen": .v1Seen
        default: .v1Unseen
        }
        return .result(.array(try apply(transition, ids: ids, subscriber: subscriber, context: context, db: db)), status: 201)
    }

    /// Deprecated `POST …/messages/markAs {messageId, mark:{seen?, read?}}`: only the given flags.
    static func legacyMarkAs(_ context: RequestContext, _ db: Database) throws -> Reply {
        let reader = context.bodyReader()
        let ids = messageIds(reader["messageId"])
        if ids.isEmpty { throw EngineError.badRequest("messageId is required") }
        let subscriber = try requireSubscriber(context, db, message: "Subscriber \(context.param("subscriberId")) not found")
        let transition = MessageTransition.legacyMark(seen: reader["mark"]?["seen"]?.boolValue, read: reader["mark"]?["read"]?.boolValue)
        return .result(.array(try apply(transition, ids: ids, subscriber: subscriber, context: context, db: db)), status: 201)
    }

    /// `POST …/messages/mark-all {markAs, feedIdentifier?}` → the number of messages changed.
    static func markAll(_ context: RequestContext, _ db: Database) throws -> Reply {
        var reader = context.bodyReader()
        let markAs = reader.enumValue("markAs", allowed: ["read", "seen", "unread", "unseen"]).value
        if reader["markAs"] == nil { reader.fail("markAs should not be null or undefined") }
        try reader.finish()
        let id = context.param("subscriberId")
        let subscriber = try requireSubscriber(
            context, db,
            message: "Subscriber \(id) does not exist in environment \(context.environmentId), please provide a valid subscriber identifier")
        let query = QueryReader(reader["feedIdentifier"].map { value in
            (value.arrayValue ?? [value]).compactMap(\.stringValue).map { QueryItem("feedIdentifier", $0) }
        } ?? [])
        var filter = try baseFilter(subscriber, query: query, db: db)
        try query.finish()
        let (condition, transition): (String, MessageTransition) = switch markAs {
        case "read": ("read = 0", .v1Read)
        case "unread": ("read = 1", .v1Unread)
        case "seen": ("seen = 0", .v1Seen)
        default: ("seen = 1", .v1Unseen)
        }
        filter.conditions.append(condition)
        let messages = try MessageRecord.fetchAll(db.cachedStatement(sql: "SELECT * FROM messages WHERE \(filter.sql)"), arguments: filter.arguments)
        for var message in messages {
            let stored = message
            transition.apply(to: &message, now: context.nowString)
            try message.updateChanges(db, from: stored)
        }
        return .result(.int(Int64(messages.count)), status: 201)
    }

    /// `POST …/messages/:messageId/actions/:type {status, payload?}`; 400 when nothing changes.
    static func action(_ context: RequestContext, _ db: Database) throws -> Reply {
        var reader = context.bodyReader()
        let status = reader.enumValue("status", allowed: ["pending", "done"]).value
        if reader["status"] == nil { reader.fail("status should not be null or undefined") }
        let payload = reader.object("payload").value
        let type = context.param("type")
        if !["primary", "secondary"].contains(type) { reader.fail("type must be one of the following values: primary, secondary") }
        try reader.finish()
        let subscriber = try requireSubscriber(context, db, message: "Subscriber not found", code: .badRequest)
        let messageId = context.param("messageId")
        guard ObjectIDGenerator.isValid(messageId), var message = try MessageRecord.find(db, id: messageId, subscriberRowId: subscriber.id)
        else { throw EngineError.notFound("Message \(messageId) not found") }
        let stored = message
        let changed = MessageTransition.action(type: type, status: status ?? "pending", payload: payload.map(JSON.object))
            .apply(to: &message, now: context.nowString)
        guard changed else {
            throw EngineError.badRequest("Message with the id: \(messageId) was not found for this environment or the action was already applied")
        }
        try message.updateChanges(db, from: stored)
        return .result(message.v1ResponseJSON(subscriber: subscriber), status: 201)
    }

    /// Deprecated `POST …/messages/:messageId/seen`: marks one message seen.
    static func seen(_ context: RequestContext, _ db: Database) throws -> Reply {
        let subscriber = try requireSubscriber(context, db, message: "Subscriber \(context.param("subscriberId")) not found")
        let items = try apply(.v1Seen, ids: [context.param("messageId")], subscriber: subscriber, context: context, db: db)
        guard let first = items.first else { throw EngineError.notFound("Message \(context.param("messageId")) not found") }
        return .result(first, status: 201)
    }

    // MARK: - Helpers

    static func apply(
        _ transition: MessageTransition, ids: [String], subscriber: SubscriberRecord, context: RequestContext, db: Database
    ) throws -> [JSON] {
        var lookups = MessageLookups(db)
        var out: [JSON] = []
        for id in ids {
            guard var message = try MessageRecord.fetchOne(
                db.cachedStatement(sql: "SELECT * FROM messages WHERE id = ? AND environmentId = ? AND deleted = 0"), arguments: [id, context.environmentId])
            else { continue }
            let stored = message
            if message.subscriberRowId == subscriber.id, transition.apply(to: &message, now: context.nowString) {
                try message.updateChanges(db, from: stored)
            }
            out.append(message.v1ResponseJSON(subscriber: try lookups.subscriber(message.subscriberRowId)))
        }
        return out
    }

    /// `messageId` as a string, comma-separated string, or array of strings.
    static func messageIds(_ value: JSON?) -> [String] {
        let raw = value?.arrayValue?.compactMap(\.stringValue) ?? value?.stringValue.map { [$0] } ?? []
        return raw.flatMap { $0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) } }.filter { !$0.isEmpty }
    }

    static func requireSubscriber(
        _ context: RequestContext, _ db: Database, message: String, code: EngineError.Code = .notFound
    ) throws -> SubscriberRecord {
        guard let subscriber = try SubscriberRecord.find(db, environmentId: context.environmentId, subscriberId: context.param("subscriberId"))
        else { throw EngineError(code, message) }
        return subscriber
    }

    /// In-app, live messages of the subscriber, limited to `feedIdentifier` feeds when given.
    static func baseFilter(_ subscriber: SubscriberRecord, query: QueryReader, db: Database) throws -> SQLFilter {
        var filter = SQLFilter()
        filter.add("subscriberRowId = ?", subscriber.id)
        filter.add("channel = ?", "in_app")
        filter.conditions.append("deleted = 0")
        let feeds = query.strings("feedIdentifier").flatMap { $0.split(separator: ",").map(String.init) }
        if !feeds.isEmpty {
            filter.conditions.append("feedId IN (\(feeds.map { _ in "?" }.joined(separator: ",")))")
            _ = filter.arguments.append(contentsOf: StatementArguments(feeds))
        }
        return filter
    }

    private static func flatten(_ value: JSON, prefix: String) -> [(String, JSON)] {
        guard let object = value.objectValue, !object.isEmpty else { return [(prefix, value)] }
        return object.sorted { $0.key < $1.key }.flatMap { flatten($0.value, prefix: "\(prefix).\"\($0.key)\"") }
    }

    private static func sqlValue(_ value: JSON) -> (any DatabaseValueConvertible)? {
        switch value {
        case .string(let text): text
        case .int(let number): number
        case .double(let number): number
        case .bool(let flag): flag ? 1 : 0
        case .null: nil
        default: JSONColumn.text(value)
        }
    }
}

/// A SQL `WHERE` clause built piece by piece with its arguments.
struct SQLFilter {
    var conditions: [String] = []
    var arguments: StatementArguments = []

    mutating func add(_ condition: String, _ values: (any DatabaseValueConvertible)?...) {
        conditions.append(condition)
        for value in values { _ = arguments.append(contentsOf: [value]) }
    }

    var sql: String { conditions.isEmpty ? "1" : conditions.joined(separator: " AND ") }
}
