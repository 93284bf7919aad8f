import Foundation
import GRDB
import JSONCore

/// One subscriber a trigger reaches, and the `to` entry that named them (kept on the notification).
struct TriggerRecipient {
    let rowId: String
    let subscriberId: String
    let definition: JSON
}

/// Writes what a trigger creates for each recipient: the notification, its completed trigger job with
/// the "Trigger accepted" detail, and a job per active step chained by `parentId`, the first one due now.
///
/// Rows of one kind differ only in ids, subscriber and recipient, so each kind is one
/// ``RowTemplateInsert`` over every recipient: a fan-out to 10,000 subscribers binds the payload,
/// the step definitions and the dates once, not 40,000 times.
struct NotificationWriter {
    /// The notification every recipient gets (its id, subscriber and recipient are set per row).
    let notification: NotificationRecord
    /// The active steps: position in the workflow, stored definition, type.
    let steps: [(index: Int, definition: JSON, type: StepType)]
    let context: RequestContext

    /// Inserts the rows for `recipients`.
    /// - Throws: SQLite errors (the caller's transaction then rolls every row back).
    func write(_ recipients: [TriggerRecipient], db: Database) throws {
        guard !recipients.isEmpty else { return }
        let notificationIds = context.newIds(recipients.count)
        var recipientTexts: [JSON: DatabaseValue] = [:]
        let notifications = try RowTemplateInsert(db, template: notification, varying: ["id", "subscriberRowId", "recipient"])
        for (offset, recipient) in recipients.enumerated() {
            // Topic members share one `to` entry: serialize it once.
            let text = recipientTexts[recipient.definition] ?? JSONColumn.text(recipient.definition).databaseValue
            recipientTexts[recipient.definition] = text
            try notifications.insert([notificationIds[offset].databaseValue, recipient.rowId.databaseValue, text])
        }

        var trigger = job(index: -1, type: .trigger, definition: [:])
        trigger.status = .completed
        let triggerIds = try insertJobs(trigger, recipients, notificationIds: notificationIds, parentIds: nil, db: db)
        let accepted = ExecutionDetailRecord(id: "", job: trigger, detail: "Trigger accepted", status: .success, now: context.nowString)
        let details = try RowTemplateInsert(db, template: accepted, varying: ["id", "notificationId", "jobId", "subscriberRowId"])
        for (offset, (id, recipient)) in zip(context.newIds(recipients.count), recipients).enumerated() {
            try details.insert([
                id.databaseValue, notificationIds[offset].databaseValue, triggerIds[offset].databaseValue, recipient.rowId.databaseValue,
            ])
        }

        var parentIds = triggerIds
        for (position, step) in steps.enumerated() {
            var template = job(index: step.index, type: step.type, definition: step.definition)
            if position == 0 { template.runAt = context.now.timeIntervalSince1970 }
            parentIds = try insertJobs(template, recipients, notificationIds: notificationIds, parentIds: parentIds, db: db)
        }
    }

    /// Inserts `template` once per recipient, each after its job in `parentIds`; returns the new ids.
    private func insertJobs(
        _ template: JobRecord, _ recipients: [TriggerRecipient], notificationIds: [String], parentIds: [String]?, db: Database
    ) throws -> [String] {
        let ids = context.newIds(recipients.count)
        let jobs = try RowTemplateInsert(
            db, template: template, varying: ["id", "notificationId", "subscriberRowId", "subscriberId", "parentId"])
        for (offset, recipient) in recipients.enumerated() {
            try jobs.insert([
                ids[offset].databaseValue, notificationIds[offset].databaseValue, recipient.rowId.databaseValue,
                recipient.subscriberId.databaseValue, parentIds?[offset].databaseValue ?? .null,
            ])
        }
        return ids
    }

    private func job(index: Int, type: StepType, definition: JSON) -> JobRecord {
        JobRecord(
            id: "", notification: notification, subscriberId: "", stepIndex: index, type: type.rawValue, step: definition,
            parentId: nil, now: context.nowString)
    }
}
