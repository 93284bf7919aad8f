import Foundation
import GRDB
import JSONCore
import NovuKit

/// The synchronous half of a trigger (novu-api.md §4.1 steps 1–13c): checks the workflow and payload,
/// resolves recipients (subscriber upserts, topic fan-out, the actor left out), and writes each
/// notification with its jobs in the caller's transaction. The worker runs the jobs.
enum TriggerPipeline {
    /// Accepts one trigger; `recipients == nil` broadcasts to every live subscriber.
    /// - Throws: ``EngineError`` 422 `workflow_not_found`, 400 for missing payload variables.
    static func accept(
        _ request: TriggerRequest, broadcast: Bool = false, db: Database, context: RequestContext
    ) throws -> TriggerStatus {
        guard
            let workflow = try WorkflowRecord.fetchOne(
                db.cachedStatement(sql: "SELECT * FROM workflows WHERE environmentId = ? AND deleted = 0 AND triggerIdentifier = ?"),
                arguments: [context.environmentId, request.name])
        else { throw EngineError(.unprocessable, "workflow_not_found") }
        if !workflow.active { return .triggerNotActive }
        let steps = workflow.definitions
        if steps.isEmpty { return .noSteps }
        let active = steps.enumerated().filter { $0.element.active }
        if active.isEmpty { return .noActiveSteps }
        let payload = try checkedPayload(request.payload, steps: active.map(\.element))

        // A transactionId is used once per environment; Novu drops the repeat after answering `processed`.
        if try Bool.fetchOne(
            db.cachedStatement(sql: "SELECT EXISTS(SELECT 1 FROM notifications WHERE environmentId = ? AND transactionId = ?)"),
            arguments: [context.environmentId, request.transactionId]) == true
        {
            return .processed
        }
        let actor = try request.actorDefinition.map { try upsertRecipient($0, db: db, context: context) }
        let recipients: [TriggerRecipient]
        if broadcast {
            recipients = try Row.fetchAll(
                db.cachedStatement(sql: "SELECT id, subscriberId FROM subscribers WHERE environmentId = ? AND deleted = 0 ORDER BY id"),
                arguments: [context.environmentId]
            ).map { TriggerRecipient(rowId: $0[0], subscriberId: $0[1], definition: ["subscriberId": .string($0[1])]) }
        } else {
            guard
                let resolved = try resolveRecipients(
                    request.to, actorId: actor?.subscriberId, workflowId: workflow.id, db: db, context: context)
            else { return .processed }
            recipients = resolved
        }
        let channels = Array(Set(active.compactMap { $0.element.type.channel?.rawValue })).sorted()
        let delaySeconds = active.reduce(0.0) { sum, item in
            sum + (item.element.type == .delay ? DelayMath.seconds(item.element.metadata) ?? 0 : 0)
        }
        var notification = NotificationRecord(
            id: "", environmentId: context.environmentId, organizationId: context.organizationId,
            workflowId: workflow.id, subscriberRowId: "", transactionId: request.transactionId,
            payload: .object(payload), overrides: .object(request.overrides), now: context.nowString,
            expireAt: ISOTime.format(context.now.addingTimeInterval(delaySeconds + 30 * 86_400)))
        notification.actor = request.actorDefinition.map { definition in
            var members = definition.objectValue ?? [:]
            if let avatar = actor?.avatar { members["avatar"] = .string(avatar) }
            return .object(members)
        }
        notification.tenant = request.tenant
        notification.channels = channels
        notification.tags = workflow.tags
        try NotificationWriter(
            notification: notification, steps: active.map { ($0.offset, workflow.steps[$0.offset], $0.element.type) },
            context: context
        ).write(recipients, db: db)
        return .processed
    }

    // MARK: - Payload

    /// The payload with step-variable defaults filled in; 400 when required variables are missing.
    static func checkedPayload(_ payload: [String: JSON], steps: [WorkflowStep]) throws(EngineError) -> [String: JSON] {
        var result = payload
        var missing: [String] = []
        for step in steps {
            for variable in step.template["variables"]?.arrayValue ?? [] {
                guard let name = variable["name"]?.stringValue else { continue }
                let present = JSON.object(payload).value(atPath: name).map { $0 != .null } ?? false
                if !present, let defaultValue = variable["defaultValue"], defaultValue != .null, !name.contains(".") {
                    result[name] = result[name] ?? defaultValue
                } else if !present, variable["required"]?.boolValue == true {
                    missing.append("\(name) (\(variable["type"]?.stringValue ?? "String"))")
                }
            }
            if step.type == .delay, step.metadata?["type"]?.stringValue == "scheduled",
                let path = step.metadata?["delayPath"]?.stringValue
            {
                let value = JSON.object(payload).value(atPath: path)?.stringValue
                if value.flatMap(ISOTime.parse) == nil || !(value?.contains("T") ?? false) {
                    missing.append("\(path) (ISO Date)")
                }
            }
        }
        if !missing.isEmpty {
            throw EngineError.badRequest("payload is missing required key(s) and type(s): " + missing.joined(separator: ", "))
        }
        return result
    }

