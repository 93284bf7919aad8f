import Foundation

/// Where the REPL gets its input lines from: a line editor on a terminal, or plain lines from a pipe.
public protocol LineSource: AnyObject, Sendable {
    /// Reads one line.
    ///
    /// - Parameter prompt: The prompt to show (ignored when input is not a terminal). Colour escapes
    ///   must be wrapped in `\u{1}` markers so the editor can tell they take no columns.
    /// - Returns: The line without its newline, ``LineInput/cancelled`` for Ctrl-C while editing, or
    ///   ``LineInput/endOfInput`` for Ctrl-D on an empty line or the end of a pipe.
    func readLine(prompt: String) async -> LineInput

    /// Adds a line (or a whole multi-line statement) to the history, when the source keeps one.
    func addHistory(_ line: String)
}

/// The result of ``LineSource/readLine(prompt:)``.
public enum LineInput: Sendable, Equatable {
    /// A line, without its newline.
    case line(String)
    /// The user pressed Ctrl-C while editing: discard what was typed and prompt again.
    case cancelled
    /// Ctrl-D on an empty line, or the end of the input stream.
    case endOfInput
}

/// A thread of its own that runs blocking jobs one after the other, in submission order.
///
/// Blocking reads (libedit's `el_gets`, `getline`) must not run on Swift's cooperative pool: on a
/// 2-core machine one blocked read would take half of it. Every job of one `SerialThread` runs on
/// the same OS thread, which also matters for libedit (it is not thread-safe).
///
/// `@unchecked Sendable`: `jobs` and `stopping` are only touched with `condition` locked.
final class SerialThread: @unchecked Sendable {
    typealias Job = @Sendable () -> Void

    private let condition = NSCondition()
    private var jobs: [Job] = []
    private var stopping = false

    /// Starts the thread. It keeps the `SerialThread` alive until ``stop()`` lets it finish.
    init(name: String) {
        let thread = Thread { [self] in
            while let job = nextJob() { job() }
        }
        thread.name = name
        thread.start()
    }

    /// Waits for the next job; nil once stopped and drained.
    private func nextJob() -> Job? {
        condition.lock()
        defer { condition.unlock() }
        while jobs.isEmpty {
            if stopping { return nil }
            condition.wait()
        }
        return jobs.removeFirst()
    }

    /// Queues a job; it runs after every job queued before it.
    func submit(_ job: @escaping Job) {
        condition.lock()
        jobs.append(job)
        condition.signal()
        condition.unlock()
    }

    /// Runs `body` on the thread and returns its result.
    func run<Result: Sendable>(_ body: @escaping @Sendable () -> Result) async -> Result {
        await withCheckedContinuation { continuation in
            submit { continuation.resume(returning: body()) }
        }
    }

    /// Lets the thread finish the queued jobs and exit.
    func stop() {
        condition.lock()
        stopping = true
        condition.signal()
        condition.unlock()
    }
}
