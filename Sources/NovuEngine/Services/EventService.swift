import GRDB
import JSONCore
import NovuKit

/// Events (`/v1/events`): trigger, bulk trigger, broadcast, cancel. Accepting a trigger writes its
/// notifications and jobs; the ``Worker`` delivers them.
enum EventService {
    static var routes: [Route] {
        [
            Route(.post, "/v1/events/trigger", .write, category: .trigger, handler: trigger),
            Route(.post, "/v1/events/trigger/bulk", .write, category: .trigger, cost: .bulk, handler: bulk),
            Route(.post, "/v1/events/trigger/broadcast", .write, category: .trigger, cost: .bulk, handler: broadcast),
            Route(.delete, "/v1/events/trigger/:transactionId", .write, category: .trigger, handler: cancel),
        ]
    }

    /// `POST /v1/events/trigger` → 201 `{acknowledged, status, transactionId}`.
    static func trigger(_ context: RequestContext, _ db: Database) throws -> Reply {
        let request = try TriggerRequest.read(context.body)
        let status = try TriggerPipeline.accept(request, db: db, context: context)
        return .result(status.json(transactionId: request.transactionId), status: 201)
    }

    /// `POST /v1/events/trigger/bulk` `{events: [≤100]}`: results in order; a failing event does not stop the others.
    static func bulk(_ context: RequestContext, _ db: Database) throws -> Reply {
        var reader = context.bodyReader()
        guard let events = reader.requiredArray("events", min: 1, max: 100) else { throw EngineError.validation(reader.messages) }
        var results: [JSON] = []
        for event in events {
            do {
                var status = TriggerStatus.processed
                var transactionId: String?
                try db.inSavepoint {
                    let request = try TriggerRequest.read(event)
                    transactionId = request.transactionId
                    status = try TriggerPipeline.accept(request, db: db, context: context)
                    return .commit
                }
                results.append(status.json(transactionId: transactionId))
            } catch let error as EngineError {
                let messages: [JSON] = error.message.arrayValue ?? [error.message]
                results.append(["acknowledged": true, "status": "error", "error": .array(messages)])
            }
        }
        return .result(.array(results), status: 201)
    }

    /// `POST /v1/events/trigger/broadcast`: every live subscriber of the environment.
    static func broadcast(_ context: RequestContext, _ db: Database) throws -> Reply {
        let request = try TriggerRequest.read(context.body, requireTo: false, requirePayload: true)
        let status = try TriggerPipeline.accept(request, broadcast: true, db: db, context: context)
        return .result(status.json(transactionId: request.transactionId), status: 201)
    }

    /// `DELETE /v1/events/trigger/:transactionId` → `{data: true|false}` (novu-api.md §4.11).
    static func cancel(_ context: RequestContext, _ db: Database) throws -> Reply {
        .result(.bool(try cancel(transactionId: context.param("transactionId"), db: db, context: context)))
    }

    /// The notifications of one trigger (environmentId, transactionId): jobs are found through them, by
    /// the index every job needs anyway, rather than through an index of their own.
    private static let notificationsOfTransaction = "SELECT id FROM notifications WHERE environmentId = ? AND transactionId = ?"

    static func cancel(transactionId: String, db: Database, context: RequestContext) throws -> Bool {
        let waiting = try JobRecord.fetchAll(
            db.cachedStatement(sql: "SELECT * FROM jobs WHERE notificationId IN (\(notificationsOfTransaction)) AND status IN ('delayed', 'merged') ORDER BY id"),
            arguments: [context.environmentId, transactionId])
        guard !waiting.isEmpty else { return false }
        var jobs = waiting
        if waiting.contains(where: { $0.type == StepType.delay.rawValue || $0.type == StepType.digest.rawValue }) {
            jobs += try JobRecord.fetchAll(
                db.cachedStatement(sql: "SELECT * FROM jobs WHERE notificationId IN (\(notificationsOfTransaction)) AND status = 'pending'"),
                arguments: [context.environmentId, transactionId])
        }
        let canceled = Set(jobs.map(\.id))
        for var job in jobs {
            let original = job
            let wasMainDigest = job.type == StepType.digest.rawValue && job.status == .delayed
            job.status = .canceled
            job.runAt = nil
            job.updatedAt = context.nowString
            try job.updateChanges(db, from: original)
            try ExecutionDetailRecord(
                id: context.newId(), job: job, detail: "Step canceled by request", status: .warning, now: context.nowString
            ).insertRow(db)
            if wasMainDigest { try promoteFollower(of: original, excluding: canceled, db: db, context: context) }
        }
        return true
    }

    /// The oldest merged follower of a canceled main digest becomes the main job; the others point to it.
    private static func promoteFollower(of main: JobRecord, excluding canceled: Set<String>, db: Database, context: RequestContext) throws {
        let followers = try JobRecord.fetchAll(
            db.cachedStatement(sql: "SELECT * FROM jobs WHERE mergedDigestId = ? AND status = 'merged' AND type = 'digest' ORDER BY createdAt, id"),
            arguments: [main.id]
        ).filter { !canceled.contains($0.id) }
        guard let stored = followers.first else { return }
        var next = stored
        next.status = .delayed
        next.mergedDigestId = nil
        next.runAt = main.runAt
        next.updatedAt = context.nowString
        try next.updateChanges(db, from: stored)
        try ExecutionDetailRecord(
            id: context.newId(), job: next, detail: "Promoted to main digest after \(main.id) was canceled", status: .pending,
            now: context.nowString
        ).insertRow(db)
        try db.cachedStatement(sql: "UPDATE jobs SET status = 'pending', updatedAt = ? WHERE notificationId = ? AND stepIndex > ? AND status = 'merged'").execute(
            arguments: [context.nowString, next.notificationId, next.stepIndex])
        try db.cachedStatement(sql: "UPDATE jobs SET mergedDigestId = ? WHERE mergedDigestId = ? AND status = 'merged'").execute(
            arguments: [next.id, main.id])
    }
}
