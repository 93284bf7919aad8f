import Foundation
import GRDB
import JSONCore
import NovuKit

/// Messages (`/v1/messages`): every channel's messages, the outbox of email/sms/chat/push included.
enum MessageService {
    static var routes: [Route] {
        [
            Route(.get, "/v1/messages", .read, handler: list),
            Route(.delete, "/v1/messages/:messageId", .write, handler: delete),
            Route(.delete, "/v1/messages/transaction/:transactionId", .write, handler: deleteByTransaction),
        ]
    }

    /// `GET /v1/messages?channel&subscriberId&transactionId&page&limit` (limit ≤ 1000), newest first.
    static func list(_ context: RequestContext, _ db: Database) throws -> Reply {
        var query = context.query
        let channel = query.enumValue("channel", allowed: Channel.wireNames)
        let page = query.int("page", default: 0, min: 0) ?? 0
        let limit = query.int("limit", default: 10, min: 1, max: 1000) ?? 10
        let transactionIds = query.strings("transactionId")
        let subscriberId = query.string("subscriberId")
        try query.finish()
        var conditions = ["environmentId = ?", "deleted = 0"]
        var arguments: StatementArguments = [context.environmentId]
        if let channel {
            conditions.append("channel = ?")
            _ = arguments.append(contentsOf: [channel])
        }
        if let subscriberId {
            guard let subscriber = try SubscriberRecord.find(db, environmentId: context.environmentId, subscriberId: subscriberId)
            else { throw EngineError.notFound("Subscriber not found") }
            conditions.append("subscriberRowId = ?")
            _ = arguments.append(contentsOf: [subscriber.id])
        }
        if !transactionIds.isEmpty {
            conditions.append("transactionId IN (\(transactionIds.map { _ in "?" }.joined(separator: ",")))")
            _ = arguments.append(contentsOf: StatementArguments(transactionIds))
        }
        let whereClause = conditions.joined(separator: " AND ")
        let total = try Int.fetchOne(db.cachedStatement(sql: "SELECT COUNT(*) FROM messages WHERE \(whereClause)"), arguments: arguments) ?? 0
        let messages = try MessageRecord.fetchAll(
            db.cachedStatement(sql: "SELECT * FROM messages WHERE \(whereClause) ORDER BY createdAt DESC, id DESC LIMIT ? OFFSET ?"),
            arguments: arguments + [limit, page * limit])
        let items = try MessageLookups(db).v1ResponseJSON(messages)
        return .result([
            "page": .int(Int64(page)), "pageSize": .int(Int64(limit)), "totalCount": .int(Int64(total)),
            "hasMore": .bool((page + 1) * limit < total), "data": .array(items),
        ])
    }

    /// `DELETE /v1/messages/:messageId` → `{acknowledged, status: "deleted"}` (soft delete).
    static func delete(_ context: RequestContext, _ db: Database) throws -> Reply {
        let id = context.param("messageId")
        guard ObjectIDGenerator.isValid(id) else { throw EngineError.validation(["messageId must be a mongodb id"]) }
        guard
            var message = try MessageRecord.fetchOne(
                db.cachedStatement(sql: "SELECT * FROM messages WHERE id = ? AND environmentId = ? AND deleted = 0"),
                arguments: [id, context.environmentId])
        else { throw EngineError.notFound("Message with id \(id) not found") }
        let stored = message
        MessageTransition.delete.apply(to: &message, now: context.nowString)
        try message.updateChanges(db, from: stored)
        return .result(["acknowledged": true, "status": "deleted"])
    }

    /// `DELETE /v1/messages/transaction/:transactionId?channel=` → 204; 404 when nothing matches.
    static func deleteByTransaction(_ context: RequestContext, _ db: Database) throws -> Reply {
        var query = context.query
        let channel = query.enumValue("channel", allowed: Channel.wireNames)
        try query.finish()
        var sql = "UPDATE messages SET deleted = 1, updatedAt = ? WHERE environmentId = ? AND transactionId = ? AND deleted = 0"
        var arguments: StatementArguments = [context.nowString, context.environmentId, context.param("transactionId")]
        if let channel {
            sql += " AND channel = ?"
            _ = arguments.append(contentsOf: [channel])
        }
        try db.cachedStatement(sql: sql).execute(arguments: arguments)
        guard db.changesCount > 0 else { throw EngineError.notFound("Invalid transactionId or channel") }
        return .empty()
    }
}

/// Loads the subscribers and workflows that message replies embed, once per id.
struct MessageLookups {
    let db: Database
    private var subscribers: [String: SubscriberRecord?] = [:]
    private var workflows: [String: WorkflowRecord?] = [:]

    init(_ db: Database) { self.db = db }

    mutating func subscriber(_ rowId: String) throws -> SubscriberRecord? {
        if let cached = subscribers[rowId] { return cached }
        let found = try SubscriberRecord.find(db, id: rowId)
        subscribers[rowId] = found
        return found
    }

    mutating func workflow(_ id: String) throws -> WorkflowRecord? {
        if let cached = workflows[id] { return cached }
        let found = try WorkflowRecord.find(db, id: id)
        workflows[id] = found
        return found
    }

    func v1JSON(_ messages: [MessageRecord]) throws -> [JSON] {
        var lookups = self
        return try messages.map { try $0.v1JSON(subscriber: lookups.subscriber($0.subscriberRowId), workflow: lookups.workflow($0.workflowId)) }
    }

    /// The messages as `MessageResponseDto`s (the subscriber embedded whole).
    func v1ResponseJSON(_ messages: [MessageRecord]) throws -> [JSON] {
        var lookups = self
        return try messages.map { try $0.v1ResponseJSON(subscriber: lookups.subscriber($0.subscriberRowId)) }
    }
}
