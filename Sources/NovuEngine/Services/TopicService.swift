import GRDB
import JSONCore
import NovuKit

/// Topics v1 (`/v1/topics`): create, list (pageSize ≤ 10), get, rename, delete, add/remove/check subscribers.
enum TopicService {
    static var routes: [Route] {
        [
            .config(.post, "/v1/topics", .write, handler: create),
            .config(.get, "/v1/topics", .read, handler: list),
            .config(.get, "/v1/topics/:topicKey", .read, handler: get),
            .config(.patch, "/v1/topics/:topicKey", .write, handler: rename),
            .config(.delete, "/v1/topics/:topicKey", .write, handler: delete),
            .config(.post, "/v1/topics/:topicKey/subscribers", .write, handler: addSubscribers),
            .config(.post, "/v1/topics/:topicKey/subscribers/removal", .write, handler: removeSubscribers),
            .config(.get, "/v1/topics/:topicKey/subscribers/:externalSubscriberId", .read, handler: checkSubscriber),
        ]
    }

    /// `POST /v1/topics` → 201 `{_id, key}`; 409 when the key exists.
    static func create(_ context: RequestContext, _ db: Database) throws -> Reply {
        var reader = context.bodyReader()
        let key = reader.requiredString("key")
        let name = reader.requiredString("name")
        try reader.finish()
        guard let key, let name else { throw EngineError.validation(reader.messages) }
        if try TopicRecord.find(db, environmentId: context.environmentId, key: key) != nil {
            throw EngineError.conflict(
                "Topic exists with key \(key) in the environment \(context.environmentId) of the organization \(context.organizationId)")
        }
        let topic = TopicRecord(id: context.newId(), environmentId: context.environmentId, key: key, name: name, now: context.nowString)
        try topic.insert(db)
        return .result(["_id": .string(topic.id), "key": .string(topic.key)], status: 201)
    }

    /// `GET /v1/topics?page&pageSize&key` → `{page, pageSize, totalCount, data}` in insertion order.
    static func list(_ context: RequestContext, _ db: Database) throws -> Reply {
        var query = context.query
        let page = query.int("page", default: 0, min: 0) ?? 0
        let pageSize = query.int("pageSize", default: 10, min: 0) ?? 10
        try query.finish()
        if pageSize > 10 { throw EngineError.badRequest("Page size can not be larger then 10") }
        var filter = "environmentId = ?"
        var arguments: StatementArguments = [context.environmentId]
        if let key = query.string("key") {
            filter += " AND key = ?"
            arguments += [key]
        }
        let total = try Int.fetchOne(db.cachedStatement(sql: "SELECT COUNT(*) FROM topics WHERE \(filter)"), arguments: arguments) ?? 0
        let topics = try TopicRecord.fetchAll(
            db.cachedStatement(sql: "SELECT * FROM topics WHERE \(filter) ORDER BY id LIMIT ? OFFSET ?"),
            arguments: arguments + [pageSize, page * pageSize])
        let items = try topics.map { try $0.v1JSON(organizationId: context.organizationId, subscribers: members(db, $0)) }
        return .result([
            "page": .int(Int64(page)), "pageSize": .int(Int64(pageSize)), "totalCount": .int(Int64(total)),
            "data": .array(items),
        ])
    }

    /// `GET /v1/topics/:topicKey` with its `subscribers` list.
    static func get(_ context: RequestContext, _ db: Database) throws -> Reply {
        let topic = try require(db, context)
        return .result(topic.v1JSON(organizationId: context.organizationId, subscribers: try members(db, topic)))
    }

    /// `PATCH /v1/topics/:topicKey` `{name}`.
    static func rename(_ context: RequestContext, _ db: Database) throws -> Reply {
        var reader = context.bodyReader()
        let name = reader.requiredString("name")
        try reader.finish()
        var topic = try require(db, context)
        topic.name = name
        topic.updatedAt = context.nowString
        try topic.update(db)
        return .result(topic.v1JSON(organizationId: context.organizationId, subscribers: try members(db, topic)))
    }

    /// `DELETE /v1/topics/:topicKey` → 204; 409 while it still has subscribers.
    static func delete(_ context: RequestContext, _ db: Database) throws -> Reply {
        let topic = try require(db, context)
        let count = try Int.fetchOne(db.cachedStatement(sql: "SELECT COUNT(*) FROM topic_subscriptions WHERE topicId = ?"), arguments: [topic.id]) ?? 0
        if count > 0 {
            throw EngineError.conflict(
                "Topic with key \(topic.key) in the environment \(context.environmentId) can't be deleted as it still has subscribers assigned")
        }
        try topic.delete(db)
        return .empty()
    }

