import Foundation
import GRDB
import JSONCore
import NovuKit

/// Renders a channel step and records its message: in-app messages go to the feed, the other channels to
/// the outbox (no provider is called). A subscriber without an address for the channel fails the job.
struct MessageFactory {
    let runner: JobRunner

    func deliver(
        _ job: inout JobRecord, step: WorkflowStep, channel: Channel, workflow: WorkflowRecord,
        notification: NotificationRecord, subscriber: SubscriberRecord, variables: JSON
    ) throws {
        let renderer = TemplateRenderer(variables: variables)
        let template = step.template
        var address: JSON?
        var providerId: String?
        switch channel {
        case .inApp: providerId = "novu"
        case .email:
            guard let email = subscriber.email else {
                return try runner.finish(&job, .failed, "Subscriber does not have an email address", .failed)
            }
            address = .string(email)
        case .sms:
            guard let phone = subscriber.phone else {
                return try runner.finish(&job, .failed, "Subscriber does not have a phone number", .failed)
            }
            address = .string(phone)
        case .chat:
            guard let entry = subscriber.channels.first(where: { $0["credentials"]?["webhookUrl"]?.stringValue != nil }) else {
                return try runner.finish(&job, .failed, "Subscriber does not have a chat webhook URL", .failed)
            }
            address = entry["credentials"]?["webhookUrl"]
            providerId = entry["providerId"]?.stringValue
        case .push:
            let entries = subscriber.channels.filter { !($0["credentials"]?["deviceTokens"]?.arrayValue ?? []).isEmpty }
            guard !entries.isEmpty else {
                return try runner.finish(&job, .failed, "Subscriber does not have a device token", .failed)
            }
            address = .array(entries.flatMap { $0["credentials"]?["deviceTokens"]?.arrayValue ?? [] })
            providerId = entries.first?["providerId"]?.stringValue
        }
        let retention: Double = channel == .inApp ? 365 : 30
        var message = MessageRecord(
            id: runner.ids.make(at: runner.now), job: job, organizationId: notification.organizationId, workflow: workflow,
            channel: channel.rawValue, now: runner.nowString,
            expireAt: ISOTime.format(runner.now.addingTimeInterval(retention * 86_400)))
        message.providerId = providerId
        message.address = address
        message.payload = notification.payload
        message.overrides = notification.overrides
        message.content = renderer.renderAll(template["content"] ?? "")
        message.subject = template["subject"]?.stringValue.map(renderer.render)
        message.title = template["title"]?.stringValue.map(renderer.render)
        if channel == .inApp { fillInApp(&message, template: template, renderer: renderer, notification: notification) }
        if runner.lookup.mayHaveMessage(notificationId: notification.id, stepId: message.stepId),
            var existing = try MessageRecord.fetchOne(
                runner.db.cachedStatement(sql: "SELECT * FROM messages WHERE notificationId = ? AND stepId = ? AND deleted = 0 LIMIT 1"),
                arguments: [notification.id, message.stepId])
        {
            existing.content = message.content
            existing.seen = false
            existing.createdAt = runner.nowString
            existing.updatedAt = runner.nowString
            existing.deliveredAt.append(runner.nowString)
            try existing.update(runner.db)
            message = existing
        } else {
            try runner.statements.insert(message)
            runner.lookup.noteMessage(notificationId: notification.id, stepId: message.stepId)
        }
        try runner.finish(&job, .completed, "Message sent", .success, messageId: message.id)
    }

    private func fillInApp(_ message: inout MessageRecord, template: JSON, renderer: TemplateRenderer, notification: NotificationRecord) {
        var cta = template["cta"].map(renderer.renderAll)?.objectValue ?? [:]
        cta["type"] = cta["type"] ?? "redirect"
        var action = cta["action"]?.objectValue ?? [:]
        var buttons = action["buttons"]?.arrayValue ?? []
        for (type, key) in [("primary", "primaryAction"), ("secondary", "secondaryAction")] {
            guard let control = template[key].map(renderer.renderAll) else { continue }
            var button: [String: JSON] = ["type": .string(type), "content": control["label"] ?? ""]
            if let url = control["redirect"]?["url"] { button["url"] = url }
            if let target = control["redirect"]?["target"] { button["target"] = target }
            buttons.append(.object(button))
        }
        if !buttons.isEmpty { action["buttons"] = .array(buttons) }
        action["status"] = action["status"] ?? "pending"
        cta["action"] = .object(action)
        if let redirect = template["redirect"].map(renderer.renderAll) {
            cta["data"] = .object(redirect.objectValue ?? [:])
        }
        message.cta = .object(cta)
        message.avatar = template["avatar"]?.stringValue.map(renderer.render)
        message.data = template["data"].map(renderer.renderAll)
        message.feedId = template["_feedId"]?.stringValue
        if var actor = template["actor"]?.objectValue, let type = actor["type"]?.stringValue, type != "none" {
            if type == "user" { actor["data"] = notification.actor?["avatar"] ?? .null }
            message.actor = .object(actor)
        }
    }
}
