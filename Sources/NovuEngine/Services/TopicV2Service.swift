import GRDB
import JSONCore
import NovuKit

/// Topics v2 (`/v2/topics`), their subscriptions, and a subscriber's subscriptions
/// (`/v2/subscribers/:id/subscriptions`). One subscription by identifier is in `TopicV2Service+Subscription.swift`.
enum TopicV2Service {
    static var routes: [Route] {
        [
            .config(.get, "/v2/topics", .read, handler: list),
            .config(.post, "/v2/topics", .write, handler: upsert),
            .config(.get, "/v2/topics/:topicKey", .read, handler: get),
            .config(.patch, "/v2/topics/:topicKey", .write, handler: update),
            .config(.delete, "/v2/topics/:topicKey", .write, handler: delete),
            .config(.get, "/v2/topics/:topicKey/subscriptions", .read, handler: listSubscriptions),
            .config(.post, "/v2/topics/:topicKey/subscriptions", .write, handler: createSubscriptions),
            .config(.delete, "/v2/topics/:topicKey/subscriptions", .write, handler: deleteSubscriptions),
            .config(.get, "/v2/topics/:topicKey/subscriptions/:identifier", .read, handler: getSubscription),
            .config(.patch, "/v2/topics/:topicKey/subscriptions/:identifier", .write, handler: updateSubscription),
            .config(.get, "/v2/subscribers/:subscriberId/subscriptions", .read, handler: subscriberSubscriptions),
        ]
    }

    /// `GET /v2/topics`: cursor page, filters `key` (exact) and `name` (substring).
    static func list(_ context: RequestContext, _ db: Database) throws -> Reply {
        var query = context.query
        let page = CursorPage.read(&query)
        try query.finish()
        var filter = "environmentId = ?"
        var arguments: StatementArguments = [context.environmentId]
        if let key = query.string("key"), !key.isEmpty {
            filter += " AND key = ?"
            arguments += [key]
        }
        if let name = query.string("name"), !name.isEmpty {
            filter += " AND instr(coalesce(name, ''), ?) > 0"
            arguments += [name]
        }
        let result: CursorPage.Result<TopicRecord> = try page.fetch(
            db, table: "topics", filter: filter, arguments: arguments, id: \.id)
        return .result(CursorPage.json(result) { $0.v2JSON })
    }

    /// `POST /v2/topics[?failIfExists=true]`: 201 when created, 200 when renamed, 409 (topic body) when it exists
    /// and `failIfExists` is set.
    static func upsert(_ context: RequestContext, _ db: Database) throws -> Reply {
        var query = context.query
        let failIfExists = query.bool("failIfExists") ?? false
        try query.finish()
        var reader = context.bodyReader()
        let key = reader.requiredString("key", notEmpty: true)
        let name = reader.string("name")
        try reader.finish()
        guard let key else { throw EngineError.validation(reader.messages) }
        if var existing = try TopicRecord.find(db, environmentId: context.environmentId, key: key) {
            if failIfExists {
                throw EngineError(
                    .conflict, "Topic with key \(key) already exists", extra: existing.v2JSON.objectValue ?? [:])
            }
            if case .value(let newName) = name {
                existing.name = newName
                existing.updatedAt = context.nowString
                try existing.update(db)
            }
            return .result(existing.v2JSON, status: 200)
        }
        let topic = TopicRecord(
            id: context.newId(), environmentId: context.environmentId, key: key, name: name.value, now: context.nowString)
        try topic.insert(db)
        return .result(topic.v2JSON, status: 201)
    }

    /// `GET /v2/topics/:topicKey`.
    static func get(_ context: RequestContext, _ db: Database) throws -> Reply {
        .result(try require(db, context).v2JSON)
    }

    /// `PATCH /v2/topics/:topicKey` `{name}`.
    static func update(_ context: RequestContext, _ db: Database) throws -> Reply {
        var reader = context.bodyReader()
        let name = reader.requiredString("name")
        try reader.finish()
        var topic = try require(db, context)
        topic.name = name
        topic.updatedAt = context.nowString
        try topic.update(db)
        return .result(topic.v2JSON)
    }

    /// `DELETE /v2/topics/:topicKey`: deletes the topic and its subscriptions → `{acknowledged: true}`.
    static func delete(_ context: RequestContext, _ db: Database) throws -> Reply {
        try require(db, context).delete(db)
        return .result(["acknowledged": true])
    }

