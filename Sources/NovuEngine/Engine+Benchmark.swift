import GRDB

extension Engine {
    /// Runs SQL on the store in one write transaction. Only the benchmarks use this, to seed data
    /// sets (a million messages) faster than the API could; no route does.
    /// - Throws: ``EngineError`` (500) when the SQL fails; nothing is written then.
    package func executeRawSQL(_ sql: String) async throws(EngineError) {
        try await store.backgroundWrite { db in try db.execute(sql: sql) }
    }

    /// Checkpoints the write-ahead log into the main file (so its size on disk is meaningful).
    /// - Throws: ``EngineError`` (500) when the checkpoint fails.
    package func checkpoint() async throws(EngineError) {
        do {
            try await store.writer.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA wal_checkpoint(TRUNCATE)") }
        } catch {
            throw EngineError.storage(error)
        }
    }
}
