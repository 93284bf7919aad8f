import Foundation
import Synchronization

/// Appends journal lines on a background queue, in the order they are handed over, with each
/// journal file kept open: a batch of writes does not wait for its journal between requests, and the
/// journal's work runs on another core than the requests'.
///
/// A line handed over waits up to ``gatheringDelay`` for others, and they are written together: one
/// wake-up of the queue and one `write` per journal for every few dozen lines of a fast batch (woken
/// for each line, the queue's thread cost the batch as much CPU in the kernel as the lines' making).
///
/// Every line is in its file before ``flush()`` returns, before a journal is read
/// (``Journal/entries()``) and when the process exits normally; a process killed outright loses the
/// lines of the last ``gatheringDelay``.
final class JournalWriter: @unchecked Sendable {
    /// A line still to be made and written.
    private struct Line {
        let path: String
        let make: @Sendable () -> [UInt8]
        let failed: @Sendable (JournalError) -> Void
    }

    /// The lines handed over and not yet taken by the queue; `scheduled` tells whether a drain is
    /// queued that has not taken them yet.
    private struct Pending {
        var lines: [Line] = []
        var scheduled = false
    }

    // Invariant: `descriptors` is only touched on `queue`.
    private let queue = DispatchQueue(label: "novush.journal")
    private var descriptors: [String: Int32] = [:]
    private let pending = Mutex(Pending())

    /// How long a line waits for others before the queue writes them.
    static let gatheringDelay = DispatchTimeInterval.milliseconds(10)

    /// The process's writer; it flushes when the process exits.
    static let shared: JournalWriter = {
        let writer = JournalWriter()
        atexit { JournalWriter.shared.flush() }
        return writer
    }()

    /// Appends the line `line()` makes to the file at `path`, later, on the writer's queue.
    /// `failed` is called there when the line cannot be written.
    func append(to path: String, _ line: @escaping @Sendable () -> [UInt8], failed: @escaping @Sendable (JournalError) -> Void) {
        let schedule = pending.withLock { pending -> Bool in
            pending.lines.append(Line(path: path, make: line, failed: failed))
            defer { pending.scheduled = true }
            return !pending.scheduled
        }
        if schedule { queue.asyncAfter(deadline: .now() + Self.gatheringDelay) { self.drain() } }
    }

    /// Returns once every line handed over so far is written: the lines still waiting are written
    /// now, on the queue, after any drain already running.
    func flush() { queue.sync { drain() } }

    /// Makes the waiting lines and writes each journal's run of them with one `write`, in order.
    private func drain() {
        let lines = pending.withLock { pending -> [Line] in
            pending.scheduled = false
            defer { pending.lines.removeAll(keepingCapacity: true) }
            return pending.lines
        }
        var start = lines.startIndex
        while start < lines.endIndex {
            let path = lines[start].path
            var end = start
            var bytes: [UInt8] = []
            while end < lines.endIndex, lines[end].path == path {
                bytes.append(contentsOf: lines[end].make())
                end += 1
            }
            do throws(JournalError) {
                try write(bytes, to: path)
            } catch {
                for line in lines[start..<end] { line.failed(error) }
            }
            start = end
        }
    }

    /// Writes `bytes` (whole lines) to the file opened for appending (created owner-only); reopens it
    /// when it was removed or renamed meanwhile.
    private func write(_ bytes: [UInt8], to path: String) throws(JournalError) {
        let descriptor = try openDescriptor(path)
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeBytes { Foundation.write(descriptor, $0.baseAddress! + offset, $0.count - offset) }
            if written < 0 && errno == EINTR { continue }
            guard written > 0 else { throw JournalError(path: path, reason: String(cString: strerror(errno))) }
            offset += written
        }
    }

    private func openDescriptor(_ path: String) throws(JournalError) -> Int32 {
        if let open = descriptors[path] {
            var status = stat()
            if fstat(open, &status) == 0, status.st_nlink > 0 { return open }
            close(open)
            descriptors[path] = nil
        }
        var descriptor = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o600)
        if descriptor < 0, errno == ENOENT {
            ShellPaths.ensureDirectory((path as NSString).deletingLastPathComponent)
            descriptor = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o600)
        }
        guard descriptor >= 0 else { throw JournalError(path: path, reason: String(cString: strerror(errno))) }
        descriptors[path] = descriptor
        return descriptor
    }
}
