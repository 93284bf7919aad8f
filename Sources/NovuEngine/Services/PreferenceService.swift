import GRDB
import JSONCore
import NovuKit

/// Subscriber preferences, v1 and v2 routes, all computed through ``PreferenceResolver``.
enum PreferenceService {
    static var routes: [Route] {
        [
            .config(.get, "/v1/subscribers/:subscriberId/preferences", .read, handler: v1List),
            .config(.get, "/v1/subscribers/:subscriberId/preferences/:parameter", .read, handler: v1ByLevel),
            .config(.patch, "/v1/subscribers/:subscriberId/preferences/:workflowId", .write, handler: v1PatchWorkflow),
            .config(.patch, "/v1/subscribers/:subscriberId/preferences", .write, handler: v1PatchGlobal),
            .config(.get, "/v2/subscribers/:subscriberId/preferences", .read, handler: v2Get),
            .config(.patch, "/v2/subscribers/:subscriberId/preferences", .write, handler: v2Patch),
            .config(.patch, "/v2/subscribers/:subscriberId/preferences/bulk", .write, handler: v2Bulk),
        ]
    }

    // MARK: - v1

    /// `GET /v1/subscribers/:id/preferences`: one item per active workflow, critical ones included.
    static func v1List(_ context: RequestContext, _ db: Database) throws -> Reply {
        let subscriber = try requireSubscriber(db, context, status: .badRequest)
        let stored = try PreferenceRecord.all(db, subscriberRowId: subscriber.id)
        let items = try activeWorkflows(db, context).map { v1Item($0, stored: stored) }
        return .result(.array(items))
    }

    /// `GET /v1/subscribers/:id/preferences/global|template`.
    static func v1ByLevel(_ context: RequestContext, _ db: Database) throws -> Reply {
        let level = context.param("parameter")
        guard level == "global" || level == "template" else {
            throw EngineError.validation(["parameter must be one of the following values: global, template"])
        }
        if level == "template" { return try v1List(context, db) }
        let subscriber = try requireSubscriber(db, context, status: .badRequest)
        let global = try PreferenceRecord.all(db, subscriberRowId: subscriber.id)[PreferenceRecord.globalWorkflowId]
        return .result([["preference": globalJSON(global, channels: Channel.ordered)]])
    }

    /// `PATCH /v1/subscribers/:id/preferences/:workflowId` `{channel?: {type, enabled}, enabled?}`.
    static func v1PatchWorkflow(_ context: RequestContext, _ db: Database) throws -> Reply {
        var reader = context.bodyReader()
        let enabled = reader.bool("enabled").value
        var channelUpdate: (String, Bool)?
        if case .value(let channel) = reader.object("channel") {
            var nested = reader.nested("channel", value: .object(channel))
            let type = nested.enumValue("type", allowed: Channel.wireNames).value
            let flag = nested.bool("enabled").value
            if channel["enabled"] == nil { nested.fail("channel.enabled must be a boolean value") }
            reader.absorb(nested)
            if let type, let flag { channelUpdate = (type, flag) }
        }
        try reader.finish()
        let subscriber = try requireSubscriber(db, context, status: .notFound, message: "Subscriber not found")
        let workflowId = context.param("workflowId")
        guard let workflow = try WorkflowRecord.find(db, environmentId: context.environmentId, reference: workflowId) else {
            throw EngineError.notFound("Template with id \(workflowId) is not found")
        }
        guard enabled != nil || channelUpdate != nil else {
            throw EngineError.badRequest("In order to make an update you need to provider channel or enabled")
        }
        var record = try preference(db, context, subscriber: subscriber, workflowId: workflow.id, firstEnabled: enabled)
        if let enabled { record.enabled = enabled }
        if let (type, flag) = channelUpdate { record.channels[type] = flag }
        record.updatedAt = context.nowString
        try record.save(db)
        let stored = try PreferenceRecord.all(db, subscriberRowId: subscriber.id)
        return .result(v1Item(workflow, stored: stored))
    }

