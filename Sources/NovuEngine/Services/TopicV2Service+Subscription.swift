import GRDB
import JSONCore

/// One topic subscription by identifier (`/v2/topics/:topicKey/subscriptions/:identifier`), and the
/// request items of `POST /v2/topics/:topicKey/subscriptions`.
extension TopicV2Service {
    /// `GET /v2/topics/:topicKey/subscriptions/:identifier` → `SubscriptionDetailsResponseDto`
    /// `{id, identifier, name?, preferences?}`.
    ///
    /// 404 `Topic with key <key> not found` or `Subscription with identifier <id> not found for topic <key>`.
    /// Novu answers an unknown subscription with an empty 204, which the SDK cannot parse; the engine
    /// answers 404 so `get_subscription` raises `ErrorDto` like every other lookup.
    static func getSubscription(_ context: RequestContext, _ db: Database) throws -> Reply {
        let topic = try require(db, context)
        let record = try requireSubscription(db, context, topic: topic)
        var members: [String: JSON] = ["id": .string(record.id), "identifier": .string(record.identifier)]
        if let name = record.name { members["name"] = .string(name) }
        if let preferences = try TopicSubscriptionPreference.responseJSON(record, db) { members["preferences"] = preferences }
        return .result(.object(members))
    }

    /// `PATCH /v2/topics/:topicKey/subscriptions/:identifier` `{name?, preferences?}` → `SubscriptionResponseDto`.
    ///
    /// `name` sets the subscription's name (`null` clears it). `preferences`, when given, replaces the
    /// subscription's rules as a whole (`[]` removes them), as Novu deletes and recreates them; elements are
    /// workflow ids, `{workflowId, enabled?, condition?}` or `{filter: {workflowIds?, tags?}, enabled?,
    /// condition?}`. The body is checked first (400 naming the field), then the topic and subscription (404).
    /// An empty body changes nothing and answers the subscription as it is.
    static func updateSubscription(_ context: RequestContext, _ db: Database) throws -> Reply {
        var reader = context.bodyReader()
        let name = reader.string("name")
        let preferences = TopicSubscriptionPreferenceRequest.read(&reader)
        try reader.finish()
        let topic = try require(db, context)
        var record = try requireSubscription(db, context, topic: topic)
        var changed = false
        if name.isPresent {
            record.name = name.value
            changed = true
        }
        if let preferences {
            let resolved = try preferences.resolve(db, environmentId: context.environmentId)
            record.preferences = try TopicSubscriptionPreferenceRequest.preferences(
                resolved, subscriberRowId: record.subscriberRowId, db)
            changed = true
        }
        if changed {
            record.updatedAt = context.nowString
            try record.update(db)
        }
        let subscriber = try SubscriberRecord.find(db, id: record.subscriberRowId)
        return .result(try detailedJSON(record, topic: topic, subscriber: subscriber, db))
    }

    /// The subscription `identifier` names in `topic`.
    ///
    /// Novu looks a subscription up by its identifier only: the one given at creation or, when none was,
    /// `tk_<topicKey>:si_<subscriberId>`. The engine also accepts the bare subscriberId (one subscriber has
    /// at most one subscription per topic here), so `get_subscription("news", "u1")` works too; an exact
    /// identifier match wins over a subscriberId match.
    /// - Throws: ``EngineError`` 404 when neither matches.
    static func requireSubscription(
        _ db: Database, _ context: RequestContext, topic: TopicRecord
    ) throws -> TopicSubscriptionRecord {
        let identifier = context.param("identifier")
        if let found = try TopicSubscriptionRecord.fetchOne(
            db.cachedStatement(sql: "SELECT * FROM topic_subscriptions WHERE topicId = ? AND identifier = ?"),
            arguments: [topic.id, identifier])
        {
            return found
        }
        if let found = try TopicSubscriptionRecord.fetchOne(
            db.cachedStatement(sql: "SELECT * FROM topic_subscriptions WHERE topicId = ? AND externalSubscriberId = ?"),
            arguments: [topic.id, identifier])
        {
            return found
        }
        throw EngineError.notFound("Subscription with identifier \(identifier) not found for topic \(topic.key)")
    }

    /// ``subscriptionJSON(_:topic:subscriber:)`` with the subscription's `preferences` when it has any.
    /// - Throws: SQLite errors.
    static func detailedJSON(
        _ record: TopicSubscriptionRecord, topic: TopicRecord?, subscriber: SubscriberRecord?, _ db: Database
    ) throws -> JSON {
        var json = subscriptionJSON(record, topic: topic, subscriber: subscriber)
        if let preferences = try TopicSubscriptionPreference.responseJSON(record, db) {
            json = .object((json.objectValue ?? [:]).merging(["preferences": preferences]) { _, new in new })
        }
        return json
    }

    /// One item of a create request: a subscriber, with the subscription's own identifier and name when
    /// given as `{identifier, subscriberId, name?}` (the SDK's `TopicSubscriberIdentifierDto`).
    struct SubscriptionItem: Sendable {
        var subscriberId: String
        var identifier: String?
        var name: String?
    }

    /// Reads a create body: `subscriberIds` and/or `subscriptions` (strings or objects), and `preferences`.
    /// Items repeat at most once per subscriber (the first wins).
    /// - Throws: ``EngineError`` 400 naming each bad field.
    static func readSubscriptionItems(
        _ context: RequestContext
    ) throws -> (items: [SubscriptionItem], preferences: TopicSubscriptionPreferenceRequest?) {
        var reader = context.bodyReader()
        var items: [SubscriptionItem] = []
        if case .value(let list) = reader.stringArray("subscriberIds") { items += list.map { SubscriptionItem(subscriberId: $0) } }
        if case .value(let entries) = reader.array("subscriptions") {
            for (index, entry) in entries.enumerated() {
                if let id = entry.stringValue {
                    items.append(SubscriptionItem(subscriberId: id))
                    continue
                }
                guard entry.objectValue != nil else {
                    reader.fail("subscriptions.\(index).subscriberId must be a string")
                    continue
                }
                var nested = reader.nested("subscriptions.\(index)", value: entry)
                let subscriberId = nested.requiredString("subscriberId")
                let identifier = nested.string("identifier").value
                let name = nested.string("name").value
                if identifier?.isEmpty == true { nested.fail("subscriptions.\(index).identifier should not be empty") }
                if let subscriberId, nested.messages.isEmpty {
                    items.append(SubscriptionItem(subscriberId: subscriberId, identifier: identifier, name: name))
                }
                reader.absorb(nested)
            }
        }
        if reader["subscriberIds"] == nil && reader["subscriptions"] == nil {
            reader.fail("subscriberIds or subscriptions must be provided")
        }
        let preferences = TopicSubscriptionPreferenceRequest.read(&reader)
        try reader.finish()
        var seen = Set<String>()
        return (items.filter { seen.insert($0.subscriberId).inserted }, preferences)
    }
}
