import GRDB
import JSONCore
import Testing

@testable import NovuEngine

/// Records update only the columns that changed, with one statement per set of changed columns.
struct ColumnListUpdateTests {
    private static func subscriber() -> SubscriberRecord {
        var record = SubscriberRecord(id: "s1", environmentId: "e1", subscriberId: "u1", now: "2026-01-01T00:00:00.000Z")
        record.firstName = "Ada"
        record.data = ["plan": "pro"]
        return record
    }

    @Test func subscriberValuesFollowTheTablesColumns() throws {
        let database = try SchemaFixture.database()
        let tableColumns = try database.read { db in try db.columns(in: "subscribers").map(\.name) }
        #expect(SubscriberRecord.columnNames == tableColumns)
        var record = Self.subscriber()
        record.channels = [["providerId": "slack", "credentials": ["webhookUrl": "https://hooks.example.com/x"]]]
        record.isOnline = true
        try database.write { db in try record.insertRow(db) }
        let stored = try database.read { db in try SubscriberRecord.fetchOne(db, sql: "SELECT * FROM subscribers") }
        #expect(stored == record)
    }

    @Test func onlyTheChangedColumnsAreWritten() throws {
        let database = try SchemaFixture.database()
        try database.write { db in
            let stored = Self.subscriber()
            try stored.insert(db)
            // Another writer changes a column this patch leaves alone: it must survive the update.
            try db.execute(sql: "UPDATE subscribers SET email = 'other@example.com' WHERE id = 's1'")
            var changed = stored
            changed.lastName = "Lovelace"
            changed.data = ["plan": "team"]
            changed.firstName = nil
            #expect(try changed.updateChanges(db, from: stored))
            let row = try #require(try Row.fetchOne(db, sql: "SELECT * FROM subscribers WHERE id = 's1'"))
            #expect(row["lastName"] as String? == "Lovelace" && row["firstName"] as String? == nil)
            #expect(row["email"] as String? == "other@example.com")
            #expect(JSONColumn.value(row["data"]) == ["plan": "team"])
        }
    }

    @Test func noChangeWritesNothing() throws {
        let database = try SchemaFixture.database()
        try database.write { db in
            let stored = Self.subscriber()
            try stored.insert(db)
            let before = db.totalChangesCount
            #expect(try stored.updateChanges(db, from: stored) == false)
            #expect(db.totalChangesCount == before)
        }
    }

    @Test func aMissingRowIsReported() throws {
        let database = try SchemaFixture.database()
        try database.write { db in
            let stored = Self.subscriber()
            var changed = stored
            changed.email = "ada@example.com"
            #expect(throws: RecordError.self) { try changed.updateChanges(db, from: stored) }
        }
    }
}
