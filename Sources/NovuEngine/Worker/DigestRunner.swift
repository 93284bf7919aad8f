import Foundation
import GRDB
import JSONCore
import NovuKit

/// Digest steps (novu-api.md §4.4): the first event of a (subscriber, workflow, step, digestKey value) group
/// opens a window; later events merge into it; when the window ends the main job carries every event.
struct DigestRunner {
    let runner: JobRunner
    private var db: Database { runner.db }

    /// Runs a pending digest job: merge into an open window, skip (backoff), or open a window.
    func start(_ job: inout JobRecord, step: WorkflowStep, notification: NotificationRecord) throws {
        var metadata = step.metadata?.objectValue ?? [:]
        for (key, value) in notification.overrides["digest"]?.objectValue ?? [:] { metadata[key] = value }
        var keyValue = ""
        if var path = metadata["digestKey"]?.stringValue, !path.isEmpty {
            if path.hasPrefix("payload.") { path.removeFirst(8) }
            keyValue = TemplateRenderer.text(notification.payload.value(atPath: path))
        }
        let group = "\(job.subscriberRowId)|\(job.workflowId)|\(job.step["_id"]?.stringValue ?? "")|\(keyValue)"
        job.digestGroup = group
        job.digest = .object(metadata)
        if let main = try JobRecord.fetchOne(
            db.cachedStatement(sql: """
                SELECT * FROM jobs WHERE digestGroup = ? AND status = 'delayed' AND runAt > ? AND id != ?
                ORDER BY createdAt, id LIMIT 1
                """), arguments: [group, runner.now.timeIntervalSince1970, job.id])
        {
            job.mergedDigestId = main.id
            try runner.finish(&job, .merged, "Merged into digest \(main.id)", .success)
            try db.cachedStatement(sql: "UPDATE jobs SET status = 'merged', updatedAt = ? WHERE notificationId = ? AND stepIndex > ? AND status = 'pending'").execute(
                arguments: [runner.nowString, job.notificationId, job.stepIndex])
            return
        }
        let isBackoff = metadata["type"]?.stringValue == "backoff" || metadata["backoff"]?.boolValue == true
        if isBackoff {
            let window = DelayMath.seconds(amount: metadata["backoffAmount"], unit: metadata["backoffUnit"]) ?? 0
            let since = ISOTime.format(runner.now.addingTimeInterval(-window))
            let earlier = try Bool.fetchOne(
                db.cachedStatement(sql: "SELECT EXISTS(SELECT 1 FROM jobs WHERE digestGroup = ? AND id != ? AND createdAt >= ?)"),
                arguments: [group, job.id, since]) ?? false
            if !earlier {
                job.digest = nil
                try runner.finish(&job, .skipped, "Digest skipped: no event in the backoff window", .success)
                return try runner.scheduleNext(job)
            }
        }
        let window = DelayMath.seconds(amount: metadata["amount"], unit: metadata["unit"]) ?? 0
        let due = runner.now.addingTimeInterval(window)
        job.runAt = due.timeIntervalSince1970
        try runner.finish(&job, .delayed, "Digest window open until \(ISOTime.format(due))", .pending)
    }

    /// Closes a window: gathers the events of the main job and its live merged followers, in time order.
    func finish(_ job: inout JobRecord) throws {
        let followers = try Row.fetchAll(
            db.cachedStatement(sql: """
                SELECT n.payload FROM jobs j JOIN notifications n ON n.id = j.notificationId
                WHERE j.mergedDigestId = ? AND j.status = 'merged' AND j.type = 'digest' ORDER BY j.createdAt, j.id
                """), arguments: [job.id])
        let own = try String.fetchOne(db.cachedStatement(sql: "SELECT payload FROM notifications WHERE id = ?"), arguments: [job.notificationId])
        let events = [JSONColumn.value(own) ?? [:]] + followers.map { JSONColumn.value($0["payload"]) ?? [:] }
        var digest = job.digest?.objectValue ?? [:]
        digest["events"] = .array(events)
        digest["total_count"] = .int(Int64(events.count))
        job.digest = .object(digest)
        try runner.finish(&job, .completed, "Digest completed with \(events.count) event(s)", .success)
        try db.cachedStatement(sql: "UPDATE jobs SET digest = ? WHERE notificationId = ? AND stepIndex > ?").execute(
            arguments: [JSONColumn.text(.object(["events": .array(events), "total_count": .int(Int64(events.count))])),
                job.notificationId, job.stepIndex])
        try runner.scheduleNext(job)
    }
}
