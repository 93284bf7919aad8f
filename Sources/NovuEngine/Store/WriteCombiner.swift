import GRDB

/// Group commit for request writes: when a write is already running, the writes that arrive meanwhile
/// wait (suspended, not blocking a thread) and then run together in one transaction, each in its own
/// savepoint.
///
/// A commit writes every page the transaction touched (the last leaf of each index, mostly) to the WAL.
/// Sixteen triggers committed one by one write those pages sixteen times; committed together, once. A
/// lone caller pays nothing: with no write running, its transaction runs at once on its own thread.
///
/// Each write still succeeds or fails on its own: an error rolls back its savepoint only, and every
/// caller resumes after the commit that made its write durable (or with the commit's error).
final class WriteCombiner: Sendable {
    private struct State {
        var running = false
        var queue: [any QueuedWrite] = []
    }

    private let writer: any DatabaseWriter
    private let state = LockedValue(State())

    init(writer: any DatabaseWriter) { self.writer = writer }

    /// Runs `body` in a write transaction, alone or together with other waiting writes.
    /// - Throws: what `body` throws, or the error of the commit.
    func write<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) async throws -> T {
        if startRunning() {
            defer { handOver() }
            return try writeNow(body)
        }
        return try await withCheckedThrowingContinuation { continuation in
            let queued = PendingWrite(body: body, continuation: continuation)
            // Queued behind the running write, unless that one finished meanwhile: then this one leads.
            if startRunning(orQueue: queued) {
                Task {
                    await self.run([queued])
                    self.handOver()
                }
            }
        }
    }

    /// Marks a write as running and returns true; while one already runs, queues `queued` (if any)
    /// behind it and returns false.
    private func startRunning(orQueue queued: (any QueuedWrite)? = nil) -> Bool {
        state.withLock { state -> Bool in
            if state.running {
                if let queued { state.queue.append(queued) }
                return false
            }
            state.running = true
            return true
        }
    }

    /// GRDB's blocking write, which an async caller would not pick by itself.
    private func writeNow<T>(_ body: (Database) throws -> T) throws -> T {
        try writer.write(body)
    }

    /// Runs what queued up meanwhile, batch after batch, on GRDB's writer queue; then stops leading.
    private func handOver() {
        let batch = state.withLock { state -> [any QueuedWrite] in
            let batch = state.queue
            state.queue.removeAll()
            if batch.isEmpty { state.running = false }
            return batch
        }
        guard !batch.isEmpty else { return }
        Task {
            await self.run(batch)
            self.handOver()
        }
    }

    private func run(_ batch: [any QueuedWrite]) async {
        do {
            try await writer.write { db in
                for queued in batch { queued.run(db) }
            }
            for queued in batch { queued.finish(commitError: nil) }
        } catch {
            for queued in batch { queued.finish(commitError: error) }
        }
    }
}

/// A write waiting for the next combined transaction.
private protocol QueuedWrite: AnyObject, Sendable {
    /// Runs the write in its own savepoint of the shared transaction and keeps the outcome.
    func run(_ db: Database)
    /// Resumes the caller once the transaction ended: with the outcome, or with the commit's error.
    func finish(commitError: (any Error)?)
}

private final class PendingWrite<T: Sendable>: QueuedWrite, @unchecked Sendable {
    // `outcome` is written in `run` and read in `finish`, which the combiner calls one after the other.
    private let body: @Sendable (Database) throws -> T
    private let continuation: CheckedContinuation<T, any Error>
    private var outcome: Result<T, any Error>?

    init(body: @escaping @Sendable (Database) throws -> T, continuation: CheckedContinuation<T, any Error>) {
        self.body = body
        self.continuation = continuation
    }

    func run(_ db: Database) {
        outcome = Result { try db.inSavepointReturning { try body(db) } }
    }

    func finish(commitError: (any Error)?) {
        if let commitError {
            continuation.resume(throwing: commitError)
        } else if let outcome {
            continuation.resume(with: outcome)
        } else {
            continuation.resume(throwing: EngineError(.internalError, "write did not run"))
        }
    }
}

extension Database {
    /// Runs `body` in a savepoint and returns its value; an error rolls back the savepoint and is rethrown.
    fileprivate func inSavepointReturning<T>(_ body: () throws -> T) throws -> T {
        var value: T?
        try inSavepoint {
            value = try body()
            return .commit
        }
        guard let value else { throw EngineError(.internalError, "savepoint returned no value") }
        return value
    }
}
