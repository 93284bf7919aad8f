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
///
/// `identifier` is the subscription's own identifier: the one given at creation
/// (`subscriptions: [{identifier, subscriberId}]`) or Novu's default `tk_<topicKey>:si_<subscriberId>`.
/// Rows written before the `v6-topic-subscription-details` migration were given the default there.
struct TopicSubscriptionRecord: Sendable, Hashable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "topic_subscriptions"
    var id: String
    var environmentId: String
    var topicId: String
    var topicKey: String
    var subscriberRowId: String
    var externalSubscriberId: String
    var identifier: String
    var name: String?
    /// Per-workflow rules set through `preferences` (create or PATCH), in request order.
    var preferences: [TopicSubscriptionPreference]
    var createdAt: String
    var updatedAt: String

    init(
        id: String, environmentId: String, topic: TopicRecord, subscriber: SubscriberRecord, now: String,
        identifier: String? = nil, name: String? = nil
    ) {
        self.id = id
        self.environmentId = environmentId
        self.topicId = topic.id
        self.topicKey = topic.key
        self.subscriberRowId = subscriber.id
        self.externalSubscriberId = subscriber.subscriberId
        self.identifier = identifier ?? Self.defaultIdentifier(topicKey: topic.key, subscriberId: subscriber.subscriberId)
        self.name = name
        self.preferences = []
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
        let stored: String? = row["identifier"]
        identifier = stored ?? Self.defaultIdentifier(topicKey: topicKey, subscriberId: externalSubscriberId)
        name = row["name"]
        preferences = (JSONColumn.value(row["preferences"])?.arrayValue ?? []).compactMap(TopicSubscriptionPreference.init(stored:))
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
        container["identifier"] = identifier
        container["name"] = name
        container["preferences"] = preferences.isEmpty ? nil : JSONColumn.text(.array(preferences.map(\.storedJSON)))
        container["createdAt"] = createdAt
        container["updatedAt"] = updatedAt
    }

    /// Novu's identifier for a subscription created without one (`buildDefaultSubscriptionIdentifier`).
    static func defaultIdentifier(topicKey: String, subscriberId: String) -> String {
        "tk_\(topicKey):si_\(subscriberId)"
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

/// One stored rule of a topic subscription: a workflow (by database id), on or off, and an optional
/// JSON Logic `condition` (kept as given; the trigger pipeline does not evaluate it yet).
struct TopicSubscriptionPreference: Sendable, Hashable {
    /// The workflow's database id (`_id`), so a renamed trigger identifier still matches.
    var workflowId: String
    var enabled: Bool
    var condition: JSON?

    init(workflowId: String, enabled: Bool, condition: JSON?) {
        self.workflowId = workflowId
        self.enabled = enabled
        self.condition = condition
    }

    /// Reads one element of the `preferences` column; `nil` for an unreadable element.
    init?(stored json: JSON) {
        guard let workflowId = json["workflowId"]?.stringValue else { return nil }
        self.workflowId = workflowId
        self.enabled = json["enabled"]?.boolValue ?? true
        self.condition = json["condition"].flatMap { $0.isNull ? nil : $0 }
    }

    /// Whether the stored `preferences` column of a subscription turns workflow `workflowId` off.
    static func turnsOff(_ workflowId: String, stored column: String?) -> Bool {
        guard let column, let items = JSONColumn.value(column)?.arrayValue else { return false }
        return items.contains { TopicSubscriptionPreference(stored: $0).map { $0.workflowId == workflowId && !$0.enabled } ?? false }
    }

    /// `{workflowId, enabled, condition?}` as kept in the `preferences` column.
    var storedJSON: JSON {
        var members: [String: JSON] = ["workflowId": .string(workflowId), "enabled": .bool(enabled)]
        if let condition { members["condition"] = condition }
        return .object(members)
    }
}
