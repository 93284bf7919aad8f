import GRDB
import JSONCore
import NovuKit

/// Subscribers v2 (`/v2/subscribers`): search with cursors, create with `failIfExists`, retrieve, patch,
/// delete with cascade.
enum SubscriberV2Service {
    static var routes: [Route] {
        [
            .config(.get, "/v2/subscribers", .read, handler: search),
            .config(.post, "/v2/subscribers", .write, handler: create),
            .config(.get, "/v2/subscribers/:subscriberId", .read, handler: retrieve),
            .config(.patch, "/v2/subscribers/:subscriberId", .write, handler: patch),
            .config(.delete, "/v2/subscribers/:subscriberId", .write, handler: delete),
        ]
    }

    /// `GET /v2/subscribers`: filters `email`, `phone`, `subscriberId` (exact) and `name` (substring of
    /// "first last", case-sensitive), cursor pagination.
    static func search(_ context: RequestContext, _ db: Database) throws -> Reply {
        var query = context.query
        let page = CursorPage.read(&query)
        try query.finish()
        var filter = "environmentId = ? AND deleted = 0"
        var arguments: StatementArguments = [context.environmentId]
        for (name, column) in [("email", "email"), ("phone", "phone"), ("subscriberId", "subscriberId")] {
            if let value = query.string(name), !value.isEmpty {
                filter += " AND \(column) = ?"
                arguments += [value]
            }
        }
        if let name = query.string("name"), !name.isEmpty {
            filter += " AND instr(coalesce(firstName, '') || ' ' || coalesce(lastName, ''), ?) > 0"
            arguments += [name]
        }
        let result: CursorPage.Result<SubscriberRecord> = try page.fetch(
            db, table: "subscribers", filter: filter, arguments: arguments, id: \.id)
        return .result(CursorPage.json(result) { $0.json(organizationId: context.organizationId) })
    }

    /// `POST /v2/subscribers[?failIfExists=true]` → 201; 409 (with the subscriber in the body) when it exists
    /// and `failIfExists` is true; otherwise the profile is replaced by the body.
    static func create(_ context: RequestContext, _ db: Database) throws -> Reply {
        var query = context.query
        let failIfExists = query.bool("failIfExists") ?? false
        try query.finish()
        var reader = context.bodyReader()
        let rawId = reader.requiredString("subscriberId")
        let subscriberId = rawId.map { $0.trimmingSpaces() }
        if let subscriberId, !SubscriberStore.isValidV2SubscriberId(subscriberId) {
            reader.fail(
                "Invalid subscriberId: \(subscriberId), only alphanumeric characters, -, _, and . or valid email addresses are allowed"
            )
        }
        let profile = SubscriberProfile.read(&reader, timezone: true)
        try reader.finish()
        guard let subscriberId else { throw EngineError.validation(reader.messages) }
        if failIfExists, let existing = try SubscriberRecord.find(db, environmentId: context.environmentId, subscriberId: subscriberId) {
            throw EngineError(
                .conflict, "Subscriber with subscriberId: \(subscriberId) already exists",
                extra: existing.json(organizationId: context.organizationId).objectValue ?? [:])
        }
        let (record, _) = try SubscriberStore.upsert(
            db, context: context, subscriberId: subscriberId, profile: profile, mode: .replace)
        return .result(record.json(organizationId: context.organizationId), status: 201)
    }

    /// `GET /v2/subscribers/:subscriberId`.
    static func retrieve(_ context: RequestContext, _ db: Database) throws -> Reply {
        let record = try require(db, context)
        let organizationId = context.organizationId
        return .result { record.json(organizationId: organizationId) }
    }

    /// `PATCH /v2/subscribers/:subscriberId`: present keys are written, `null` clears.
    static func patch(_ context: RequestContext, _ db: Database) throws -> Reply {
        var reader = context.bodyReader()
        let profile = SubscriberProfile.read(&reader, timezone: true)
        try reader.finish()
        var record = try require(db, context)
        let stored = record
        profile.apply(to: &record, mode: .patch)
        record.updatedAt = context.nowString
        try record.updateChanges(db, from: stored)
        let organizationId = context.organizationId
        return .result { [record] in record.json(organizationId: organizationId) }
    }

    /// `DELETE /v2/subscribers/:subscriberId`: removes the subscriber, its topic subscriptions, preferences
    /// and messages in one transaction.
    static func delete(_ context: RequestContext, _ db: Database) throws -> Reply {
        let id = context.param("subscriberId")
        guard let record = try SubscriberRecord.find(db, environmentId: context.environmentId, subscriberId: id) else {
            throw EngineError(.notFound, "Subscriber was not found", extra: ["externalSubscriberId": .string(id)])
        }
        try SubscriberStore.hardDelete(db, record)
        return .result(["acknowledged": true, "status": "deleted"])
    }

    /// The subscriber of the path: the one the write's before-image read just found, or read now.
    private static func require(_ db: Database, _ context: RequestContext) throws -> SubscriberRecord {
        let id = context.param("subscriberId")
        if let kept = context.readMemo?.takeSubscriber(environmentId: context.environmentId, subscriberId: id, db) {
            return kept
        }
        guard let record = try SubscriberRecord.find(db, environmentId: context.environmentId, subscriberId: id) else {
            throw EngineError.notFound("Subscriber \(id) was not found")
        }
        context.readMemo?.keep(record, db)
        return record
    }
}

extension String {
    /// The string without leading and trailing spaces, tabs and newlines.
    func trimmingSpaces() -> String {
        var scalars = Substring(self)
        while let first = scalars.first, first.isWhitespace { scalars.removeFirst() }
        while let last = scalars.last, last.isWhitespace { scalars.removeLast() }
        return String(scalars)
    }
}