    /// `PATCH /v1/subscribers/:id/preferences` `{enabled?, preferences?: [{type, enabled}]}` (global).
    static func v1PatchGlobal(_ context: RequestContext, _ db: Database) throws -> Reply {
        var reader = context.bodyReader()
        let enabled = reader.bool("enabled").value
        var updates: [(String, Bool)] = []
        if case .value(let items) = reader.array("preferences") {
            for (index, item) in items.enumerated() {
                var nested = reader.nested("preferences.\(index)", value: item)
                let type = nested.enumValue("type", allowed: Channel.wireNames).value
                let flag = nested.bool("enabled").value
                if item["enabled"] == nil { nested.fail("preferences.\(index).enabled must be a boolean value") }
                reader.absorb(nested)
                if let type, let flag { updates.append((type, flag)) }
            }
        }
        try reader.finish()
        let subscriber = try requireSubscriber(db, context, status: .notFound, message: "Subscriber not found")
        var record = try preference(db, context, subscriber: subscriber, workflowId: PreferenceRecord.globalWorkflowId, firstEnabled: enabled)
        if let enabled { record.enabled = enabled }
        for (type, flag) in updates { record.channels[type] = flag }
        record.updatedAt = context.nowString
        try record.save(db)
        return .result(["preference": globalJSON(record, channels: Channel.ordered)])
    }

    // MARK: - v2

    /// `GET /v2/subscribers/:id/preferences[?criticality=nonCritical|critical|all]`.
    static func v2Get(_ context: RequestContext, _ db: Database) throws -> Reply {
        var query = context.query
        let criticality = query.enumValue("criticality", allowed: ["critical", "nonCritical", "all"]) ?? "nonCritical"
        try query.finish()
        let subscriber = try requireSubscriber(db, context, status: .notFound)
        return .result(try v2Body(db, context, subscriber: subscriber, criticality: criticality))
    }

    /// `PATCH /v2/subscribers/:id/preferences` `{channels, workflowId?}`: global when no workflow is named.
    static func v2Patch(_ context: RequestContext, _ db: Database) throws -> Reply {
        var reader = context.bodyReader()
        let channels = readChannels(&reader, key: "channels")
        let workflowId = reader.string("workflowId").value
        try reader.finish()
        let subscriber = try requireSubscriber(db, context, status: .notFound)
        if let workflowId {
            let workflow = try requireEditableWorkflow(db, context, reference: workflowId)
            try write(db, context, subscriber: subscriber, workflowId: workflow.id, channels: channels)
        } else {
            try write(db, context, subscriber: subscriber, workflowId: PreferenceRecord.globalWorkflowId, channels: channels)
        }
        return .result(try v2Body(db, context, subscriber: subscriber, criticality: "nonCritical"))
    }

    /// `PATCH /v2/subscribers/:id/preferences/bulk` `{preferences: [{workflowId, channels}]}` (≤ 100).
    static func v2Bulk(_ context: RequestContext, _ db: Database) throws -> Reply {
        var reader = context.bodyReader()
        let items = reader.requiredArray("preferences", max: 100) ?? []
        var parsed: [(String, [String: Bool])] = []
        for (index, item) in items.enumerated() {
            var nested = reader.nested("preferences.\(index)", value: item)
            let workflowId = nested.requiredString("workflowId")
            let channels = readChannels(&nested, key: "channels")
            reader.absorb(nested)
            if let workflowId { parsed.append((workflowId, channels)) }
        }
        try reader.finish()
        let subscriber = try requireSubscriber(db, context, status: .notFound)
        var workflows: [WorkflowRecord] = []
        for (reference, channels) in parsed {
            let workflow = try requireEditableWorkflow(db, context, reference: reference)
            try write(db, context, subscriber: subscriber, workflowId: workflow.id, channels: channels)
            workflows.append(workflow)
        }
        let stored = try PreferenceRecord.all(db, subscriberRowId: subscriber.id)
        return .result(.array(workflows.map { workflow in
            let resolved = resolve(workflow, stored: stored)
            return [
                "level": "template", "enabled": .bool(resolved.enabled), "channels": resolved.channelsJSON,
                "workflow": [
                    "id": .string(workflow.id), "identifier": .string(workflow.triggerIdentifier), "name": .string(workflow.name),
                    "critical": .bool(workflow.critical), "tags": .array(workflow.tags.map(JSON.string)),
                    "severity": .string(workflow.severity),
                ],
            ]
        }))
    }

    // MARK: - Helpers

    static func resolve(_ workflow: WorkflowRecord, stored: [String: PreferenceRecord]) -> ResolvedPreferences {
        PreferenceResolver.resolve(
            workflow: workflow, global: stored[PreferenceRecord.globalWorkflowId], subscriberWorkflow: stored[workflow.id])
    }

    private static func v1Item(_ workflow: WorkflowRecord, stored: [String: PreferenceRecord]) -> JSON {
        let resolved = resolve(workflow, stored: stored)
        return [
            "template": [
                "_id": .string(workflow.id), "name": .string(workflow.name), "critical": .bool(workflow.critical),
                "triggers": [["type": "event", "identifier": .string(workflow.triggerIdentifier), "variables": []]],
            ],
            "preference": [
                "enabled": .bool(resolved.enabled), "channels": resolved.channelsJSON, "overrides": resolved.overridesJSON,
            ],
        ]
    }

