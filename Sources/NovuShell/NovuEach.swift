import CShim
import Foundation
import JSONCore
import LuaKit

/// `novu.each(list_or_iterator, fn[, {concurrency = N, progress = true}])`: calls `fn(item, i)` in
/// one coroutine per item with at most N running at once, isolating errors per item, and returns
/// `{ok = n, failed = {{item = …, error = …}, …}}`.
///
/// Each call runs through ``LuaRuntime/run(_:arguments:results:)``, so while one item waits for
/// the server the others go on: N items waiting means N requests in flight. A progress bar with
/// rate and ETA is drawn on stderr when stderr is a terminal. Ctrl-C (a cancelled job) stops
/// starting items, cancels the ones in flight and raises `interrupted!` after saying on stderr how
/// far it got.
enum NovuEach {
    /// The default number of items in flight.
    static let defaultConcurrency = 8

    /// Sets `each` in the table at `novu`.
    static func install(in state: LuaState, novu: Int32, context: NovuLibraryContext) {
        let table = state.main.absolute(novu)
        state.pushFunction(name: "novu.each", { stack in try start(stack, context: context) }, on: state.main)
        state.main.setField("each", in: table)
    }

    private static func start(_ stack: LuaStack, context: NovuLibraryContext) throws -> Int32 {
        let sourceType = stack.type(at: 1)
        guard sourceType == .table || sourceType == .function else {
            throw LuaError.badArgument(
                1, function: "novu.each", "list or iterator expected, got \(NovuArguments.typeName(stack, 1))")
        }
        guard stack.type(at: 2) == .function else {
            throw LuaError.badArgument(2, function: "novu.each", "function expected, got \(NovuArguments.typeName(stack, 2))")
        }
        var concurrency = defaultConcurrency
        var showsProgress = true
        if stack.type(at: 3) == .table {
            if stack.getField("concurrency", in: 3) != .nil {
                guard let value = stack.toInteger(at: -1), value >= 1, value <= 10_000 else {
                    throw LuaError.badArgument(3, function: "novu.each", "concurrency must be an integer from 1 to 10000")
                }
                concurrency = Int(value)
            }
            stack.pop()
            if stack.getField("progress", in: 3) != .nil { showsProgress = stack.toBool(at: -1) }
            stack.pop()
        } else if stack.type(at: 3) != .nil && stack.type(at: 3) != .none {
            throw LuaError.badArgument(3, function: "novu.each", "table of options expected, got \(stack.type(at: 3))")
        }
        guard let runtime = context.runtime else {
            throw LuaError(.runtime, "novu.each is not available: the novu library is not attached to its runtime")
        }
        let function = stack.makeReference(at: 2)
        let source: EachRun.Source
        if sourceType == .table {
            var items: [Int32] = []
            var index: Int64 = 1
            while stack.getIndex(index, in: 1) != .nil {
                items.append(stack.makeReference(at: -1))
                stack.pop()
                index += 1
            }
            stack.pop()
            source = .list(items)
        } else {
            source = .iterator(stack.makeReference(at: 1))
        }
        let run = EachRun(
            runtime: runtime, function: function, source: source, concurrency: concurrency,
            progress: showsProgress && isatty(2) != 0 ? ProgressBar(total: source.count) : nil)
        return try stack.suspend { try await run.run() }
    }
}

/// One `novu.each` call in progress.
///
/// N workers (N the concurrency) each take the next item and call the function on it until the
/// items run out: an item that ends hands its place straight to the next one, with no task made
/// and none woken for it.
struct EachRun: Sendable {
    enum Source: Sendable {
        case list([Int32])
        case iterator(Int32)

        var count: Int? {
            if case .list(let items) = self { return items.count }
            return nil
        }
    }

    let runtime: LuaRuntime
    /// Registry reference of the function to call per item.
    let function: Int32
    let source: Source
    let concurrency: Int
    let progress: ProgressBar?

    /// Calls its first argument with the others: how a function held as a registry reference is
    /// run in a coroutine of its own through ``LuaRuntime/run(_:arguments:results:)``.
    static let trampoline = "local f = ...; return f(select(2, ...))"