    // MARK: - Recipients

    /// Singles (de-duplicated, the last definition wins) then topic members not already listed and not the actor.
    /// A member whose subscription to the topic turns workflow `workflowId` off (`preferences` with
    /// `enabled: false`) is left out; a subscription's `condition` is not evaluated (README).
    /// `nil` when a topic key is unknown: the whole multicast fails, as in Novu.
    static func resolveRecipients(
        _ to: [JSON], actorId: String?, workflowId: String, db: Database, context: RequestContext
    ) throws -> [TriggerRecipient]? {
        var order: [String] = []
        var definitions: [String: JSON] = [:]
        var topicKeys: [String] = []
        for item in to {
            if let id = item.stringValue {
                if definitions[id] == nil { order.append(id) }
                definitions[id] = definitions[id] ?? ["subscriberId": .string(id)]
            } else if item["type"]?.stringValue == "Topic", let key = item["topicKey"]?.stringValue {
                topicKeys.append(key)
            } else if let id = item["subscriberId"]?.stringValue {
                if definitions[id] == nil { order.append(id) }
                definitions[id] = item
            }
        }
        var recipients: [TriggerRecipient] = []
        for id in order {
            guard let definition = definitions[id] else { continue }
            let subscriber = try upsertRecipient(definition, db: db, context: context)
            recipients.append(TriggerRecipient(rowId: subscriber.id, subscriberId: subscriber.subscriberId, definition: definition))
        }
        var seen = Set(order)
        if let actorId { seen.insert(actorId) }
        for key in topicKeys {
            guard let topic = try TopicRecord.find(db, environmentId: context.environmentId, key: key) else { return nil }
            let recipient: JSON = ["type": "Topic", "topicKey": .string(key)]
            let rows = try Row.fetchCursor(
                db.cachedStatement(sql: """
                    SELECT s.id, s.subscriberId, t.preferences
                    FROM topic_subscriptions t JOIN subscribers s ON s.id = t.subscriberRowId
                    WHERE t.topicId = ? AND s.deleted = 0 ORDER BY t.id
                    """), arguments: [topic.id])
            while let row = try rows.next() {
                let subscriberId: String = row[1]
                guard !seen.contains(subscriberId), !TopicSubscriptionPreference.turnsOff(workflowId, stored: row[2]) else { continue }
                seen.insert(subscriberId)
                recipients.append(TriggerRecipient(rowId: row[0], subscriberId: subscriberId, definition: recipient))
            }
        }
        return recipients
    }

    /// Creates or updates a subscriber from a `to` definition with the trigger's field rules.
    static func upsertRecipient(_ definition: JSON, db: Database, context: RequestContext) throws -> SubscriberRecord {
        let id = definition["subscriberId"]?.stringValue ?? ""
        let isBare = (definition.objectValue?.keys.count ?? 0) <= 1
        if isBare, let existing = try SubscriberRecord.find(db, environmentId: context.environmentId, subscriberId: id) {
            return existing
        }
        var reader = BodyReader(definition)
        let profile = SubscriberProfile.read(&reader, timezone: true)
        let channels = CredentialService.readChannels(&reader)
        var (record, _) = try SubscriberStore.upsert(db, context: context, subscriberId: id, profile: profile, mode: .upsert)
        if !channels.isEmpty {
            let stored = record
            for channel in channels {
                try? CredentialService.apply(db, context: context, record: &record, request: channel, mode: .merge)
            }
            try record.updateChanges(db, from: stored)
        }
        return record
    }
}

/// Durations of delay and digest metadata.
enum DelayMath {
    /// `amount` × `unit` in seconds, or `nil` when the metadata has no usable amount.
    static func seconds(amount: JSON?, unit: JSON?) -> Double? {
        guard let amount = amount?.doubleValue ?? amount?.stringValue.flatMap(Double.init) else { return nil }
        let factor: Double
        switch unit?.stringValue ?? "seconds" {
        case "minutes": factor = 60
        case "hours": factor = 3600
        case "days": factor = 86_400
        case "weeks": factor = 7 * 86_400
        case "months": factor = 30 * 86_400
        default: factor = 1
        }
        return amount * factor
    }

    /// The regular window of delay/digest `metadata`.
    static func seconds(_ metadata: JSON?) -> Double? { seconds(amount: metadata?["amount"], unit: metadata?["unit"]) }
}
