import Foundation
import GRDB
import NovuTesting
import Testing

@testable import NovuEngine

/// The store's log is copied back in the background once it passes the threshold, never for a
/// small write, and what was written survives closing and reopening the store.
struct WALCheckpointerTests {
    /// Writes about `megabytes` MB of rows, in transactions of one megabyte.
    private static func fill(_ store: EngineStore, megabytes: Int) throws {
        let blob = String(repeating: "x", count: 1024)
        for _ in 0..<megabytes {
            try store.write { db in
                for _ in 0..<1024 { try db.execute(sql: "INSERT INTO filler (text) VALUES (?)", arguments: [blob]) }
            }
        }
    }

    private static func store(_ scratch: ScratchDirectory) throws -> EngineStore {
        let store = try EngineStore(path: scratch.path("store.sqlite"))
        try store.write { db in try db.execute(sql: "CREATE TABLE IF NOT EXISTS filler (text TEXT)") }
        return store
    }

    @Test func aLongLogIsCheckpointedBesideTheWriter() throws {
        let scratch = try ScratchDirectory("checkpoint")
        let store = try Self.store(scratch)
        let checkpointer = try #require(store.checkpointer)
        // 24 MB of rows: about 6,000 log pages, past the 4,000-page threshold.
        try Self.fill(store, megabytes: 24)
        checkpointer.waitUntilIdle()
        #expect(checkpointer.completedCheckpoints >= 1)
    }

    @Test func aShortLogIsLeftAlone() throws {
        let scratch = try ScratchDirectory("checkpoint")
        let store = try Self.store(scratch)
        try Self.fill(store, megabytes: 2)
        store.checkpointer?.waitUntilIdle()
        #expect(store.checkpointer?.completedCheckpoints == 0)
    }

    @Test func rowsWrittenAroundCheckpointsSurviveReopening() throws {
        let scratch = try ScratchDirectory("checkpoint")
        do {
            let store = try Self.store(scratch)
            try Self.fill(store, megabytes: 20)
            store.checkpointer?.waitUntilIdle()
            try Self.fill(store, megabytes: 1)
        }
        let reopened = try Self.store(scratch)
        let count = try reopened.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM filler") }
        #expect(count == 21 * 1024)
    }

    @Test func aStoreInMemoryHasNoCheckpointer() throws {
        #expect(try EngineStore().checkpointer == nil)
    }
}