    /// Runs every item and returns the report (or throws when interrupted or the iterator fails).
    func run() async throws -> [LuaResult] {
        let call = try await runtime.compile(Self.trampoline, name: "=novu.each")
        defer { Task { [runtime] in await runtime.release(call) } }
        let feed = EachFeed(source: source)
        let tally = EachTally(progress: progress)
        let workers = min(concurrency, source.count ?? concurrency)
        await withTaskGroup(of: Void.self) { group in
            for _ in 0..<workers {
                group.addTask { await work(call: call, feed: feed, tally: tally) }
            }
        }
        progress?.finish()
        let outcome = tally.outcome
        let report = await makeReport(ok: outcome.ok, failures: outcome.failures, started: feed.started)
        if outcome.interrupted || Task.isCancelled {
            let total = source.count.map { " of \($0)" } ?? ""
            let done = outcome.ok + outcome.failures.count
            writeStandardError(
                "novu.each: interrupted after \(done)\(total) items (\(outcome.ok) ok, \(outcome.failures.count) failed)\n")
            throw CancellationError()
        }
        if let iteratorError = feed.error { throw iteratorError }
        return [.ownedReference(report)]
    }

    /// One worker: calls the function on the feed's next item until there is none, or the job is
    /// cancelled or interrupted.
    private func work(call: LuaReference, feed: EachFeed, tally: EachTally) async {
        while !Task.isCancelled && !tally.isInterrupted {
            let next: (item: Int32, position: Int)?
            do throws(LuaError) {
                next = try await feed.next { (iterator) async throws(LuaError) -> Int32? in
                    try await nextFromIterator(iterator, call: call)
                }
            } catch {
                if Self.isInterrupt(error) { tally.interrupt() }
                return
            }
            guard let (item, position) = next else { return }
            do throws(LuaError) {
                try await runtime.run(call, arguments: [.reference(function), .reference(item), .json(.int(Int64(position)))])
                tally.succeeded()
            } catch {
                if Self.isInterrupt(error) { tally.interrupt() } else { tally.failed(item: item, error: error) }
            }
        }
    }

    /// Whether `error` ends the whole run rather than one item: an interrupt, or any error once the
    /// job is cancelled.
    static func isInterrupt(_ error: LuaError) -> Bool { Task.isCancelled || error.code == .interrupted }

    /// The next value of the iterator (a registry reference), or `nil` when it is done.
    private func nextFromIterator(_ iterator: Int32, call: LuaReference) async throws(LuaError) -> Int32? {
        try await runtime.run(call, arguments: [.reference(iterator)]) { stack, count in
            guard count > 0, stack.type(at: stack.top - count + 1) != .nil else { return nil }
            return stack.makeReference(at: stack.top - count + 1)
        }
    }

    /// Builds the report table (failed items are the original values, errors are error values that
    /// print their one line) and releases every other reference this run made.
    private func makeReport(ok: Int, failures: [(item: Int32, error: LuaError)], started: [Int32]) async -> Int32 {
        let failed = failures
        var all = started
        if case .list(let items) = source { all = items }
        let releases = all
        let function = function
        let source = source
        return await runtime.withState { state in
            let stack = state.main
            stack.newTable(hash: 2)
            stack.push(Int64(ok))
            stack.setField("ok", in: -2)
            if failed.isEmpty {
                // An empty list that stays a list through json.encode.
                if (try? stack.push(JSON.array([]))) == nil { stack.newTable() }
            } else {
                stack.newTable(array: Int32(failed.count))
            }
            for (position, failure) in failed.enumerated() {
                stack.newTable(hash: 2)
                stack.pushReference(failure.item)
                stack.setField("item", in: -2)
                stack.pushErrorValue(failure.error)
                stack.setField("error", in: -2)
                stack.setIndex(Int64(position + 1), in: -2)
            }
            stack.setField("failed", in: -2)
            let report = stack.makeReference(at: -1)
            stack.pop()
            for reference in releases { stack.releaseReference(reference) }
            stack.releaseReference(function)
            if case .iterator(let iterator) = source { stack.releaseReference(iterator) }
            return report
        }
    }
}

/// Writes text on stderr at once.
func writeStandardError(_ text: String) {
    fflush(cshim_stdout())
    text.withCString { _ = fputs($0, cshim_stderr()) }
    fflush(cshim_stderr())
}
