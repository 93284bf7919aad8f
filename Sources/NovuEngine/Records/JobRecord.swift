import Foundation
import GRDB
import JSONCore

/// A durable unit of work of the trigger pipeline: one step of one notification.
///
/// A job is due when its `status` is `pending` or `delayed` and `runAt` (seconds since 1970) has come.
/// Jobs later in the chain wait with `runAt = NULL` until the job before them finishes.
struct JobRecord: Sendable, Hashable, FetchableRecord, ColumnListRecord {
    static let databaseTableName = "jobs"

    /// Job statuses (novu-api.md §4.5).
    enum Status: String, Sendable {
        case pending, queued, running, completed, failed, delayed, canceled, merged, skipped
    }

    var id: String
    var environmentId: String
    var notificationId: String
    var subscriberRowId: String
    var subscriberId: String
    var transactionId: String
    var workflowId: String
    /// The step's position in the workflow; -1 for the implicit trigger job, -2 for a snooze re-delivery.
    var stepIndex: Int
    var type: String
    var status: Status
    /// The step definition as stored on the workflow when the trigger was accepted.
    var step: JSON
    /// Digest metadata and, once the window ended, `events`.
    var digest: JSON?
    var digestGroup: String?
    var mergedDigestId: String?
    var parentId: String?
    var runAt: Double?
    var createdAt: String
    var updatedAt: String

    init(
        id: String, notification: NotificationRecord, subscriberId: String, stepIndex: Int, type: String,
        step: JSON, parentId: String?, now: String
    ) {
        self.id = id
        self.environmentId = notification.environmentId
        self.notificationId = notification.id
        self.subscriberRowId = notification.subscriberRowId
        self.subscriberId = subscriberId
        self.transactionId = notification.transactionId
        self.workflowId = notification.workflowId
        self.stepIndex = stepIndex
        self.type = type
        self.status = .pending
        self.step = step
        self.parentId = parentId
        self.createdAt = now
        self.updatedAt = now
    }

    init(row: Row) throws { self.init(columns: RowColumns(row: row), memo: nil) }

    /// Decodes a row, parsing JSON columns through `memo` when given.
    init(columns row: some ColumnSource, memo: JSONMemo?) {
        id = row["id"]
        environmentId = row["environmentId"]
        notificationId = row["notificationId"]
        subscriberRowId = row["subscriberRowId"]
        subscriberId = row["subscriberId"]
        transactionId = row["transactionId"]
        workflowId = row["workflowId"]
        stepIndex = row["stepIndex"]
        type = row["type"]
        status = Status(rawValue: row["status"]) ?? .failed
        step = JSONColumn.value(row["step"], memo: memo) ?? [:]
        digest = JSONColumn.value(row["digest"])
        digestGroup = row["digestGroup"]
        mergedDigestId = row["mergedDigestId"]
        parentId = row["parentId"]
        runAt = row["runAt"]
        createdAt = row["createdAt"]
        updatedAt = row["updatedAt"]
    }

    /// Writes the columns that running a job changes (status, schedule, digest state), and no other: a
    /// full update would also rewrite the job's entries in the indexes on its other columns. Its
    /// parameters are ``progressValues``.
    static let progressSQL = """
        UPDATE jobs SET status = ?, updatedAt = ?, runAt = ?, digest = ?, digestGroup = ?, mergedDigestId = ?
        WHERE id = ?
        """

    /// The parameters of ``progressSQL`` for this job.
    var progressValues: [DatabaseValue] {
        [
            status.rawValue.databaseValue, updatedAt.databaseValue, runAt.databaseValue,
            JSONColumn.text(digest).databaseValue, digestGroup.databaseValue, mergedDigestId.databaseValue, id.databaseValue,
        ]
    }

    var databaseColumns: [(String, (any DatabaseValueConvertible)?)] {
        [
            ("id", id),
            ("environmentId", environmentId),
            ("notificationId", notificationId),
            ("subscriberRowId", subscriberRowId),
            ("subscriberId", subscriberId),
            ("transactionId", transactionId),
            ("workflowId", workflowId),
            ("stepIndex", stepIndex),
            ("type", type),
            ("status", status.rawValue),
            ("step", JSONColumn.text(step)),
            ("digest", JSONColumn.text(digest)),
            ("digestGroup", digestGroup),
            ("mergedDigestId", mergedDigestId),
            ("parentId", parentId),
            ("runAt", runAt),
            ("createdAt", createdAt),
            ("updatedAt", updatedAt),
        ]
    }

    /// The job as the activity feed shows it (`executionDetails` added by the caller).
    ///
    /// `providerId` is the provider of the message the job sent; without one, the channel's Novu default
    /// (`novu` for in-app and for steps that send nothing). The SDK requires a known provider id on every job.
    func json(payload: JSON, details: [JSON], providerId: String? = nil) -> JSON {
        var members: [String: JSON] = [
            "_id": .string(id), "_notificationId": .string(notificationId), "_subscriberId": .string(subscriberRowId),
            "subscriberId": .string(subscriberId), "transactionId": .string(transactionId),
            "_templateId": .string(workflowId), "type": .string(type), "status": .string(status.rawValue),
            "providerId": .string(providerId ?? Self.defaultProviderId(type: type)),
            "step": step, "payload": payload, "createdAt": .string(createdAt), "updatedAt": .string(updatedAt),
            "executionDetails": .array(details),
        ]
        if let digest { members["digest"] = digest }
        if let mergedDigestId { members["_mergedDigestId"] = .string(mergedDigestId) }
        if let parentId { members["_parentId"] = .string(parentId) }
        return .object(members)
    }

    /// Novu's own provider for a step type: what a job shows when no message named another.
    static func defaultProviderId(type: String) -> String {
        switch type {
        case "email": "novu-email"
        case "sms": "novu-sms"
        case "push": "fcm"
        case "chat": "slack"
        default: "novu"
        }
    }
}
