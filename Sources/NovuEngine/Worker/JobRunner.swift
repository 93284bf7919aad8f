import Foundation
import GRDB
import JSONCore
import NovuKit

/// Runs one due job inside the worker's write transaction: conditions, preferences, delay, digest, delivery.
///
/// Everything a job does (its status, the next job's schedule, the message, the execution details) is
/// written in the same transaction, so a job is either fully done or not started: after a crash it runs
/// again from the start and nothing is delivered twice.
struct JobRunner {
    let db: Database
    let now: Date
    let nowString: String
    let ids: ObjectIDGenerator
    /// What the batch's jobs read, loaded once for the batch.
    let lookup: BatchLookup
    /// The writes every job makes, prepared once for the batch.
    let statements: WorkerStatements

    init(db: Database, now: Date, ids: ObjectIDGenerator, lookup: BatchLookup) {
        self.db = db
        self.now = now
        self.nowString = ISOTime.format(now)
        self.ids = ids
        self.lookup = lookup
        self.statements = WorkerStatements(db)
    }

    func run(_ original: JobRecord) throws {
        var job = original
        if job.type == "snooze" { return try redeliver(&job) }
        guard let notification = lookup.notification(id: job.notificationId),
            let subscriber = lookup.subscriber(rowId: job.subscriberRowId),
            let workflow = try lookup.workflow(db, id: job.workflowId),
            let step = WorkflowStep(json: job.step)
        else {
            return try finish(&job, .canceled, "Step canceled: its notification, subscriber or workflow no longer exists", .failed)
        }
        if job.status == .delayed {
            if job.type == StepType.digest.rawValue { return try DigestRunner(runner: self).finish(&job) }
            try finish(&job, .completed, "Delay finished", .success)
            return try scheduleNext(job)
        }
        let variables = try self.variables(job: job, notification: notification, subscriber: subscriber)
        if !step.filters.isEmpty {
            let conditions = StepConditions(variables: variables, subscriber: subscriber, now: now) { uuid in
                let stepId = workflow.definitions.first { $0.uuid == uuid }?.id ?? uuid
                return try? MessageRecord.fetchOne(
                    self.db.cachedStatement(sql: "SELECT * FROM messages WHERE notificationId = ? AND stepId = ? AND deleted = 0"),
                    arguments: [notification.id, stepId])
            }
            if let reason = conditions.failure(step.filters) {
                try finish(&job, .canceled, "Step filtered by conditions: \(reason)", .warning)
                return try scheduleNext(job)
            }
        }
        switch step.type {
        case .delay:
            try startDelay(&job, step: step, notification: notification)
        case .digest:
            try DigestRunner(runner: self).start(&job, step: step, notification: notification)
        case .inApp, .email, .sms, .chat, .push:
            let channel = step.type.channel!
            if !workflow.critical {
                let resolved = lookup.resolvedPreferences(workflow: workflow, subscriberRowId: subscriber.id)
                let (allowed, layer) = resolved.allows(channel)
                if !allowed {
                    try finish(&job, .canceled, "Step filtered by \(layer.filterDescription)", .warning)
                    return try scheduleNext(job)
                }
            }
            try MessageFactory(runner: self).deliver(
                &job, step: step, channel: channel, workflow: workflow, notification: notification,
                subscriber: subscriber, variables: variables)
            try scheduleNext(job)
        case .custom, .trigger:
            try finish(&job, .completed, "Step completed", .success)
            try scheduleNext(job)
        }
    }

    // MARK: - Steps

    private func startDelay(_ job: inout JobRecord, step: WorkflowStep, notification: NotificationRecord) throws {
        var due: Date?
        if let override = notification.overrides["delay"], let seconds = DelayMath.seconds(override) {
            due = now.addingTimeInterval(seconds)
        } else if step.metadata?["type"]?.stringValue == "scheduled", let path = step.metadata?["delayPath"]?.stringValue {
            due = notification.payload.value(atPath: path)?.stringValue.flatMap(ISOTime.parse)
        } else if let seconds = DelayMath.seconds(step.metadata) {
            due = now.addingTimeInterval(seconds)
        }
        guard let due, due > now else {
            try finish(&job, .completed, "Delay skipped: the due time has passed", .success)
            return try scheduleNext(job)
        }
        job.runAt = due.timeIntervalSince1970
        try finish(&job, .delayed, "Delayed until \(ISOTime.format(due))", .pending)
    }

    private func redeliver(_ job: inout JobRecord) throws {
        let messageId = job.step["messageId"]?.stringValue ?? ""
        let until = job.step["until"]?.stringValue
        if var message = try MessageRecord.find(db, id: messageId), !message.deleted, message.snoozedUntil == until {
            let stored = message
            MessageTransition.redeliver.apply(to: &message, now: nowString)
            try message.updateChanges(db, from: stored)
            try finish(&job, .completed, "Snoozed message delivered again", .success, messageId: messageId)
        } else {
            try finish(&job, .skipped, "Snooze no longer applies", .success)
        }
    }

    // MARK: - Shared

    /// The template and condition variables: `{subscriber, payload, actor?, tenant?, step}`.
    func variables(job: JobRecord, notification: NotificationRecord, subscriber: SubscriberRecord) throws -> JSON {
        let events = job.digest?["events"]?.arrayValue
        var members: [String: JSON] = [
            "subscriber": subscriber.json(organizationId: notification.organizationId),
            "payload": notification.payload,
            "step": [
                "digest": .bool(events != nil), "events": .array(events ?? []),
                "total_count": .int(Int64(events?.count ?? 0)),
            ],
        ]
        if let actorId = notification.actor?["subscriberId"]?.stringValue,
            let actor = try SubscriberRecord.find(db, environmentId: notification.environmentId, subscriberId: actorId)
        {
            members["actor"] = actor.json(organizationId: notification.organizationId)
        }
        if let tenant = notification.tenant {
            members["tenant"] = tenant.stringValue.map { ["identifier": .string($0)] } ?? tenant
        }
        return .object(members)
    }

    /// Sets the job's status and records an execution detail.
    func finish(
        _ job: inout JobRecord, _ status: JobRecord.Status, _ detail: String, _ detailStatus: ExecutionDetailRecord.Status,
        messageId: String? = nil
    ) throws {
        job.status = status
        job.updatedAt = nowString
        if status != .delayed { job.runAt = nil }
        try statements.saveProgress(job)
        try statements.insert(ExecutionDetailRecord(
            id: ids.make(at: now), job: job, detail: detail, status: detailStatus, messageId: messageId, now: nowString))
    }

    /// Makes the job after `job` in its chain due now.
    func scheduleNext(_ job: JobRecord) throws {
        try statements.scheduleNext(after: job, runAt: now.timeIntervalSince1970, updatedAt: nowString)
    }
}
