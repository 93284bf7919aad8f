import Foundation
import GRDB

/// The engine's SQLite database: a WAL `DatabasePool` on a file, or an in-memory queue for tests.
///
/// Route handlers are synchronous functions of a `Database`; the store runs them on GRDB's
/// reader or writer and maps failures to ``EngineError``.
final class EngineStore: Sendable {
    let writer: any DatabaseWriter

    /// Opens (or creates) the store at `path` and runs pending migrations.
    /// - Throws: ``EngineError`` (500) when the file cannot be opened or migrated.
    init(path: String) throws(EngineError) {
        do {
            var configuration = Configuration()
            configuration.busyMode = .timeout(10)
            configuration.prepareDatabase { db in
                try db.execute(sql: "PRAGMA synchronous = NORMAL")
            }
            let pool = try DatabasePool(path: path, configuration: configuration)
            try Migrations.migrator.migrate(pool)
            writer = pool
        } catch {
            throw EngineError.storage(error)
        }
    }

    /// Creates a private in-memory store.
    /// - Throws: ``EngineError`` (500) when migrations fail.
    init() throws(EngineError) {
        do {
            let queue = try DatabaseQueue()
            try Migrations.migrator.migrate(queue)
            writer = queue
        } catch {
            throw EngineError.storage(error)
        }
    }

    /// Runs `body` in a read-only transaction.
    func read<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) async throws(EngineError) -> T {
        do {
            return try await writer.read(body)
        } catch let error as EngineError {
            throw error
        } catch {
            throw EngineError.storage(error)
        }
    }

    /// Runs `body` in a write transaction; an error thrown by `body` rolls every change back.
    func write<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) async throws(EngineError) -> T {
        do {
            return try await writer.write(body)
        } catch let error as EngineError {
            throw error
        } catch {
            throw EngineError.storage(error)
        }
    }

    /// Synchronous write, for set-up work done in initializers.
    func writeNow<T>(_ body: (Database) throws -> T) throws(EngineError) -> T {
        do {
            return try writer.write(body)
        } catch let error as EngineError {
            throw error
        } catch {
            throw EngineError.storage(error)
        }
    }
}