    /// `POST /v1/topics/:topicKey/subscribers` → 200 `{succeeded, failed?: {notFound}}`; creates the topic if needed.
    static func addSubscribers(_ context: RequestContext, _ db: Database) throws -> Reply {
        var reader = context.bodyReader()
        let ids = readSubscriberIds(&reader)
        try reader.finish()
        let topic = try findOrCreate(db, context, key: context.param("topicKey"))
        let (succeeded, notFound) = try subscribe(db, context, topic: topic, subscriberIds: ids ?? [])
        var result: [String: JSON] = ["succeeded": .array(succeeded.map(JSON.string))]
        if !notFound.isEmpty { result["failed"] = ["notFound": .array(notFound.map(JSON.string))] }
        return .result(.object(result))
    }

    /// `POST /v1/topics/:topicKey/subscribers/removal` → 204, silent for unknown ids or topics.
    static func removeSubscribers(_ context: RequestContext, _ db: Database) throws -> Reply {
        var reader = context.bodyReader()
        let ids = readSubscriberIds(&reader)
        try reader.finish()
        if let topic = try TopicRecord.find(db, environmentId: context.environmentId, key: context.param("topicKey")) {
            for id in ids ?? [] {
                try db.cachedStatement(sql: "DELETE FROM topic_subscriptions WHERE topicId = ? AND externalSubscriberId = ?").execute(
                    arguments: [topic.id, id])
            }
        }
        return .empty()
    }

    /// `GET /v1/topics/:topicKey/subscribers/:externalSubscriberId` → the membership, or 404.
    static func checkSubscriber(_ context: RequestContext, _ db: Database) throws -> Reply {
        let key = context.param("topicKey")
        let subscriberId = context.param("externalSubscriberId")
        let membership = try TopicSubscriptionRecord.fetchOne(
            db.cachedStatement(sql: """
                SELECT s.* FROM topic_subscriptions s JOIN topics t ON t.id = s.topicId
                WHERE t.environmentId = ? AND t.key = ? AND s.externalSubscriberId = ?
                """), arguments: [context.environmentId, key, subscriberId])
        guard let membership else {
            throw EngineError.notFound(
                "Subscriber \(subscriberId) not found for topic \(key) in the environment \(context.environmentId)")
        }
        return .result(membership.v1JSON(organizationId: context.organizationId))
    }

    // MARK: - Shared with v2 and the trigger pipeline

    /// The external ids of the topic's subscribers, in the order they joined.
    static func members(_ db: Database, _ topic: TopicRecord) throws -> [String] {
        try String.fetchAll(
            db.cachedStatement(sql: "SELECT externalSubscriberId FROM topic_subscriptions WHERE topicId = ? ORDER BY id"),
            arguments: [topic.id])
    }

    /// The topic `key`, created as `Autogenerated-<key>` when missing.
    static func findOrCreate(_ db: Database, _ context: RequestContext, key: String, name: String? = nil) throws -> TopicRecord {
        if let topic = try TopicRecord.find(db, environmentId: context.environmentId, key: key) { return topic }
        let topic = TopicRecord(
            id: context.newId(), environmentId: context.environmentId, key: key, name: name ?? "Autogenerated-\(key)",
            now: context.nowString)
        try topic.insert(db)
        return topic
    }

    /// Adds the existing subscribers among `subscriberIds` to `topic` (no duplicates).
    /// - Returns: the ids now in the topic, and the ids with no subscriber.
    static func subscribe(
        _ db: Database, _ context: RequestContext, topic: TopicRecord, subscriberIds: [String]
    ) throws -> (succeeded: [String], notFound: [String]) {
        var succeeded: [String] = []
        var notFound: [String] = []
        for id in subscriberIds {
            guard let subscriber = try SubscriberRecord.find(db, environmentId: context.environmentId, subscriberId: id) else {
                if !notFound.contains(id) { notFound.append(id) }
                continue
            }
            let membership = TopicSubscriptionRecord(
                id: context.newId(), environmentId: context.environmentId, topic: topic, subscriber: subscriber,
                now: context.nowString)
            try membership.insert(db, onConflict: .ignore)
            if !succeeded.contains(id) { succeeded.append(id) }
        }
        return (succeeded, notFound)
    }

    private static func readSubscriberIds(_ reader: inout BodyReader) -> [String]? {
        switch reader.stringArray("subscribers") {
        case .value(let ids): return ids
        case .absent, .null:
            if reader["subscribers"] == nil || reader["subscribers"] == .null {
                reader.fail("subscribers should not be null or undefined")
                reader.fail("subscribers must be an array")
            }
            return nil
        }
    }

    private static func require(_ db: Database, _ context: RequestContext) throws -> TopicRecord {
        let key = context.param("topicKey")
        guard let topic = try TopicRecord.find(db, environmentId: context.environmentId, key: key) else {
            throw EngineError.notFound("Topic not found for id \(key) in the environment \(context.environmentId)")
        }
        return topic
    }
}
