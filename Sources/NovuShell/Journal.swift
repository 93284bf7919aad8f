import Foundation
import JSONCore
import Synchronization

/// The journal of one profile: every write that was sent, one JSON object a line, in
/// `$XDG_STATE_HOME/novush/journal-<profile>.jsonl` (owner-only permissions).
public struct Journal: Sendable {
    /// The JSONL file.
    public let path: String

    /// The journal of `profile` under `paths`.
    public init(profile: String, paths: ShellPaths) {
        path = paths.state + "/journal-\(profile).jsonl"
    }

    /// Serialises appends from concurrent coroutines of one process.
    private static let lock = Mutex(())

    /// Appends one entry (one `write` to a file opened for appending, created owner-only).
    /// - Throws: `JournalError` naming the file when it cannot be created or written.
    func append(_ entry: JournalEntry) throws {
        let line = Array((((try? entry.json.serializedString(options: [.sortedKeys])) ?? "{}") + "\n").utf8)
        try Self.lock.withLock { _ in
            var descriptor = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o600)
            if descriptor < 0, errno == ENOENT {
                ShellPaths.ensureDirectory((path as NSString).deletingLastPathComponent)
                descriptor = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o600)
            }
            guard descriptor >= 0 else { throw JournalError(path: path, reason: String(cString: strerror(errno))) }
            defer { close(descriptor) }
            let written = line.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
            guard written == line.count else { throw JournalError(path: path, reason: String(cString: strerror(errno))) }
        }
    }

    /// Every entry, oldest first (unreadable lines are skipped).
    public func entries() -> [JournalEntry] {
        guard let data = FileManager.default.contents(atPath: path) else { return [] }
        return data.split(separator: UInt8(ascii: "\n")).compactMap { line in
            (try? JSON.parse(Array(line))).flatMap(JournalEntry.init(json:))
        }
    }

    /// The entry called `id` (a unique prefix is enough), or `nil`.
    public func entry(id: String) -> JournalEntry? {
        let all = entries()
        if let exact = all.last(where: { $0.id == id }) { return exact }
        let matches = all.filter { $0.id.hasPrefix(id) }
        return matches.count == 1 ? matches[0] : nil
    }
}

/// The journal file could not be written.
public struct JournalError: Error, CustomStringConvertible {
    /// The journal file.
    public let path: String
    /// What the system said.
    public let reason: String
    public var description: String { "cannot write the journal \(path): \(reason)" }
}
