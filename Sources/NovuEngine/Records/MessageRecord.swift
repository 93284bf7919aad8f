import Foundation
import GRDB
import JSONCore

/// A delivered message: an in-app feed item, or an email/sms/chat/push entry of the outbox.
struct MessageRecord: Sendable, Hashable, FetchableRecord, ColumnListRecord {
    static let databaseTableName = "messages"
    var id: String
    var environmentId: String
    var organizationId: String
    var notificationId: String
    var jobId: String
    var subscriberRowId: String
    var workflowId: String
    var stepId: String
    var templateIdentifier: String
    var transactionId: String
    var channel: String
    var providerId: String?
    /// Rendered content: a string (or email blocks).
    var content: JSON
    var subject: String?
    var title: String?
    /// `{type, data:{url,target?}, action:{status?, buttons:[…], result:{type?, payload?}}}`.
    var cta: JSON
    var payload: JSON
    var overrides: JSON
    var actor: JSON?
    var avatar: String?
    var tags: [String]
    var data: JSON?
    /// Where a non-in-app message went: email address, phone, webhook URL or device tokens.
    var address: JSON?
    var seen = false
    var read = false
    var archived = false
    var lastSeenDate: String?
    var lastReadDate: String?
    var firstSeenAt: String?
    var archivedAt: String?
    var snoozedUntil: String?
    var deliveredAt: [String] = []
    var deleted = false
    /// `sent`, `error` or `warning`.
    var status: String
    var errorText: String?
    var feedId: String?
    var severity: String
    var createdAt: String
    var updatedAt: String
    var expireAt: String

    init(
        id: String, job: JobRecord, organizationId: String, workflow: WorkflowRecord, channel: String,
        now: String, expireAt: String
    ) {
        self.id = id
        self.environmentId = job.environmentId
        self.organizationId = organizationId
        self.notificationId = job.notificationId
        self.jobId = job.id
        self.subscriberRowId = job.subscriberRowId
        self.workflowId = workflow.id
        self.stepId = job.step["_id"]?.stringValue ?? ""
        self.templateIdentifier = workflow.triggerIdentifier
        self.transactionId = job.transactionId
        self.channel = channel
        self.content = ""
        self.cta = [:]
        self.payload = [:]
        self.overrides = [:]
        self.tags = workflow.tags
        self.status = "sent"
        self.severity = workflow.severity
        self.createdAt = now
        self.updatedAt = now
        self.expireAt = expireAt
        self.deliveredAt = [now]
    }

    init(row: Row) throws {
        id = row["id"]
        environmentId = row["environmentId"]
        organizationId = row["organizationId"]
        notificationId = row["notificationId"]
        jobId = row["jobId"]
        subscriberRowId = row["subscriberRowId"]
        workflowId = row["workflowId"]
        stepId = row["stepId"]
        templateIdentifier = row["templateIdentifier"]
        transactionId = row["transactionId"]
        channel = row["channel"]
        providerId = row["providerId"]
        content = JSONColumn.value(row["content"]) ?? ""
        subject = row["subject"]
        title = row["title"]
        cta = JSONColumn.value(row["cta"]) ?? [:]
        payload = JSONColumn.value(row["payload"]) ?? [:]
        overrides = JSONColumn.value(row["overrides"]) ?? [:]
        actor = JSONColumn.value(row["actor"])
        avatar = row["avatar"]
        tags = JSONColumn.value(row["tags"])?.arrayValue?.compactMap(\.stringValue) ?? []
        data = JSONColumn.value(row["data"])
        address = JSONColumn.value(row["address"])
        seen = row["seen"]
        read = row["read"]
        archived = row["archived"]
        lastSeenDate = row["lastSeenDate"]
        lastReadDate = row["lastReadDate"]
        firstSeenAt = row["firstSeenAt"]
        archivedAt = row["archivedAt"]
        snoozedUntil = row["snoozedUntil"]
        deliveredAt = JSONColumn.value(row["deliveredAt"])?.arrayValue?.compactMap(\.stringValue) ?? []
        deleted = row["deleted"]
        status = row["status"]
        errorText = row["errorText"]
        feedId = row["feedId"]
        severity = row["severity"]
        createdAt = row["createdAt"]
        updatedAt = row["updatedAt"]
        expireAt = row["expireAt"]
    }

    /// The table's columns, in the order of ``databaseValues``.
    static let columnNames = [
        "id", "environmentId", "organizationId", "notificationId", "jobId", "subscriberRowId",
        "workflowId", "stepId", "templateIdentifier", "transactionId", "channel", "providerId", "content",
        "subject", "title", "cta", "payload", "overrides", "actor", "avatar", "tags", "data", "address",
        "seen", "read", "archived", "lastSeenDate", "lastReadDate", "firstSeenAt", "archivedAt",
        "snoozedUntil", "deliveredAt", "deleted", "status", "errorText", "feedId", "severity", "createdAt",
        "updatedAt", "expireAt"
    ]

    var databaseColumns: [(String, (any DatabaseValueConvertible)?)] {
        zip(Self.columnNames, databaseValues).map { ($0, $1 as (any DatabaseValueConvertible)?) }
    }

    /// Every column's value in the order of ``columnNames``, made directly: a worker batch makes one
    /// list per delivered message, and the generic pairs of ``databaseColumns`` cost a third of that.
    var databaseValues: [DatabaseValue] {
        [
            id.databaseValue,
            environmentId.databaseValue,
            organizationId.databaseValue,
            notificationId.databaseValue,
            jobId.databaseValue,
            subscriberRowId.databaseValue,
            workflowId.databaseValue,
            stepId.databaseValue,
            templateIdentifier.databaseValue,
            transactionId.databaseValue,
            channel.databaseValue,
            providerId.databaseValue,
            JSONColumn.text(content).databaseValue,
            subject.databaseValue,
            title.databaseValue,
            JSONColumn.text(cta).databaseValue,
            JSONColumn.text(payload).databaseValue,
            JSONColumn.text(overrides).databaseValue,
            JSONColumn.text(actor).databaseValue,
            avatar.databaseValue,
            JSONColumn.text(.array(tags.map(JSON.string))).databaseValue,
            JSONColumn.text(data).databaseValue,
            JSONColumn.text(address).databaseValue,
            seen.databaseValue,
            read.databaseValue,
            archived.databaseValue,
            lastSeenDate.databaseValue,
            lastReadDate.databaseValue,
            firstSeenAt.databaseValue,
            archivedAt.databaseValue,
            snoozedUntil.databaseValue,
            JSONColumn.text(.array(deliveredAt.map(JSON.string))).databaseValue,
            deleted.databaseValue,
            status.databaseValue,
            errorText.databaseValue,
            feedId.databaseValue,
            severity.databaseValue,
            createdAt.databaseValue,
            updatedAt.databaseValue,
            expireAt.databaseValue,
        ]
    }

    /// The live message `id` of subscriber row `subscriberRowId`, if any.
    static func find(_ db: Database, id: String, subscriberRowId: String) throws -> MessageRecord? {
        try MessageRecord.fetchOne(
            db.cachedStatement(sql: "SELECT * FROM messages WHERE id = ? AND subscriberRowId = ? AND deleted = 0"),
            arguments: [id, subscriberRowId])
    }
}
