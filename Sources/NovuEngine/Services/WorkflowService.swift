import GRDB
import JSONCore
import NovuKit

/// Workflows v1 (`/v1/workflows`, alias `/v1/notification-templates`); writes only in Development.
enum WorkflowService {
    static var routes: [Route] {
        ["/v1/workflows", "/v1/notification-templates"].flatMap { base -> [Route] in
            [
                Route(.get, base, .read, handler: list),
                Route(.post, base, .write, bodyLimit: nil, handler: create),
                Route(.get, base + "/:workflowId", .read, handler: get),
                Route(.put, base + "/:workflowId", .write, handler: update),
                Route(.put, base + "/:workflowId/status", .write, handler: status),
                Route(.delete, base + "/:workflowId", .write, handler: delete),
            ]
        }
    }

    /// `GET /v1/workflows?page&limit&query` → `{page, pageSize, totalCount, data}`.
    static func list(_ context: RequestContext, _ db: Database) throws -> Reply {
        var query = context.query
        let page = query.int("page", default: 0, min: 0) ?? 0
        let limit = query.int("limit", default: 10, min: 1, max: 100) ?? 10
        try query.finish()
        var filter = "environmentId = ? AND deleted = 0"
        var arguments: StatementArguments = [context.environmentId]
        if let text = query.string("query"), !text.isEmpty {
            filter += " AND (instr(lower(name), lower(?)) > 0 OR instr(triggerIdentifier, lower(?)) > 0)"
            arguments += [text, text]
        }
        let total = try Int.fetchOne(db.cachedStatement(sql: "SELECT COUNT(*) FROM workflows WHERE \(filter)"), arguments: arguments) ?? 0
        let records = try WorkflowRecord.fetchAll(
            db.cachedStatement(sql: "SELECT * FROM workflows WHERE \(filter) ORDER BY id DESC LIMIT ? OFFSET ?"),
            arguments: arguments + [limit, page * limit])
        return .result([
            "page": .int(Int64(page)), "pageSize": .int(Int64(limit)), "totalCount": .int(Int64(total)),
            "data": .array(records.map { $0.v1JSON(organizationId: context.organizationId) }),
        ])
    }

    /// `POST /v1/workflows` → 201; the trigger identifier is the slug of the name (`-<suffix>` on collision).
    static func create(_ context: RequestContext, _ db: Database) throws -> Reply {
        try requireDevelopment(context)
        var reader = context.bodyReader()
        let name = reader.requiredString("name", notEmpty: true)
        let groupId = reader.string("notificationGroupId").value
        if groupId == nil { reader.fail("Notification group must be provided ") }
        var record = WorkflowRecord(
            id: context.newId(), environmentId: context.environmentId, name: name ?? "", triggerIdentifier: "",
            groupId: groupId ?? "", origin: "novu-cloud-v1", now: context.nowString)
        try apply(&reader, to: &record, context: context)
        try reader.finish()
        record.triggerIdentifier = try uniqueIdentifier(db, context, base: WorkflowSteps.slug(record.name))
        try record.insert(db)
        return .result(record.v1JSON(organizationId: context.organizationId), status: 201)
    }

    /// `GET /v1/workflows/:workflowId` (internal `_id`; the trigger identifier also works).
    static func get(_ context: RequestContext, _ db: Database) throws -> Reply {
        .result(try require(db, context).v1JSON(organizationId: context.organizationId))
    }

    /// `PUT /v1/workflows/:workflowId`: present fields are replaced.
    static func update(_ context: RequestContext, _ db: Database) throws -> Reply {
        try requireDevelopment(context)
        var record = try require(db, context)
        var reader = context.bodyReader()
        if case .value(let name) = reader.string("name") { record.name = name }
        if case .value(let group) = reader.string("notificationGroupId") { record.notificationGroupId = group }
        let identifier = reader.string("identifier").value
        try apply(&reader, to: &record, context: context)
        try reader.finish()
        if let identifier, identifier != record.triggerIdentifier {
            if try WorkflowRecord.find(db, environmentId: context.environmentId, reference: identifier) != nil {
                throw EngineError.conflict("Workflow with identifier \(identifier) already exists")
            }
            record.triggerIdentifier = identifier
        }
        record.updatedAt = context.nowString
        try record.update(db)
        return .result(record.v1JSON(organizationId: context.organizationId))
    }

    /// `PUT /v1/workflows/:workflowId/status` `{active}`.
    static func status(_ context: RequestContext, _ db: Database) throws -> Reply {
        try requireDevelopment(context)
        var reader = context.bodyReader()
        let active = reader.requiredBool("active")
        try reader.finish()
        var record = try require(db, context)
        record.active = active ?? record.active
        record.updatedAt = context.nowString
        try record.update(db)
        return .result(record.v1JSON(organizationId: context.organizationId))
    }

    /// `DELETE /v1/workflows/:workflowId` → `{data: true}` (soft delete).
    static func delete(_ context: RequestContext, _ db: Database) throws -> Reply {
        try requireDevelopment(context)
        var record = try require(db, context)
        record.deleted = true
        record.updatedAt = context.nowString
        try record.update(db)
        return .result(true)
    }

    // MARK: - Shared

    /// Reads the optional v1 fields onto `record`.
    static func apply(_ reader: inout BodyReader, to record: inout WorkflowRecord, context: RequestContext) throws {
        if case .value(let text) = reader.string("description") { record.description = text }
        if case .value(let tags) = reader.stringArray("tags") { record.tags = tags }
        if case .value(let active) = reader.bool("active") { record.active = active }
        if case .value(let critical) = reader.bool("critical") { record.critical = critical }
        if case .value(let data) = reader.object("data") { record.data = .object(data) }
        if case .value(let settings) = reader.object("preferenceSettings") {
            var parsed: [String: Bool] = [:]
            for (key, value) in settings {
                guard Channel(rawValue: key) != nil else { continue }
                guard let flag = value.boolValue else {
                    reader.fail("preferenceSettings.\(key) must be a boolean value")
                    continue
                }
                parsed[key] = flag
            }
            record.preferenceSettings = parsed
        }
        if case .value(let steps) = reader.array("steps") {
            record.steps = WorkflowSteps.v1(steps, reader: &reader, context: context)
        }
    }

    /// `base`, or `base-<random>` when a live workflow already uses it.
    static func uniqueIdentifier(_ db: Database, _ context: RequestContext, base: String) throws -> String {
        var candidate = base
        while try Bool.fetchOne(
            db.cachedStatement(sql: "SELECT EXISTS (SELECT 1 FROM workflows WHERE environmentId = ? AND triggerIdentifier = ? AND deleted = 0)"),
            arguments: [context.environmentId, candidate]) == true
        {
            candidate = base + "-" + OrganizationSeeder.randomToken(bytes: 3)
        }
        return candidate
    }

    static func requireDevelopment(_ context: RequestContext) throws {
        guard context.environment.isDevelopment else {
            throw EngineError(.unauthorized, "This action is only allowed in Development environment")
        }
    }

    static func require(_ db: Database, _ context: RequestContext) throws -> WorkflowRecord {
        let id = context.param("workflowId")
        guard let record = try WorkflowRecord.find(db, environmentId: context.environmentId, reference: id) else {
            throw EngineError.notFound("Workflow with id \(id) not found")
        }
        return record
    }
}
