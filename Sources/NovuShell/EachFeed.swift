import LuaKit
import Synchronization

/// Hands out the items of a `novu.each` run in order, with their 1-based positions.
///
/// A list's items go to whichever worker asks. An iterator is called by one worker at a time: its
/// calls may wait on the server (`novu.all` fetches pages), and a Lua iterator is not made for two
/// callers at once. After the iterator ends or fails, every worker gets `nil`.
final class EachFeed: Sendable {
    private struct State {
        var position = 0
        var finished = false
        var error: LuaError?
        var started: [Int32] = []
        var pulling = false
        var waiting: [CheckedContinuation<Void, Never>] = []
    }

    private let source: EachRun.Source
    private let state = Mutex(State())

    init(source: EachRun.Source) {
        self.source = source
    }

    /// The iterator's items handed out so far (registry references the run releases).
    var started: [Int32] { state.withLock { $0.started } }

    /// The error the iterator raised, unless it was an interrupt.
    var error: LuaError? { state.withLock { $0.error } }

    /// The next item and its position, or `nil` when there are no more.
    /// - Parameter pull: calls the iterator once: its next value as a registry reference, `nil` at the end.
    /// - Throws: ``LuaError`` what `pull` throws (the feed is then finished).
    func next(_ pull: (Int32) async throws(LuaError) -> Int32?) async throws(LuaError) -> (item: Int32, position: Int)? {
        switch source {
        case .list(let items):
            return state.withLock { state in
                guard state.position < items.count else { return nil }
                state.position += 1
                return (items[state.position - 1], state.position)
            }
        case .iterator(let iterator):
            await takeTurn()
            defer { endTurn() }
            if state.withLock({ $0.finished }) { return nil }
            do throws(LuaError) {
                guard let item = try await pull(iterator) else {
                    state.withLock { $0.finished = true }
                    return nil
                }
                return state.withLock { state in
                    state.position += 1
                    state.started.append(item)
                    return (item, state.position)
                }
            } catch {
                let interrupted = EachRun.isInterrupt(error)
                state.withLock { state in
                    state.finished = true
                    if !interrupted { state.error = error }
                }
                throw error
            }
        }
    }

    /// Waits until no other worker is calling the iterator.
    private func takeTurn() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let free = state.withLock { state -> Bool in
                if state.pulling {
                    state.waiting.append(continuation)
                    return false
                }
                state.pulling = true
                return true
            }
            if free { continuation.resume() }
        }
    }

    /// Hands the iterator to the next waiting worker.
    private func endTurn() {
        let next = state.withLock { state -> CheckedContinuation<Void, Never>? in
            guard !state.waiting.isEmpty else {
                state.pulling = false
                return nil
            }
            return state.waiting.removeFirst()
        }
        next?.resume()
    }
}

/// What the workers of a `novu.each` run have done, kept as they report it (and drawn on the
/// progress bar, when there is one).
final class EachTally: Sendable {
    struct Outcome: Sendable {
        var ok = 0
        var failures: [(item: Int32, error: LuaError)] = []
        var interrupted = false
    }

    private let state = Mutex(Outcome())
    private let progress: ProgressBar?

    init(progress: ProgressBar?) {
        self.progress = progress
    }

    /// Everything reported so far.
    var outcome: Outcome { state.withLock { $0 } }

    /// Whether an item reported an interrupt: the workers then start no more items.
    var isInterrupted: Bool { state.withLock { $0.interrupted } }

    /// An item's function returned.
    func succeeded() { update { $0.ok += 1 } }

    /// An item's function raised `error`.
    func failed(item: Int32, error: LuaError) { update { $0.failures.append((item, error)) } }

    /// The run was interrupted (Ctrl-C or a cancelled job).
    func interrupt() { state.withLock { $0.interrupted = true } }

    private func update(_ change: (inout Outcome) -> Void) {
        let (done, failed) = state.withLock { outcome in
            change(&outcome)
            return (outcome.ok + outcome.failures.count, outcome.failures.count)
        }
        progress?.update(done: done, failed: failed)
    }
}
