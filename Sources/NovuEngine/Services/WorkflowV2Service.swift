import GRDB
import JSONCore
import NovuKit

/// Workflows v2 (`/v2/workflows`): create, list, get, PUT, PATCH, delete; addressed by `_id`, workflowId or slug.
enum WorkflowV2Service {
    static var routes: [Route] {
        [
            Route(.post, "/v2/workflows", .write, handler: create),
            Route(.get, "/v2/workflows", .read, handler: list),
            Route(.get, "/v2/workflows/:workflowId", .read, handler: get),
            Route(.put, "/v2/workflows/:workflowId", .write, handler: put),
            Route(.patch, "/v2/workflows/:workflowId", .write, handler: patch),
            Route(.delete, "/v2/workflows/:workflowId", .write, handler: delete),
        ]
    }

    /// `POST /v2/workflows` → 201; 409 when `workflowId` is taken.
    static func create(_ context: RequestContext, _ db: Database) throws -> Reply {
        var reader = context.bodyReader()
        let name = reader.requiredString("name", notEmpty: true)
        let workflowId = reader.requiredString("workflowId", notEmpty: true)
        let steps = reader.requiredArray("steps")
        guard let groupId = try EnvironmentService.defaultGroupId(db, environmentId: context.environmentId) else {
            throw EngineError.notFound("Notification group not found")
        }
        var record = WorkflowRecord(
            id: context.newId(), environmentId: context.environmentId, name: name ?? "",
            triggerIdentifier: WorkflowSteps.slug(workflowId ?? ""), groupId: groupId, origin: "novu-cloud",
            now: context.nowString)
        record.active = true
        applyOptional(&reader, to: &record)
        if let steps { record.steps = WorkflowSteps.v2(steps, reader: &reader, context: context) }
        try reader.finish()
        if let workflowId {
            record.triggerIdentifier = workflowId
            if try WorkflowRecord.find(db, environmentId: context.environmentId, reference: workflowId) != nil {
                throw EngineError.conflict("Workflow with id \(workflowId) already exists")
            }
        }
        try record.insert(db)
        return .result(record.v2JSON(organizationId: context.organizationId), status: 201)
    }

    /// `GET /v2/workflows?limit&offset&query&tags&status` → `{workflows, totalCount}`.
    static func list(_ context: RequestContext, _ db: Database) throws -> Reply {
        var query = context.query
        let limit = query.int("limit", default: 10, min: 1, max: 100) ?? 10
        let offset = query.int("offset", default: 0, min: 0) ?? 0
        let direction = query.enumValue("orderDirection", allowed: ["ASC", "DESC"]) ?? "DESC"
        let orderBy = query.enumValue("orderBy", allowed: ["createdAt", "updatedAt", "name", "lastTriggeredAt"]) ?? "createdAt"
        try query.finish()
        var filter = "environmentId = ? AND deleted = 0"
        var arguments: StatementArguments = [context.environmentId]
        if let text = query.string("query"), !text.isEmpty {
            filter += " AND (instr(lower(name), lower(?)) > 0 OR instr(triggerIdentifier, lower(?)) > 0)"
            arguments += [text, text]
        }
        let statuses = query.strings("status")
        if !statuses.isEmpty {
            let active = statuses.contains("ACTIVE")
            let inactive = statuses.contains("INACTIVE")
            if active != inactive { filter += active ? " AND active = 1" : " AND active = 0" }
        }
        let column = orderBy == "name" ? "name" : (orderBy == "updatedAt" ? "updatedAt" : "id")
        var records = try WorkflowRecord.fetchAll(
            db.cachedStatement(sql: "SELECT * FROM workflows WHERE \(filter) ORDER BY \(column) \(direction)"), arguments: arguments)
        let tags = query.strings("tags")
        if !tags.isEmpty { records = records.filter { !Set($0.tags).isDisjoint(with: tags) } }
        let page = records.dropFirst(offset).prefix(limit)
        return .result([
            "workflows": .array(page.map { $0.v2ListJSON() }), "totalCount": .int(Int64(records.count)),
        ])
    }

    /// `GET /v2/workflows/:workflowId`.
    static func get(_ context: RequestContext, _ db: Database) throws -> Reply {
        .result(try WorkflowService.require(db, context).v2JSON(organizationId: context.organizationId))
    }

    /// `PUT /v2/workflows/:workflowId`: name and steps required; steps keep their ids when their name matches.
    static func put(_ context: RequestContext, _ db: Database) throws -> Reply {
        var record = try WorkflowService.require(db, context)
        var reader = context.bodyReader()
        let name = reader.requiredString("name", notEmpty: true)
        let steps = reader.requiredArray("steps")
        applyOptional(&reader, to: &record)
        if let steps { record.steps = WorkflowSteps.v2(steps, reader: &reader, context: context, existing: record.steps) }
        try reader.finish()
        record.name = name ?? record.name
        record.updatedAt = context.nowString
        try record.update(db)
        return .result(record.v2JSON(organizationId: context.organizationId))
    }

    /// `PATCH /v2/workflows/:workflowId`: `active`, `name`, `description`, `tags`, `payloadSchema`, `validatePayload`.
    static func patch(_ context: RequestContext, _ db: Database) throws -> Reply {
        var record = try WorkflowService.require(db, context)
        var reader = context.bodyReader()
        if case .value(let name) = reader.string("name") { record.name = name }
        applyOptional(&reader, to: &record)
        try reader.finish()
        record.updatedAt = context.nowString
        try record.update(db)
        return .result(record.v2JSON(organizationId: context.organizationId))
    }

    /// `DELETE /v2/workflows/:workflowId` → 204.
    static func delete(_ context: RequestContext, _ db: Database) throws -> Reply {
        var record = try WorkflowService.require(db, context)
        record.deleted = true
        record.updatedAt = context.nowString
        try record.update(db)
        return .empty()
    }

    /// Reads `description`, `tags`, `active`, `severity`, `payloadSchema`, `validatePayload`, `preferences`.
    private static func applyOptional(_ reader: inout BodyReader, to record: inout WorkflowRecord) {
        if case .value(let text) = reader.string("description") { record.description = text }
        if case .value(let tags) = reader.stringArray("tags") { record.tags = tags }
        if case .value(let active) = reader.bool("active") { record.active = active }
        if case .value(let severity) = reader.enumValue("severity", allowed: ["high", "medium", "low", "none"]) {
            record.severity = severity
        }
        if case .value(let schema) = reader.object("payloadSchema") { record.payloadSchema = .object(schema) }
        if case .value(let validate) = reader.bool("validatePayload") { record.validatePayload = validate }
        if case .value(let preferences) = reader.object("preferences") {
            let chosen = preferences["user"].flatMap { $0 == .null ? nil : $0 } ?? preferences["workflow"] ?? .object(preferences)
            if let all = chosen["all"] {
                record.allEnabled = all["enabled"]?.boolValue ?? record.allEnabled
                record.critical = all["readOnly"]?.boolValue ?? record.critical
            }
            for (key, value) in chosen["channels"]?.objectValue ?? [:] {
                if Channel(rawValue: key) != nil, let enabled = value["enabled"]?.boolValue {
                    record.preferenceSettings[key] = enabled
                }
            }
        }
    }
}
