import Foundation
import GRDB
import JSONCore
import Testing

@testable import NovuEngine

/// Rows inserted from a template carry the template's values and their own varying ones, in any type
/// SQLite stores; a refused row throws SQLite's error and leaves the rows before it.
struct RowTemplateInsertTests {
    private static func store() throws -> DatabaseQueue { try SchemaFixture.database() }

    private static func detail(_ id: String, jobId: String = "job-0") -> ExecutionDetailRecord {
        var job = JobRecord(
            id: jobId,
            notification: NotificationRecord(
                id: "n-0", environmentId: "env", organizationId: "org", workflowId: "wf", subscriberRowId: "s-0",
                transactionId: "tx", payload: [:], overrides: [:], now: "2026-11-22T00:00:00.000Z", expireAt: "2026-12-22T00:00:00.000Z"),
            subscriberId: "sub", stepIndex: 0, type: "in_app", step: [:], parentId: nil, now: "2026-11-22T00:00:00.000Z")
        job.runAt = 1.5
        return ExecutionDetailRecord(id: id, job: job, detail: "Message sent", status: .success, raw: "ünïcode ✓", now: "2026-11-22T00:00:00.000Z")
    }

    @Test func eachRowHasTheTemplateValuesAndItsOwnVaryingColumns() throws {
        let queue = try Self.store()
        try queue.write { db in
            let insert = try RowTemplateInsert(db, template: Self.detail("template"), varying: ["id", "jobId", "messageId"])
            for index in 0..<3 {
                try insert.insert(["d-\(index)".databaseValue, "job-\(index)".databaseValue, index == 1 ? .null : "m-\(index)".databaseValue])
            }
        }
        let rows = try queue.read { db in try ExecutionDetailRecord.fetchAll(db, sql: "SELECT * FROM execution_details ORDER BY id") }
        #expect(rows.map(\.id) == ["d-0", "d-1", "d-2"])
        #expect(rows.map(\.jobId) == ["job-0", "job-1", "job-2"])
        #expect(rows.map(\.messageId) == ["m-0", nil, "m-2"])
        for (index, row) in rows.enumerated() {
            var expected = Self.detail("d-\(index)", jobId: "job-\(index)")
            expected.messageId = row.messageId
            #expect(row == expected)
        }
    }

    @Test func aRefusedRowThrowsSQLitesErrorAndKeepsTheRowsBeforeIt() throws {
        let queue = try Self.store()
        let error = #expect(throws: DatabaseError.self) {
            try queue.write { db in
                    let insert = try RowTemplateInsert(db, template: Self.detail("template"), varying: ["id"])
                try insert.insert(["d-1".databaseValue])
                try? insert.insert(["d-1".databaseValue])
                #expect(try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM execution_details") == 1)
                try insert.insert(["d-1".databaseValue])
            }
        }
        #expect(error?.resultCode == .SQLITE_CONSTRAINT)
        #expect(error?.message?.contains("execution_details.id") == true)
        #expect(try queue.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM execution_details") } == 0)
    }
}
