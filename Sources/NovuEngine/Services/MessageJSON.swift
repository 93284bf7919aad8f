import Foundation
import JSONCore

extension MessageRecord {
    /// The v1 message shape (feed, `/v1/messages`, mark-as replies).
    func v1JSON(subscriber: SubscriberRecord?, workflow: WorkflowRecord?) -> JSON {
        var members: [String: JSON] = [
            "_id": .string(id), "_templateId": .string(workflowId), "_environmentId": .string(environmentId),
            "_messageTemplateId": .string(stepId), "_organizationId": .string(organizationId),
            "_notificationId": .string(notificationId), "_subscriberId": .string(subscriberRowId),
            "_jobId": .string(jobId), "templateIdentifier": .string(templateIdentifier),
            "transactionId": .string(transactionId), "channel": .string(channel), "content": content,
            "seen": .bool(seen), "read": .bool(read), "archived": .bool(archived), "deleted": .bool(deleted),
            "status": .string(status), "cta": cta, "payload": payload, "overrides": overrides,
            "tags": .array(tags.map(JSON.string)), "createdAt": .string(createdAt), "updatedAt": .string(updatedAt),
            "expireAt": .string(expireAt), "deliveredAt": .array(deliveredAt.map(JSON.string)),
        ]
        let optional: [(String, String?)] = [
            ("subject", subject), ("title", title), ("lastSeenDate", lastSeenDate), ("lastReadDate", lastReadDate),
            ("archivedAt", archivedAt), ("snoozedUntil", snoozedUntil), ("errorText", errorText), ("_feedId", feedId),
            ("providerId", providerId), ("avatar", avatar),
        ]
        for (key, value) in optional { if let value { members[key] = .string(value) } }
        if let data { members["data"] = data }
        if let actor { members["actor"] = actor }
        if let address {
            switch channel {
            case "email": members["email"] = address
            case "sms": members["phone"] = address
            case "chat": members["chatWebhookUrl"] = address
            case "push": members["deviceTokens"] = address
            default: break
            }
        }
        if let subscriber {
            var summary: [String: JSON] = ["_id": .string(subscriber.id), "subscriberId": .string(subscriber.subscriberId)]
            if let value = subscriber.firstName { summary["firstName"] = .string(value) }
            if let value = subscriber.lastName { summary["lastName"] = .string(value) }
            if let value = subscriber.avatar { summary["avatar"] = .string(value) }
            members["subscriber"] = .object(summary)
        }
        if let workflow { members["template"] = ["_id": .string(workflow.id), "tags": .array(workflow.tags.map(JSON.string))] }
        return .object(members)
    }

    /// The v1 `MessageResponseDto` shape (`/v1/messages`, mark-as and action replies): the message with its
    /// subscriber embedded whole and no `template`. The SDK validates an embedded `subscriber` as a full
    /// `SubscriberResponseDto` and `template` as a full `WorkflowResponse` with non-null `deletedAt`/`deletedBy`,
    /// which a live workflow does not have; Novu's mark-as does not populate the workflow either.
    func v1ResponseJSON(subscriber: SubscriberRecord?) -> JSON {
        var json = v1JSON(subscriber: nil, workflow: nil)
        if let subscriber { json["subscriber"] = subscriber.json(organizationId: organizationId) }
        return json
    }

    /// The Inbox / v2 `InboxNotification` shape.
    func inboxJSON(subscriber: SubscriberRecord, workflow: WorkflowRecord?) -> JSON {
        var to: [String: JSON] = ["id": .string(subscriber.id), "subscriberId": .string(subscriber.subscriberId)]
        if let value = subscriber.firstName { to["firstName"] = .string(value) }
        if let value = subscriber.lastName { to["lastName"] = .string(value) }
        if let value = subscriber.avatar { to["avatar"] = .string(value) }
        var members: [String: JSON] = [
            "id": .string(id), "transactionId": .string(transactionId), "body": .string(content.stringValue ?? ""),
            "to": .object(to), "isRead": .bool(read), "isSeen": .bool(seen), "isArchived": .bool(archived),
            "isSnoozed": .bool(snoozedUntil != nil), "createdAt": .string(createdAt), "channelType": .string(channel),
            "severity": .string(severity), "tags": .array(tags.map(JSON.string)),
            "deliveredAt": .array(deliveredAt.map(JSON.string)),
        ]
        let optional: [(String, String?)] = [
            ("subject", subject), ("snoozedUntil", snoozedUntil), ("readAt", lastReadDate),
            ("firstSeenAt", firstSeenAt), ("archivedAt", archivedAt), ("avatar", avatar),
        ]
        for (key, value) in optional { members[key] = value.map(JSON.string) ?? .null }
        if let data { members["data"] = data }
        if let url = cta["data"]?["url"]?.stringValue {
            var redirect: [String: JSON] = ["url": .string(url)]
            if let target = cta["data"]?["target"] { redirect["target"] = target }
            members["redirect"] = .object(redirect)
        }
        for type in ["primary", "secondary"] {
            guard let button = (cta["action"]?["buttons"]?.arrayValue ?? []).first(where: { $0["type"]?.stringValue == type })
            else { continue }
            var action: [String: JSON] = [
                "label": button["content"] ?? "", "isCompleted": .bool(isCompleted(type)),
            ]
            if let url = button["url"]?.stringValue {
                var redirect: [String: JSON] = ["url": .string(url)]
                if let target = button["target"] { redirect["target"] = target }
                action["redirect"] = .object(redirect)
            }
            members[type + "Action"] = .object(action)
        }
        if let workflow {
            members["workflow"] = [
                "id": .string(workflow.id), "identifier": .string(workflow.triggerIdentifier), "name": .string(workflow.name),
                "critical": .bool(workflow.critical), "tags": .array(workflow.tags.map(JSON.string)),
                "severity": .string(workflow.severity),
            ]
        }
        return .object(members)
    }

    /// `primaryAction.isCompleted`: the action result names this button and its status is `done`.
    func isCompleted(_ type: String) -> Bool {
        cta["action"]?["result"]?["type"]?.stringValue == type && cta["action"]?["status"]?.stringValue == "done"
    }

    /// True when the message has a CTA button of `type`.
    func hasButton(_ type: String) -> Bool {
        (cta["action"]?["buttons"]?.arrayValue ?? []).contains { $0["type"]?.stringValue == type }
    }
}
