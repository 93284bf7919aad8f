import Foundation
import GRDB
import GRDBSQLite

/// Copies the store's write-ahead log back into the database file on a thread of its own.
///
/// SQLite's automatic checkpoint runs in the connection that commits, after the commit: the trigger
/// that fans out to ten thousand subscribers and the worker batches that deliver them waited for a
/// quarter of their time while pages were copied and the files synced. Here the writer's commit only
/// notes how long the log has grown (`sqlite3_wal_hook`); past ``threshold`` pages a passive
/// checkpoint runs on this object's own connection and queue, beside the writer, which never waits for
/// it. Should the log outgrow ``writerThreshold`` pages all the same (a reader holding an old snapshot,
/// a checkpoint that cannot keep up), the committing connection checkpoints itself, as SQLite would.
final class WALCheckpointer: @unchecked Sendable {
    /// Log pages (4 KiB each) after which a background checkpoint starts.
    static let threshold: Int32 = 4000
    /// Log pages after which the writer checkpoints in its own commit.
    static let writerThreshold: Int32 = 40_000

    /// SQLite's connection for checkpoints, used on `queue` only.
    private let connection: OpaquePointer
    /// The writer reporting its commits, between ``attach(to:)`` and ``detach()``.
    private var attached: OpaquePointer?
    private let queue = DispatchQueue(label: "novush.store.checkpoint")
    private let state = LockedValue(State())

    private struct State {
        var scheduled = false
        var completed = 0
    }

    /// Opens a connection of its own to the store at `path`.
    /// - Throws: `DatabaseError` when the file cannot be opened.
    init(path: String) throws {
        var handle: OpaquePointer?
        let code = sqlite3_open_v2(path, &handle, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, nil)
        guard code == SQLITE_OK, let handle else {
            let message = handle.flatMap { sqlite3_errmsg($0) }.map { String(cString: $0) }
            sqlite3_close_v2(handle)
            throw DatabaseError(resultCode: ResultCode(rawValue: code), message: message)
        }
        sqlite3_busy_timeout(handle, 10_000)
        connection = handle
    }

    deinit {
        queue.sync {}
        sqlite3_close_v2(connection)
    }

    /// Makes `writer` (the store's writing connection) report its commits here instead of
    /// checkpointing in them. Call ``detach()`` before this object goes away, while nothing else uses
    /// that connection.
    func attach(to writer: OpaquePointer) {
        attached = writer
        sqlite3_wal_hook(writer, walHook, Unmanaged.passUnretained(self).toOpaque())
    }

    /// Gives the attached writer its own automatic checkpoints back.
    func detach() {
        guard let attached else { return }
        sqlite3_wal_autocheckpoint(attached, Self.threshold)
        self.attached = nil
    }

    /// How many background checkpoints have finished (for tests and diagnostics).
    var completedCheckpoints: Int { state.withLock { $0.completed } }

    /// Waits for a scheduled checkpoint, if any, to finish.
    func waitUntilIdle() { queue.sync {} }

    fileprivate func committed(_ db: OpaquePointer?, logPages: Int32) {
        if logPages >= Self.writerThreshold, let db {
            sqlite3_wal_checkpoint_v2(db, nil, SQLITE_CHECKPOINT_PASSIVE, nil, nil)
            return
        }
        guard logPages >= Self.threshold else { return }
        let start = state.withLock { state -> Bool in
            defer { state.scheduled = true }
            return !state.scheduled
        }
        guard start else { return }
        queue.async { [self] in
            // The flag drops before the checkpoint, so a commit during it schedules the next one.
            state.withLock { $0.scheduled = false }
            sqlite3_wal_checkpoint_v2(connection, nil, SQLITE_CHECKPOINT_PASSIVE, nil, nil)
            state.withLock { $0.completed += 1 }
        }
    }
}

/// SQLite calls this after each commit of the writer, with the log's length in pages.
private func walHook(context: UnsafeMutableRawPointer?, db: OpaquePointer?, name: UnsafePointer<CChar>?, pages: Int32) -> Int32 {
    guard let context else { return SQLITE_OK }
    Unmanaged<WALCheckpointer>.fromOpaque(context).takeUnretainedValue().committed(db, logPages: pages)
    return SQLITE_OK
}
