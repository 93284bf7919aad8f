import Foundation
import GRDB
import JSONCore

/// One line of a job's execution trail: what happened to a step and why.
struct ExecutionDetailRecord: Sendable, Hashable, FetchableRecord, ColumnListRecord {
    static let databaseTableName = "execution_details"

    /// Novu's execution-detail statuses.
    enum Status: String, Sendable { case pending = "Pending", queued = "Queued", success = "Success", warning = "Warning", failed = "Failed" }

    var id: String
    var environmentId: String
    var notificationId: String
    var jobId: String
    var subscriberRowId: String
    var transactionId: String
    var messageId: String?
    var channel: String
    var detail: String
    var status: Status
    var source: String
    var raw: String?
    var createdAt: String

    init(id: String, job: JobRecord, detail: String, status: Status, messageId: String? = nil, raw: String? = nil, now: String) {
        self.id = id
        self.environmentId = job.environmentId
        self.notificationId = job.notificationId
        self.jobId = job.id
        self.subscriberRowId = job.subscriberRowId
        self.transactionId = job.transactionId
        self.messageId = messageId
        self.channel = job.type
        self.detail = detail
        self.status = status
        self.source = "Internal"
        self.raw = raw
        self.createdAt = now
    }

    init(row: Row) throws {
        id = row["id"]
        environmentId = row["environmentId"]
        notificationId = row["notificationId"]
        jobId = row["jobId"]
        subscriberRowId = row["subscriberRowId"]
        transactionId = row["transactionId"]
        messageId = row["messageId"]
        channel = row["channel"]
        detail = row["detail"]
        status = Status(rawValue: row["status"]) ?? .warning
        source = row["source"]
        raw = row["raw"]
        createdAt = row["createdAt"]
    }

    /// The table's columns, in the order of ``databaseValues``.
    static let columnNames = [
        "id", "environmentId", "notificationId", "jobId", "subscriberRowId", "transactionId", "messageId", "channel",
        "detail", "status", "source", "raw", "createdAt",
    ]

    var databaseColumns: [(String, (any DatabaseValueConvertible)?)] {
        zip(Self.columnNames, databaseValues).map { ($0, $1 as (any DatabaseValueConvertible)?) }
    }

    /// Every column's value in the order of ``columnNames``, made directly (two details a delivered message).
    var databaseValues: [DatabaseValue] {
        [
            id.databaseValue, environmentId.databaseValue, notificationId.databaseValue, jobId.databaseValue,
            subscriberRowId.databaseValue, transactionId.databaseValue, messageId.databaseValue, channel.databaseValue,
            detail.databaseValue, status.rawValue.databaseValue, source.databaseValue, raw.databaseValue, createdAt.databaseValue,
        ]
    }

    /// The detail as `GET /v1/execution-details` returns it.
    func json(organizationId: String) -> JSON {
        var members: [String: JSON] = [
            "_id": .string(id), "_jobId": .string(jobId), "_notificationId": .string(notificationId),
            "_environmentId": .string(environmentId), "_organizationId": .string(organizationId),
            "_subscriberId": .string(subscriberRowId), "transactionId": .string(transactionId),
            "channel": .string(channel), "detail": .string(detail), "status": .string(status.rawValue),
            "source": .string(source), "isTest": false, "isRetry": false, "createdAt": .string(createdAt),
            "updatedAt": .string(createdAt),
        ]
        if let messageId { members["_messageId"] = .string(messageId) }
        if let raw { members["raw"] = .string(raw) }
        return .object(members)
    }
}