    /// `GET /v2/topics/:topicKey/subscriptions`: cursor page, filter `subscriberId`.
    static func listSubscriptions(_ context: RequestContext, _ db: Database) throws -> Reply {
        var query = context.query
        let page = CursorPage.read(&query)
        try query.finish()
        let topic = try require(db, context)
        var filter = "topicId = ?"
        var arguments: StatementArguments = [topic.id]
        if let subscriberId = query.string("subscriberId"), !subscriberId.isEmpty {
            filter += " AND externalSubscriberId = ?"
            arguments += [subscriberId]
        }
        let result: CursorPage.Result<TopicSubscriptionRecord> = try page.fetch(
            db, table: "topic_subscriptions", filter: filter, arguments: arguments, id: \.id)
        let subscribers = try subscriberMap(db, result.records)
        return .result(CursorPage.json(result) { subscriptionJSON($0, topic: topic, subscriber: subscribers[$0.subscriberRowId]) })
    }

    /// `GET /v2/subscribers/:subscriberId/subscriptions`: the subscriber's topics, filter `key`.
    static func subscriberSubscriptions(_ context: RequestContext, _ db: Database) throws -> Reply {
        var query = context.query
        let page = CursorPage.read(&query)
        try query.finish()
        let id = context.param("subscriberId")
        guard let subscriber = try SubscriberRecord.find(db, environmentId: context.environmentId, subscriberId: id) else {
            throw EngineError.notFound("Subscriber \(id) was not found")
        }
        var filter = "subscriberRowId = ?"
        var arguments: StatementArguments = [subscriber.id]
        if let key = query.string("key"), !key.isEmpty {
            filter += " AND topicKey = ?"
            arguments += [key]
        }
        let result: CursorPage.Result<TopicSubscriptionRecord> = try page.fetch(
            db, table: "topic_subscriptions", filter: filter, arguments: arguments, id: \.id)
        let topicIds = Array(Set(result.records.map(\.topicId)))
        let topics = try TopicRecord.fetchAll(db, keys: topicIds)
        let byId = Dictionary(topics.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        return .result(CursorPage.json(result) { record in
            subscriptionJSON(record, topic: byId[record.topicId], subscriber: subscriber)
        })
    }

    /// `POST /v2/topics/:topicKey/subscriptions` → 201 `{data, meta, errors}`; 400 when every item fails.
    ///
    /// A new subscription takes the item's `identifier` and `name` when given as an object, else Novu's default
    /// identifier `tk_<key>:si_<subscriberId>`, and the body's `preferences` resolved to workflows. A subscriber
    /// already subscribed keeps their subscription as it is; an identifier another subscriber holds in the
    /// topic fails that item (`SUBSCRIPTION_CREATE_FAILED`).
    static func createSubscriptions(_ context: RequestContext, _ db: Database) throws -> Reply {
        let (items, preferences) = try readSubscriptionItems(context)
        let topic = try TopicService.findOrCreate(db, context, key: context.param("topicKey"))
        let resolved = try preferences?.resolve(db, environmentId: context.environmentId)
        var data: [JSON] = []
        var errors: [JSON] = []
        for item in items {
            guard let subscriber = try SubscriberRecord.find(db, environmentId: context.environmentId, subscriberId: item.subscriberId)
            else {
                errors.append(notFoundError(item.subscriberId))
                continue
            }
            if let existing = try TopicSubscriptionRecord.fetchOne(
                db.cachedStatement(sql: "SELECT * FROM topic_subscriptions WHERE topicId = ? AND subscriberRowId = ?"),
                arguments: [topic.id, subscriber.id])
            {
                data.append(try detailedJSON(existing, topic: topic, subscriber: subscriber, db))
                continue
            }
            var membership = TopicSubscriptionRecord(
                id: context.newId(), environmentId: context.environmentId, topic: topic, subscriber: subscriber,
                now: context.nowString, identifier: item.identifier, name: item.name)
            let taken = try Bool.fetchOne(
                db.cachedStatement(sql: "SELECT 1 FROM topic_subscriptions WHERE topicId = ? AND identifier = ?"),
                arguments: [topic.id, membership.identifier]) ?? false
            if taken {
                errors.append([
                    "subscriberId": .string(item.subscriberId), "code": "SUBSCRIPTION_CREATE_FAILED",
                    "message": .string("Subscription with identifier \(membership.identifier) already exists for topic \(topic.key)"),
                ])
                continue
            }
            if let resolved {
                membership.preferences = try TopicSubscriptionPreferenceRequest.preferences(resolved, subscriberRowId: subscriber.id, db)
            }
            try membership.insert(db)
            data.append(try detailedJSON(membership, topic: topic, subscriber: subscriber, db))
        }
        return try batchReply(data: data, errors: errors, total: items.count, status: 201)
    }

    /// `DELETE /v2/topics/:topicKey/subscriptions` → 200 `{data, meta, errors}`.
    static func deleteSubscriptions(_ context: RequestContext, _ db: Database) throws -> Reply {
        let ids = try readIds(context)
        let topic = try require(db, context)
        var data: [JSON] = []
        var errors: [JSON] = []
        for id in ids {
            guard
                let membership = try TopicSubscriptionRecord.fetchOne(
                    db.cachedStatement(sql: "SELECT * FROM topic_subscriptions WHERE topicId = ? AND externalSubscriberId = ?"),
                    arguments: [topic.id, id])
            else {
                errors.append([
                    "subscriberId": .string(id), "code": "SUBSCRIPTION_NOT_FOUND",
                    "message": .string("Subscription for subscriber \(id) not found in topic \(topic.key)"),
                ])
                continue
            }
            let subscriber = try SubscriberRecord.find(db, id: membership.subscriberRowId)
            try membership.delete(db)
            data.append(subscriptionJSON(membership, topic: topic, subscriber: subscriber))
        }
        return try batchReply(data: data, errors: errors, total: ids.count, status: 200)
    }

    // MARK: - Helpers

    /// `{_id, identifier, name?, topic, subscriber, createdAt, updatedAt}`.
    static func subscriptionJSON(_ record: TopicSubscriptionRecord, topic: TopicRecord?, subscriber: SubscriberRecord?) -> JSON {
        var topicJSON: [String: JSON] = ["_id": .string(record.topicId), "key": .string(record.topicKey)]
        if let name = topic?.name { topicJSON["name"] = .string(name) }
        if let topic {
            topicJSON["createdAt"] = .string(topic.createdAt)
            topicJSON["updatedAt"] = .string(topic.updatedAt)
        }
        var members: [String: JSON] = [
            "_id": .string(record.id), "identifier": .string(record.identifier),
            "topic": .object(topicJSON), "subscriber": subscriber?.summaryJSON ?? .null,
            "createdAt": .string(record.createdAt), "updatedAt": .string(record.updatedAt),
        ]
        if let name = record.name { members["name"] = .string(name) }
        return .object(members)
    }

    private static func subscriberMap(_ db: Database, _ records: [TopicSubscriptionRecord]) throws -> [String: SubscriberRecord] {
        let subscribers = try SubscriberRecord.fetchAll(db, keys: records.map(\.subscriberRowId))
        return Dictionary(subscribers.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
    }

    private static func notFoundError(_ id: String) -> JSON {
        ["subscriberId": .string(id), "code": "SUBSCRIBER_NOT_FOUND", "message": .string("Subscriber with id \(id) not found")]
    }

    /// Reads `subscriberIds` or `subscriptions` (strings or `{subscriberId}` objects).
    private static func readIds(_ context: RequestContext) throws -> [String] {
        var reader = context.bodyReader()
        var ids: [String] = []
        if case .value(let list) = reader.stringArray("subscriberIds") { ids += list }
        if case .value(let items) = reader.array("subscriptions") {
            for (index, item) in items.enumerated() {
                if let id = item.stringValue ?? item["subscriberId"]?.stringValue {
                    ids.append(id)
                } else {
                    reader.fail("subscriptions.\(index).subscriberId must be a string")
                }
            }
        }
        if reader["subscriberIds"] == nil && reader["subscriptions"] == nil {
            reader.fail("subscriberIds or subscriptions must be provided")
        }
        try reader.finish()
        var seen = Set<String>()
        return ids.filter { seen.insert($0).inserted }
    }

    private static func batchReply(data: [JSON], errors: [JSON], total: Int, status: Int) throws -> Reply {
        if data.isEmpty && !errors.isEmpty {
            var error = EngineError(.badRequest, "All subscriptions failed")
            error.extra = ["errors": .array(errors)]
            throw error
        }
        return .result(
            [
                "data": .array(data), "errors": .array(errors),
                "meta": [
                    "totalCount": .int(Int64(total)), "successful": .int(Int64(data.count)),
                    "failed": .int(Int64(errors.count)),
                ],
            ], status: status)
    }

    /// The topic `:topicKey` of the environment.
    /// - Throws: ``EngineError`` 404 `Topic with key <key> not found`.
    static func require(_ db: Database, _ context: RequestContext) throws -> TopicRecord {
        let key = context.param("topicKey")
        guard let topic = try TopicRecord.find(db, environmentId: context.environmentId, key: key) else {
            throw EngineError.notFound("Topic with key \(key) not found")
        }
        return topic
    }
}
