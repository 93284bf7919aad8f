import GRDB
import JSONCore
import NovuKit

/// Subscribers v1 (`/v1/subscribers`): list, get, create (upsert), bulk create, PUT, delete, online status.
enum SubscriberService {
    static var routes: [Route] {
        [
            .config(.get, "/v1/subscribers", .read, handler: list),
            .config(.get, "/v1/subscribers/:subscriberId", .read, handler: get),
            .config(.post, "/v1/subscribers", .write, handler: create),
            .config(.post, "/v1/subscribers/bulk", .write, cost: .bulk, handler: bulkCreate),
            .config(.put, "/v1/subscribers/:subscriberId", .write, handler: put),
            .config(.delete, "/v1/subscribers/:subscriberId", .write, handler: delete),
            .config(.patch, "/v1/subscribers/:subscriberId/online-status", .write, handler: onlineStatus),
        ]
    }

    /// `GET /v1/subscribers?page&limit` → `{page, pageSize, hasMore, data}`; `hasMore` is Novu's heuristic.
    static func list(_ context: RequestContext, _ db: Database) throws -> Reply {
        var query = context.query
        let page = query.int("page", default: 0, min: 0) ?? 0
        let limit = query.int("limit", default: 10, min: 1, max: 100) ?? 10
        try query.finish()
        let records = try SubscriberRecord.fetchAll(
            db.cachedStatement(sql: "SELECT * FROM subscribers WHERE environmentId = ? AND deleted = 0 ORDER BY id LIMIT ? OFFSET ?"),
            arguments: [context.environmentId, limit, page * limit])
        return .result([
            "page": .int(Int64(page)), "pageSize": .int(Int64(limit)), "hasMore": .bool(records.count == limit),
            "data": .array(records.map { $0.json(organizationId: context.organizationId) }),
        ])
    }

    /// `GET /v1/subscribers/:subscriberId[?includeTopics=true]`.
    static func get(_ context: RequestContext, _ db: Database) throws -> Reply {
        var query = context.query
        let includeTopics = query.bool("includeTopics") ?? false
        try query.finish()
        let id = context.param("subscriberId")
        guard let record = try SubscriberRecord.find(db, environmentId: context.environmentId, subscriberId: id) else {
            throw EngineError.notFound("Subscriber not found for id \(id)")
        }
        let topics = includeTopics ? try SubscriberStore.topicKeys(db, rowId: record.id) : nil
        return .result(record.json(organizationId: context.organizationId, topics: topics))
    }

    /// `POST /v1/subscribers`: upsert by `subscriberId`, `data` replaced, `channels` checked against integrations.
    static func create(_ context: RequestContext, _ db: Database) throws -> Reply {
        var reader = context.bodyReader()
        let subscriberId = reader.requiredString("subscriberId")
        let profile = SubscriberProfile.read(&reader, timezone: true)
        let channels = CredentialService.readChannels(&reader)
        try reader.finish()
        guard let subscriberId else { throw EngineError.validation(reader.messages) }
        var (record, _) = try SubscriberStore.upsert(
            db, context: context, subscriberId: subscriberId, profile: profile, mode: .upsert)
        if !channels.isEmpty {
            let stored = record
            for channel in channels {
                try CredentialService.apply(db, context: context, record: &record, request: channel, mode: .merge)
            }
            try record.updateChanges(db, from: stored)
        }
        return .result(record.json(organizationId: context.organizationId), status: 201)
    }

    /// `POST /v1/subscribers/bulk`: up to 500 upserts; soft-deleted subscribers come back as `updated`.
    static func bulkCreate(_ context: RequestContext, _ db: Database) throws -> Reply {
        var reader = context.bodyReader()
        guard let items = reader.requiredArray("subscribers", min: 1, max: 500) else {
            throw EngineError.validation(reader.messages)
        }
        var parsed: [(String, SubscriberProfile)] = []
        for (index, item) in items.enumerated() {
            var nested = reader.nested("subscribers.\(index)", value: item)
            if item.objectValue == nil { nested.fail("subscribers.\(index) must be an object") }
            let subscriberId = nested.requiredString("subscriberId")
            let profile = SubscriberProfile.read(&nested, timezone: true)
            reader.absorb(nested)
            if let subscriberId { parsed.append((subscriberId, profile)) }
        }
        try reader.finish()
        var created: [JSON] = []
        var updated: [JSON] = []
        var failed: [JSON] = []
        for (subscriberId, profile) in parsed {
            do {
                let (_, inserted) = try SubscriberStore.upsert(
                    db, context: context, subscriberId: subscriberId, profile: profile, mode: .upsert)
                let entry: JSON = ["subscriberId": .string(subscriberId)]
                if inserted { created.append(entry) } else { updated.append(entry) }
            } catch let error as DatabaseError {
                failed.append(["subscriberId": .string(subscriberId), "message": .string(error.message ?? "\(error)")])
            }
        }
        return .result(["created": .array(created), "updated": .array(updated), "failed": .array(failed)], status: 201)
    }

    /// `PUT /v1/subscribers/:subscriberId`: 400 (not 404) for an unknown id; `email: null` clears the email.
    static func put(_ context: RequestContext, _ db: Database) throws -> Reply {
        var reader = context.bodyReader()
        let profile = SubscriberProfile.read(&reader, timezone: true)
        try reader.finish()
        let id = context.param("subscriberId")
        guard var record = try SubscriberRecord.find(db, environmentId: context.environmentId, subscriberId: id) else {
            throw EngineError.badRequest("SubscriberId: \(id) not found")
        }
        let stored = record
        profile.apply(to: &record, mode: .put)
        record.updatedAt = context.nowString
        try record.updateChanges(db, from: stored)
        return .result(record.json(organizationId: context.organizationId))
    }

    /// `DELETE /v1/subscribers/:subscriberId`: soft delete, topic memberships removed.
    static func delete(_ context: RequestContext, _ db: Database) throws -> Reply {
        let id = context.param("subscriberId")
        guard let record = try SubscriberRecord.find(db, environmentId: context.environmentId, subscriberId: id) else {
            throw EngineError.notFound("Subscriber not found for id \(id)")
        }
        try SubscriberStore.softDelete(db, record, now: context.nowString)
        return .result(["acknowledged": true, "status": "deleted"])
    }

    /// `PATCH /v1/subscribers/:subscriberId/online-status`: going offline stamps `lastOnlineAt`.
    static func onlineStatus(_ context: RequestContext, _ db: Database) throws -> Reply {
        var reader = context.bodyReader()
        let isOnline = reader.requiredBool("isOnline")
        try reader.finish()
        let id = context.param("subscriberId")
        guard var record = try SubscriberRecord.find(db, environmentId: context.environmentId, subscriberId: id) else {
            throw EngineError.notFound("Subscriber not found")
        }
        let stored = record
        record.isOnline = isOnline
        if isOnline == false { record.lastOnlineAt = context.nowString }
        record.updatedAt = context.nowString
        try record.updateChanges(db, from: stored)
        return .result(record.json(organizationId: context.organizationId))
    }
}
