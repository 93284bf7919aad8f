import Foundation
import GRDB

/// Runs the engine's due jobs: the asynchronous half of every trigger (steps, delays, digests, snoozes).
///
/// Tests drive it by hand with a ``ManualClock``: move the clock, then `await engine.worker.runDue()`.
/// The shell and `novush serve` call ``start(pollInterval:)`` once; it runs due jobs in the background
/// until ``stop()``. Jobs live in the store, so a new engine on the same file resumes what was pending.
public final class Worker: Sendable {
    private let store: EngineStore
    private let clock: any EngineClock
    private let ids: ObjectIDGenerator
    private let loop = LockedValue<Task<Void, Never>?>(nil)
    /// How many jobs one write transaction runs at most. Each commit writes every page it touched to
    /// the WAL, and a fan-out's messages land all over the feed indexes: larger batches write each
    /// page once for more messages.
    static let batchSize = 1024
    /// How many jobs a batch runs while requests are writing: short batches keep the store free for them.
    static let yieldingBatchSize = 64
    /// The jobs that wait for their time: the condition of the `jobs_waiting` index (migration v5),
    /// which every query here uses.
    private static let waiting = "status IN ('pending', 'delayed') AND runAt IS NOT NULL"

    init(store: EngineStore, clock: any EngineClock, ids: ObjectIDGenerator) {
        self.store = store
        self.clock = clock
        self.ids = ids
    }

    /// Runs every job that is due at the clock's current time, including jobs that become due because an
    /// earlier one finished, until none is left; returns how many jobs ran.
    ///
    /// A job that throws is marked `failed` with the error as its execution detail; the others go on.
    /// - Throws: ``EngineError`` (500) when the store cannot be written.
    @discardableResult
    public func runDue() async throws(EngineError) -> Int {
        var total = 0
        while true {
            let ran = try await runOneBatch(limit: Self.batchSize)
            total += ran
            if ran == 0 { return total }
        }
    }

    /// Runs one batch of at most `limit` due jobs in one write transaction; returns how many ran.
    ///
    /// Running each job in a savepoint, so that one that throws undoes only its own writes, costs a
    /// copy of every page the job changes (about sixteen for a message). Jobs rarely throw, so a batch
    /// first runs without savepoints; when a job throws, that attempt is rolled back whole and the
    /// batch runs again with one savepoint per job.
    private func runOneBatch(limit: Int) async throws(EngineError) -> Int {
        let now = clock.now
        let ids = self.ids
        let unisolated = try await store.backgroundWriteOrRollBack { db in
            try Self.runBatch(db, now: now, ids: ids, limit: limit, isolatingJobs: false)
        }
        if let ran = unisolated { return ran }
        return try await store.backgroundWrite { db in
            try Self.runBatch(db, now: now, ids: ids, limit: limit, isolatingJobs: true) ?? 0
        }
    }

    /// Starts running due jobs in the background, checking for new ones every `pollInterval`.
    /// Calling it again while it runs does nothing.
    ///
    /// While requests are writing (a burst of triggers), the loop runs short batches and rests
    /// `pollInterval` between them: accepting a trigger is what its caller waits for, and on a small
    /// machine the deliveries would otherwise take a third of the time. Deliveries catch up when the
    /// burst ends.
    public func start(pollInterval: Duration = .milliseconds(50)) {
        loop.withLock { task in
            guard task == nil else { return }
            task = Task { [weak self] in
                while !Task.isCancelled {
                    guard let self else { return }
                    let busy = self.store.requestsAreWriting(within: pollInterval)
                    // Looking is a read: an idle worker takes no write lock from the requests (or from
                    // another process on the same store).
                    let due = (try? self.hasDueJobs()) ?? true
                    let ran = due ? (try? await self.runOneBatch(limit: busy ? Self.yieldingBatchSize : Self.batchSize)) ?? 0 : 0
                    if ran == 0 || busy { try? await Task.sleep(for: pollInterval) }
                }
            }
        }
    }

    /// Stops the background loop started by ``start(pollInterval:)`` and waits for it to end.
    /// Jobs it did not reach stay pending in the store.
    public func stop() async {
        let task = loop.withLock { task -> Task<Void, Never>? in
            defer { task = nil }
            return task
        }
        task?.cancel()
        await task?.value
    }

    /// Whether a job is due at the clock's current time.
    private func hasDueJobs() throws(EngineError) -> Bool {
        let now = clock.now.timeIntervalSince1970
        return try store.read { db in
            try Bool.fetchOne(
                db.cachedStatement(sql: """
                    SELECT EXISTS(SELECT 1 FROM jobs WHERE \(Self.waiting) AND runAt <= ?)
                    """), arguments: [now]) ?? false
        }
    }

    /// The number of jobs waiting (pending with a due time, or delayed), for tests and diagnostics.
    /// - Throws: ``EngineError`` (500) when the store cannot be read.
    public func pendingCount() async throws(EngineError) -> Int {
        try store.read { db in
            try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM jobs WHERE \(Self.waiting)") ?? 0
        }
    }

    /// Runs up to `limit` due jobs; returns how many there were. With `isolatingJobs`, each job runs in
    /// a savepoint and one that throws is marked failed; without, the first job that throws stops the
    /// batch and the result is `nil` (the caller rolls the transaction back).
    private static func runBatch(
        _ db: Database, now: Date, ids: ObjectIDGenerator, limit: Int, isolatingJobs: Bool
    ) throws -> Int? {
        // The jobs of a fan-out share their step definition: parse it once.
        let memo = JSONMemo()
        let jobs = try db.cachedStatement(sql: """
            SELECT * FROM jobs WHERE \(Self.waiting) AND runAt <= ?
            ORDER BY runAt, id LIMIT ?
            """).decodeRows([now.timeIntervalSince1970.databaseValue, limit.databaseValue]) { JobRecord(columns: $0, memo: memo) }
        let lookup = try BatchLookup(db, jobs: jobs)
        let runner = JobRunner(db: db, now: now, ids: ids, lookup: lookup)
        // Only a digest step changes other waiting jobs (it merges them): without one in the batch, no
        // job can have been changed by an earlier one.
        let jobsMayChangeEachOther = jobs.contains { $0.type == StepType.digest.rawValue }
        for job in jobs {
            // Whatever changes a waiting job also changes its status or due time, so those two tell.
            if jobsMayChangeEachOther {
                let current = try db.cachedStatement(sql: "SELECT status, runAt FROM jobs WHERE id = ?")
                    .decodeFirstRow([job.id.databaseValue]) { ($0["status"] as String, $0["runAt"] as Double?) }
                guard let current, current.0 == job.status.rawValue, current.1 == job.runAt else { continue }
            }
            guard isolatingJobs else {
                do { try runner.run(job) } catch { return nil }
                continue
            }
            do {
                try db.inSavepoint {
                    try runner.run(job)
                    return .commit
                }
            } catch {
                var failed = job
                try runner.finish(&failed, .failed, "Step failed: \(error)", .failed)
                try runner.scheduleNext(failed)
            }
        }
        return jobs.count
    }
}
