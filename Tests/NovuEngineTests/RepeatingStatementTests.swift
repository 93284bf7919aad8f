import GRDB
import JSONCore
import Testing

@testable import NovuEngine

/// A repeating statement writes every row with exactly its own values, whether they repeat, change,
/// change back or are NULL, also after a refused row; a message's values line up with its table's
/// columns.
struct RepeatingStatementTests {
    private static func store() throws -> DatabaseQueue { try SchemaFixture.database() }

    private static let now = "2026-11-22T00:00:00.000Z"

    private static func job(_ id: String) -> JobRecord {
        let notification = NotificationRecord(
            id: "n-\(id)", environmentId: "env", organizationId: "org", workflowId: "wf", subscriberRowId: "s-\(id)",
            transactionId: "tx", payload: ["n": 1], overrides: [:], now: now, expireAt: now)
        return JobRecord(id: id, notification: notification, subscriberId: "sub", stepIndex: 0, type: "in_app", step: [:], parentId: nil, now: now)
    }

    @Test func everyRowHasItsOwnValuesWhetherTheyRepeatOrChange() throws {
        let queue = try Self.store()
        let messageIds: [String?] = ["m-0", "m-0", nil, "m-3", nil]
        let details: [String] = ["sent", "sent", "filtered", "sent", "sent"]
        try queue.write { db in
            let insert = try RepeatingStatement(db, sql: ExecutionDetailRecord(id: "", job: Self.job("j"), detail: "", status: .success, now: Self.now).insertSQL())
            for index in 0..<5 {
                let record = ExecutionDetailRecord(
                    id: "d-\(index)", job: Self.job("j-\(index % 2)"), detail: details[index], status: index == 2 ? .warning : .success,
                    messageId: messageIds[index], now: Self.now)
                try insert.run(record.databaseValues)
            }
        }
        let rows = try queue.read { db in try ExecutionDetailRecord.fetchAll(db, sql: "SELECT * FROM execution_details ORDER BY id") }
        #expect(rows.map(\.id) == ["d-0", "d-1", "d-2", "d-3", "d-4"])
        #expect(rows.map(\.jobId) == ["j-0", "j-1", "j-0", "j-1", "j-0"])
        #expect(rows.map(\.messageId) == messageIds)
        #expect(rows.map(\.detail) == details)
        #expect(rows.map(\.status) == [.success, .success, .warning, .success, .success])
    }

    @Test func aRefusedRunThrowsAndTheNextRunsWriteTheirOwnValues() throws {
        let queue = try Self.store()
        try queue.write { db in
            let insert = try RepeatingStatement(db, sql: ExecutionDetailRecord(id: "", job: Self.job("j"), detail: "", status: .success, now: Self.now).insertSQL())
            try insert.run(ExecutionDetailRecord(id: "d-0", job: Self.job("a"), detail: "first", status: .success, now: Self.now).databaseValues)
            #expect(throws: DatabaseError.self) {
                try insert.run(ExecutionDetailRecord(id: "d-0", job: Self.job("b"), detail: "duplicate", status: .success, now: Self.now).databaseValues)
            }
            try insert.run(ExecutionDetailRecord(id: "d-1", job: Self.job("a"), detail: "first", status: .success, now: Self.now).databaseValues)
        }
        let rows = try queue.read { db in try ExecutionDetailRecord.fetchAll(db, sql: "SELECT * FROM execution_details ORDER BY id") }
        #expect(rows.map(\.id) == ["d-0", "d-1"])
        #expect(rows.map(\.jobId) == ["a", "a"])
        #expect(rows.map(\.detail) == ["first", "first"])
    }

    @Test func detailValuesFollowTheTablesColumns() throws {
        let queue = try Self.store()
        let tableColumns = try queue.read { db in try db.columns(in: "execution_details").map(\.name) }
        #expect(ExecutionDetailRecord.columnNames == tableColumns)
        var detail = ExecutionDetailRecord(id: "d-1", job: Self.job("j-1"), detail: "sent", status: .warning, messageId: "m-1", raw: "{}", now: Self.now)
        detail.source = "Webhook"
        try queue.write { db in try detail.insertRow(db) }
        let stored = try queue.read { db in try ExecutionDetailRecord.fetchOne(db, sql: "SELECT * FROM execution_details") }
        #expect(stored == detail)
    }

    @Test func messageValuesFollowTheTablesColumns() throws {
        let queue = try Self.store()
        let tableColumns = try queue.read { db in try db.columns(in: "messages").map(\.name) }
        #expect(MessageRecord.columnNames == tableColumns)

        let workflow = WorkflowRecord(id: "wf", environmentId: "env", name: "W", triggerIdentifier: "w", groupId: "g", origin: "novu-cloud", now: Self.now)
        var message = MessageRecord(id: "m-1", job: Self.job("j-1"), organizationId: "org", workflow: workflow, channel: "in_app", now: Self.now, expireAt: "later")
        message.providerId = "novu"
        message.content = "Hello"
        message.subject = "S"
        message.title = "T"
        message.cta = ["type": "redirect"]
        message.actor = ["type": "none"]
        message.avatar = "a.png"
        message.tags = ["t"]
        message.data = ["k": "v"]
        message.address = "addr"
        message.seen = true
        message.lastSeenDate = "seen-at"
        message.lastReadDate = "read-at"
        message.firstSeenAt = "first"
        message.archivedAt = "archived"
        message.snoozedUntil = "snooze"
        message.errorText = "none"
        message.feedId = "feed"
        try queue.write { db in try message.insertRow(db) }
        let stored = try queue.read { db in try MessageRecord.fetchOne(db, sql: "SELECT * FROM messages") }
        #expect(stored == message)
    }
}
