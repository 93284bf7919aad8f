import CStoreTuning
import Foundation
import GRDB

/// The engine's SQLite database: a WAL `DatabasePool` on a file, or an in-memory queue for tests.
///
/// Route handlers are synchronous functions of a `Database`; the store runs reads on the caller's
/// thread, request writes through a ``WriteCombiner`` (group commit), worker batches on GRDB's writer
/// queue, and maps failures to ``EngineError``.
final class EngineStore: Sendable {
    let writer: any DatabaseWriter
    private let combiner: WriteCombiner
    /// Checkpoints the log of a store on a file beside its writer (`nil` in memory).
    let checkpointer: WALCheckpointer?
    /// When a request last wrote, so background work can give way to a burst of requests.
    private let lastRequestWrite = LockedValue<ContinuousClock.Instant?>(nil)

    /// Opens (or creates) the store at `path` and runs pending migrations.
    /// - Throws: ``EngineError`` (500) when the file cannot be opened or migrated.
    init(path: String) throws(EngineError) {
        Self.configureProcess
        do {
            var configuration = Configuration()
            configuration.busyMode = .timeout(10)
            configuration.prepareDatabase { db in
                // WAL commits without fsync (a crash may lose the last commits, never corrupt the file);
                // pages read through a shared memory map instead of a read call each; checkpoints every
                // 16 MB of WAL rather than 4 MB, so a page written often is copied back once (the writer
                // leaves them to WALCheckpointer); up to 64 MB
                // of pages cached, so a large transaction (a fan-out) does not spill to the WAL mid-way;
                // savepoint journals in memory: each savepoint (one per job of a worker batch, one per
                // request of a combined write) saves the pages it changes, and in a temporary file that
                // was two write calls per page, a third of a fan-out's delivery time.
                try db.execute(
                    sql: """
                        PRAGMA synchronous = NORMAL; PRAGMA mmap_size = 268435456;
                        PRAGMA wal_autocheckpoint = \(WALCheckpointer.threshold); PRAGMA cache_size = -65536;
                        PRAGMA temp_store = MEMORY
                        """)
            }
            let pool = try DatabasePool(path: path, configuration: configuration)
            try Migrations.migrator.migrate(pool)
            let checkpointer = try WALCheckpointer(path: path)
            try pool.writeWithoutTransaction { db in db.sqliteConnection.map(checkpointer.attach(to:)) }
            self.checkpointer = checkpointer
            writer = pool
            combiner = WriteCombiner(writer: pool)
        } catch {
            throw EngineError.storage(error)
        }
    }

    /// Creates a private in-memory store.
    /// - Throws: ``EngineError`` (500) when migrations fail.
    init() throws(EngineError) {
        Self.configureProcess
        do {
            let queue = try DatabaseQueue()
            try Migrations.migrator.migrate(queue)
            checkpointer = nil
            writer = queue
            combiner = WriteCombiner(writer: queue)
        } catch {
            throw EngineError.storage(error)
        }
    }

    deinit {
        // Nothing writes any more: the writer connection stops calling the checkpointer before it goes.
        checkpointer?.detach()
    }

    /// Process-wide settings, made once before the first connection opens: no SQLite memory
    /// statistics, whose mutex every SQLite allocation took (a few hundred per delivered message), and
    /// an allocator that keeps what a worker batch frees for the next one.
    private static let configureProcess: Void = {
        _ = store_tuning_disable_sqlite_memory_statistics()
        // A worker batch builds and frees some megabytes of records and lookups; by default the C
        // allocator hands freed memory back to the system at once and faults it in again for the next
        // batch (a tenth of a fan-out's delivery went to page faults and mprotect). Keep up to 64 MB.
        _ = store_tuning_keep_freed_memory(64 << 20, 8 << 20)
    }()

    /// Runs `body` in a read-only transaction on the calling thread.
    ///
    /// Reads and request writes are short (indexed lookups, capped pages, one record), so they run where
    /// the caller is: hopping to a GRDB queue and back cost more than the statement itself.
    /// - Throws: what `body` throws as an ``EngineError``; other failures as a 500.
    func read<T>(_ body: (Database) throws -> T) throws(EngineError) -> T {
        do {
            return try writer.read(body)
        } catch {
            throw EngineError.storage(error)
        }
    }

    /// Runs `body` in a write transaction on the calling thread, waiting while another write runs; an
    /// error thrown by `body` rolls every change back.
    /// - Throws: what `body` throws as an ``EngineError``; other failures as a 500.
    func write<T>(_ body: (Database) throws -> T) throws(EngineError) -> T {
        do {
            return try writer.write(body)
        } catch {
            throw EngineError.storage(error)
        }
    }

    /// Runs a request's write: at once on the calling thread when no other write runs, otherwise in
    /// one transaction with the writes that arrived meanwhile (see ``WriteCombiner``).
    /// - Throws: what `body` throws as an ``EngineError``; other failures as a 500.
    func requestWrite<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) async throws(EngineError) -> T {
        lastRequestWrite.withLock { $0 = .now }
        do {
            return try await combiner.write(body)
        } catch {
            throw EngineError.storage(error)
        }
    }

    /// Whether a request wrote during the last `interval`.
    func requestsAreWriting(within interval: Duration) -> Bool {
        lastRequestWrite.withLock { $0.map { ContinuousClock.now - $0 < interval } ?? false }
    }

    /// Runs `body` in a write transaction on GRDB's writer queue and suspends the caller meanwhile: for
    /// long writes (worker batches), which must not hold one of the few cooperative threads.
    /// - Throws: what `body` throws as an ``EngineError``; other failures as a 500.
    func backgroundWrite<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) async throws(EngineError) -> T {
        do {
            return try await writer.write(body)
        } catch {
            throw EngineError.storage(error)
        }
    }

    /// ``backgroundWrite(_:)`` for a body that may give up: its transaction commits when it returns a
    /// value and rolls back, leaving the store as it was, when it returns `nil`.
    /// - Throws: what `body` throws as an ``EngineError`` (rolled back too); other failures as a 500.
    func backgroundWriteOrRollBack<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T?)
        async throws(EngineError) -> T?
    {
        do {
            return try await writer.writeWithoutTransaction { db in
                var result: T?
                try db.inTransaction {
                    result = try body(db)
                    return result == nil ? .rollback : .commit
                }
                return result
            }
        } catch {
            throw EngineError.storage(error)
        }
    }
}