    private static func globalJSON(_ record: PreferenceRecord?, channels: [Channel]) -> JSON {
        let values = Dictionary(uniqueKeysWithValues: channels.map { ($0.rawValue, JSON.bool(record?.channels[$0.rawValue] ?? true)) })
        return ["enabled": .bool(record?.enabled ?? true), "channels": .object(values)]
    }

    private static func v2Body(_ db: Database, _ context: RequestContext, subscriber: SubscriberRecord, criticality: String) throws -> JSON {
        let stored = try PreferenceRecord.all(db, subscriberRowId: subscriber.id)
        let workflows = try activeWorkflows(db, context)
        let used = Set(workflows.flatMap(\.channelsInUse))
        let listed = workflows.filter {
            criticality == "all" || (criticality == "critical" ? $0.critical : !$0.critical)
        }
        let items: [JSON] = listed.map { workflow in
            let resolved = resolve(workflow, stored: stored)
            var item: [String: JSON] = [
                "enabled": .bool(resolved.enabled), "channels": resolved.channelsJSON, "overrides": resolved.overridesJSON,
                "workflow": [
                    "slug": .string(workflow.slug), "identifier": .string(workflow.triggerIdentifier), "name": .string(workflow.name),
                    "updatedAt": .string(workflow.updatedAt),
                ],
            ]
            if let record = stored[workflow.id] { item["updatedAt"] = .string(record.updatedAt) }
            return .object(item)
        }
        return [
            "global": globalJSON(stored[PreferenceRecord.globalWorkflowId], channels: Channel.ordered.filter(used.contains)),
            "workflows": .array(items),
        ]
    }

    private static func readChannels(_ reader: inout BodyReader, key: String) -> [String: Bool] {
        guard case .value(let members) = reader.object(key) else { return [:] }
        var nested = reader.nested(key, value: .object(members))
        var result: [String: Bool] = [:]
        for channel in Channel.wireNames {
            if case .value(let flag) = nested.bool(channel) { result[channel] = flag }
        }
        reader.absorb(nested)
        return result
    }

    private static func write(
        _ db: Database, _ context: RequestContext, subscriber: SubscriberRecord, workflowId: String, channels: [String: Bool]
    ) throws {
        var record = try preference(db, context, subscriber: subscriber, workflowId: workflowId, firstEnabled: nil)
        for (channel, flag) in channels { record.channels[channel] = flag }
        record.updatedAt = context.nowString
        try record.save(db)
    }

    /// The stored record, or a new one whose `enabled` is `firstEnabled != false` (Novu's first-write rule).
    private static func preference(
        _ db: Database, _ context: RequestContext, subscriber: SubscriberRecord, workflowId: String, firstEnabled: Bool?
    ) throws -> PreferenceRecord {
        if let existing = try PreferenceRecord.fetchOne(
            db.cachedStatement(sql: "SELECT * FROM subscriber_preferences WHERE subscriberRowId = ? AND workflowId = ?"),
            arguments: [subscriber.id, workflowId])
        {
            return existing
        }
        var record = PreferenceRecord(
            id: context.newId(), environmentId: context.environmentId, subscriberRowId: subscriber.id, workflowId: workflowId,
            now: context.nowString)
        record.enabled = firstEnabled != false
        return record
    }

    private static func activeWorkflows(_ db: Database, _ context: RequestContext) throws -> [WorkflowRecord] {
        try WorkflowRecord.fetchAll(
            db.cachedStatement(sql: "SELECT * FROM workflows WHERE environmentId = ? AND deleted = 0 AND active = 1 ORDER BY id"),
            arguments: [context.environmentId])
    }

    private static func requireEditableWorkflow(_ db: Database, _ context: RequestContext, reference: String) throws -> WorkflowRecord {
        guard let workflow = try WorkflowRecord.find(db, environmentId: context.environmentId, reference: reference) else {
            throw EngineError.notFound("Workflow with id: \(reference) is not found")
        }
        if workflow.critical { throw EngineError.badRequest("Critical workflow with id: \(reference) can not be updated") }
        return workflow
    }

    private static func requireSubscriber(
        _ db: Database, _ context: RequestContext, status: EngineError.Code, message: String? = nil
    ) throws -> SubscriberRecord {
        let id = context.param("subscriberId")
        guard let subscriber = try SubscriberRecord.find(db, environmentId: context.environmentId, subscriberId: id) else {
            throw EngineError(status, message ?? "Subscriber \(id) not found")
        }
        return subscriber
    }
}
