import Foundation

/// Appends journal lines on a background queue, in the order they are handed over, with each
/// journal file kept open: a batch of writes does not wait for its journal between requests, and the
/// journal's work runs on another core than the requests'.
///
/// Every line is in its file before ``flush()`` returns, before a journal is read
/// (``Journal/entries()``) and when the process exits normally; a process killed outright loses the
/// lines of the last few milliseconds.
final class JournalWriter: @unchecked Sendable {
    // Invariant: `descriptors` is only touched on `queue`.
    private let queue = DispatchQueue(label: "novush.journal")
    private var descriptors: [String: Int32] = [:]

    /// The process's writer; it flushes when the process exits.
    static let shared: JournalWriter = {
        let writer = JournalWriter()
        atexit { JournalWriter.shared.flush() }
        return writer
    }()

    /// Appends the line `line()` makes to the file at `path`, later, on the writer's queue.
    /// `failed` is called there when the line cannot be written.
    func append(to path: String, _ line: @escaping @Sendable () -> [UInt8], failed: @escaping @Sendable (JournalError) -> Void) {
        queue.async {
            do throws(JournalError) {
                try self.write(line(), to: path)
            } catch {
                failed(error)
            }
        }
    }

    /// Returns once every line handed over so far is written.
    func flush() { queue.sync {} }

    /// Writes one line with one `write` call to the file opened for appending (created owner-only);
    /// reopens it when it was removed or renamed meanwhile.
    private func write(_ line: [UInt8], to path: String) throws(JournalError) {
        let descriptor = try openDescriptor(path)
        let written = line.withUnsafeBytes { Foundation.write(descriptor, $0.baseAddress, $0.count) }
        guard written == line.count else { throw JournalError(path: path, reason: String(cString: strerror(errno))) }
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
