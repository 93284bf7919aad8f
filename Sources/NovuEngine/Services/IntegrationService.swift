import GRDB
import JSONCore
import NovuKit

/// Integrations (`/v1/integrations`): records only; they gate chat/push credentials as in Novu.
enum IntegrationService {
    static let channels = ["in_app", "email", "sms", "chat", "push"]

    static var routes: [Route] {
        [
            Route(.get, "/v1/integrations", .read) { context, db in
                .result(.array(try IntegrationRecord.all(db, environmentId: context.environmentId).map { $0.json(organizationId: context.organizationId) }))
            },
            Route(.get, "/v1/integrations/active", .read) { context, db in
                let active = try IntegrationRecord.all(db, environmentId: context.environmentId).filter(\.active)
                return .result(.array(active.map { $0.json(organizationId: context.organizationId) }))
            },
            Route(.post, "/v1/integrations", .write, handler: create),
            Route(.put, "/v1/integrations/:integrationId", .write, handler: update),
            Route(.delete, "/v1/integrations/:integrationId", .write, handler: delete),
            Route(.post, "/v1/integrations/:integrationId/set-primary", .write, handler: setPrimary),
        ]
    }

    /// `POST /v1/integrations` `{providerId, channel, name?, identifier?, credentials?, active?, conditions?}` → 201.
    static func create(_ context: RequestContext, _ db: Database) throws -> Reply {
        var reader = context.bodyReader()
        let providerId = reader.requiredString("providerId", notEmpty: true)
        let channel: String?
        if reader["channel"] == nil {
            reader.fail("channel should not be null or undefined")
            channel = nil
        } else {
            channel = reader.enumValue("channel", allowed: channels).value
        }
        let name = reader.string("name").value
        let identifier = reader.string("identifier").value
        let credentials = reader.object("credentials").value
        let active = reader.bool("active").value
        let conditions = reader.array("conditions").value
        try reader.finish()
        guard let providerId, let channel else { throw EngineError.validation(reader.messages) }
        var chosen = identifier ?? providerId
        if identifier != nil, try exists(db, context, identifier: chosen) {
            throw EngineError.conflict("Integration with identifier \(chosen) already exists")
        }
        while try exists(db, context, identifier: chosen) { chosen = providerId + "-" + OrganizationSeeder.randomToken(bytes: 3) }
        var record = IntegrationRecord(
            id: context.newId(), environmentId: context.environmentId, providerId: providerId, channel: channel,
            name: name ?? providerId, identifier: chosen, now: context.nowString)
        record.active = active ?? false
        record.credentials = .object(credentials ?? [:])
        record.conditions = conditions ?? []
        try record.insert(db)
        return .result(record.json(organizationId: context.organizationId), status: 201)
    }

    /// `PUT /v1/integrations/:integrationId`: `name`, `identifier`, `credentials`, `active`, `conditions`.
    static func update(_ context: RequestContext, _ db: Database) throws -> Reply {
        var record = try require(db, context)
        var reader = context.bodyReader()
        if case .value(let name) = reader.string("name") { record.name = name }
        if case .value(let identifier) = reader.string("identifier"), identifier != record.identifier {
            if try exists(db, context, identifier: identifier) {
                throw EngineError.conflict("Integration with identifier \(identifier) already exists")
            }
            record.identifier = identifier
        }
        if case .value(let credentials) = reader.object("credentials") { record.credentials = .object(credentials) }
        if case .value(let active) = reader.bool("active") { record.active = active }
        if case .value(let conditions) = reader.array("conditions") { record.conditions = conditions }
        try reader.finish()
        record.updatedAt = context.nowString
        try record.update(db)
        return .result(record.json(organizationId: context.organizationId))
    }

    /// `DELETE /v1/integrations/:integrationId` → the remaining integrations.
    static func delete(_ context: RequestContext, _ db: Database) throws -> Reply {
        var record = try require(db, context)
        record.deleted = true
        record.active = false
        record.primary = false
        record.deletedAt = context.nowString
        try record.update(db)
        return .result(.array(try IntegrationRecord.all(db, environmentId: context.environmentId).map { $0.json(organizationId: context.organizationId) }))
    }

    /// `POST /v1/integrations/:integrationId/set-primary` → the integration, now primary and active.
    static func setPrimary(_ context: RequestContext, _ db: Database) throws -> Reply {
        var record = try require(db, context)
        guard record.channel == "email" || record.channel == "sms" else {
            throw EngineError.badRequest("Channel \(record.channel) does not support primary")
        }
        try db.cachedStatement(sql: "UPDATE integrations SET isPrimary = 0 WHERE environmentId = ? AND channel = ?").execute(
            arguments: [context.environmentId, record.channel])
        record.primary = true
        record.active = true
        record.updatedAt = context.nowString
        try record.update(db)
        return .result(record.json(organizationId: context.organizationId))
    }

    private static func exists(_ db: Database, _ context: RequestContext, identifier: String) throws -> Bool {
        try Bool.fetchOne(
            db.cachedStatement(sql: "SELECT EXISTS (SELECT 1 FROM integrations WHERE environmentId = ? AND identifier = ? AND deleted = 0)"),
            arguments: [context.environmentId, identifier]) ?? false
    }

    private static func require(_ db: Database, _ context: RequestContext) throws -> IntegrationRecord {
        let id = context.param("integrationId")
        guard
            let record = try IntegrationRecord.fetchOne(
                db.cachedStatement(sql: "SELECT * FROM integrations WHERE environmentId = ? AND id = ? AND deleted = 0"),
                arguments: [context.environmentId, id])
        else { throw EngineError.notFound("Integration with id \(id) not found") }
        return record
    }
}
