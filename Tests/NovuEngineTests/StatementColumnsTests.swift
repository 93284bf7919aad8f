import GRDB
import JSONCore
import Testing

@testable import NovuEngine

/// Records read through ``StatementColumns`` equal those GRDB's `Row` decodes, whatever the order or
/// case of the columns asked for; the statement stays usable by GRDB afterwards.
struct StatementColumnsTests {
    private static func store() throws -> DatabaseQueue {
        let queue = try SchemaFixture.database()
        try queue.write { db in
            try db.execute(sql: """
                INSERT INTO subscribers (id, environmentId, subscriberId, firstName, email, data, channels, isOnline, deleted, createdAt, updatedAt)
                VALUES ('s1', 'env', 'ada', 'Ada', 'ada@example.com', '{"vip":true}', '[{"providerId":"slack"}]', 1, 0, 'c1', 'u1'),
                       ('s2', 'env', 'bob', NULL, NULL, NULL, '[]', NULL, 0, 'c2', 'u2')
                """)
        }
        return queue
    }

    @Test func recordsEqualWhatGRDBsRowDecodesIncludingNulls() throws {
        let queue = try Self.store()
        try queue.read { (db: Database) throws in
            let sql = "SELECT * FROM subscribers ORDER BY id"
            let fast = try db.cachedStatement(sql: sql).decodeRows([], SubscriberRecord.init(columns:))
            let grdb = try SubscriberRecord.fetchAll(db, sql: sql)
            #expect(fast.count == 2)
            #expect(fast == grdb)
            #expect(fast[0].data == ["vip": true] && fast[1].firstName == nil && fast[1].isOnline == nil)
        }
    }

    @Test func columnsAreFoundOutOfOrderAndWhateverTheirCase() throws {
        let queue = try Self.store()
        let row = try queue.read { (db: Database) throws in
            try db.cachedStatement(sql: "SELECT updatedAt, subscriberId AS SUBSCRIBERID, id FROM subscribers WHERE id = ?")
                .decodeFirstRow(["s1".databaseValue]) { columns in
                    (columns["id"] as String, columns["subscriberId"] as String, columns["updatedAt"] as String, columns["updatedAt"] as String)
                }
        }
        #expect(row?.0 == "s1" && row?.1 == "ada" && row?.2 == "u1" && row?.3 == "u1")
    }

    @Test func noRowGivesNilAndTheStatementStaysUsable() throws {
        let queue = try Self.store()
        try queue.read { (db: Database) throws in
            let statement = try db.cachedStatement(sql: "SELECT * FROM subscribers WHERE subscriberId = ?")
            #expect(try statement.decodeFirstRow(["nobody".databaseValue], SubscriberRecord.init(columns:)) == nil)
            // A first row only, then GRDB runs the same statement with its own arguments.
            #expect(try db.cachedStatement(sql: "SELECT * FROM subscribers ORDER BY id").decodeFirstRow([], SubscriberRecord.init(columns:))?.id == "s1")
            #expect(try SubscriberRecord.fetchAll(db.cachedStatement(sql: "SELECT * FROM subscribers ORDER BY id")).map(\.id) == ["s1", "s2"])
            #expect(try SubscriberRecord.fetchOne(statement, arguments: ["bob"])?.id == "s2")
        }
    }

    @Test func engineLookupsFindLiveSubscribersOnly() throws {
        let queue = try Self.store()
        try queue.write { db in try db.execute(sql: "UPDATE subscribers SET deleted = 1 WHERE id = 's2'") }
        try queue.read { (db: Database) throws in
            #expect(try SubscriberRecord.find(db, environmentId: "env", subscriberId: "ada")?.email == "ada@example.com")
            #expect(try SubscriberRecord.find(db, environmentId: "env", subscriberId: "bob") == nil)
            #expect(try SubscriberRecord.findAny(db, environmentId: "env", subscriberId: "bob")?.deleted == true)
            #expect(try SubscriberRecord.find(db, environmentId: "other", subscriberId: "ada") == nil)
        }
    }
}
