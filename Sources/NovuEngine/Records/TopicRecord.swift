import GRDB
import JSONCore

/// A topic: a named group of subscribers, addressed by its `key`.
struct TopicRecord: Sendable, Hashable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "topics"
    var id: String
    var environmentId: String
    var key: String
    var name: String?
    var createdAt: String
    var updatedAt: String

    init(id: String, environmentId: String, key: String, name: String?, now: String) {
        self.id = id
        self.environmentId = environmentId
        self.key = key
        self.name = name
        self.createdAt = now
        self.updatedAt = now
    }

    init(row: Row) throws {
        id = row["id"]
        environmentId = row["environmentId"]
        key = row["key"]
        name = row["name"]
        createdAt = row["createdAt"]
        updatedAt = row["updatedAt"]
    }

    func encode(to container: inout PersistenceContainer) throws {
        container["id"] = id
        container["environmentId"] = environmentId
        container["key"] = key
        container["name"] = name
        container["createdAt"] = createdAt
        container["updatedAt"] = updatedAt
    }

    /// The v1 topic: `{_id, _organizationId, _environmentId, key, name, subscribers}`.
    func v1JSON(organizationId: String, subscribers: [String]) -> JSON {
        var members: [String: JSON] = [
            "_id": .string(id), "_organizationId": .string(organizationId), "_environmentId": .string(environmentId),
            "key": .string(key), "subscribers": .array(subscribers.map(JSON.string)),
        ]
        if let name { members["name"] = .string(name) }
        return .object(members)
    }

    /// The v2 topic (`TopicResponseDto`): `{_id, key, name, createdAt, updatedAt}`.
    var v2JSON: JSON {
        var members: [String: JSON] = [
            "_id": .string(id), "key": .string(key), "createdAt": .string(createdAt), "updatedAt": .string(updatedAt),
        ]
        if let name { members["name"] = .string(name) }
        return .object(members)
    }

    /// The topic `key` of the environment.
    static func find(_ db: Database, environmentId: String, key: String) throws -> TopicRecord? {
        try TopicRecord.fetchOne(
            db.cachedStatement(sql: "SELECT * FROM topics WHERE environmentId = ? AND key = ?"), arguments: [environmentId, key])
    }
}

/// One subscriber's membership of one topic.
struct TopicSubscriptionRecord: Sendable, Hashable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "topic_subscriptions"
    var id: String
    var environmentId: String
    var topicId: String
    var topicKey: String
    var subscriberRowId: String
    var externalSubscriberId: String
    var createdAt: String
    var updatedAt: String

    init(
        id: String, environmentId: String, topic: TopicRecord, subscriber: SubscriberRecord, now: String
    ) {
        self.id = id
        self.environmentId = environmentId
        self.topicId = topic.id
        self.topicKey = topic.key
        self.subscriberRowId = subscriber.id
        self.externalSubscriberId = subscriber.subscriberId
        self.createdAt = now
        self.updatedAt = now
    }

    init(row: Row) throws {
        id = row["id"]
        environmentId = row["environmentId"]
        topicId = row["topicId"]
        topicKey = row["topicKey"]
        subscriberRowId = row["subscriberRowId"]
        externalSubscriberId = row["externalSubscriberId"]
        createdAt = row["createdAt"]
        updatedAt = row["updatedAt"]
    }

    func encode(to container: inout PersistenceContainer) throws {
        container["id"] = id
        container["environmentId"] = environmentId
        container["topicId"] = topicId
        container["topicKey"] = topicKey
        container["subscriberRowId"] = subscriberRowId
        container["externalSubscriberId"] = externalSubscriberId
        container["createdAt"] = createdAt
        container["updatedAt"] = updatedAt
    }

    /// The v1 `TopicSubscriberDto`.
    func v1JSON(organizationId: String) -> JSON {
        [
            "_organizationId": .string(organizationId), "_environmentId": .string(environmentId),
            "_subscriberId": .string(subscriberRowId), "_topicId": .string(topicId), "topicKey": .string(topicKey),
            "externalSubscriberId": .string(externalSubscriberId),
        ]
    }
}
