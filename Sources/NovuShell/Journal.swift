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

    /// Appends one entry.
    /// - Throws: `CocoaError` when the file cannot be created or written.
    func append(_ entry: JournalEntry) throws {
        let line = ((try? entry.json.serializedString(options: [.sortedKeys])) ?? "{}") + "\n"
        try Self.lock.withLock { _ in
            ShellPaths.ensureDirectory((path as NSString).deletingLastPathComponent)
            if !FileManager.default.fileExists(atPath: path) {
                FileManager.default.createFile(atPath: path, contents: nil, attributes: [.posixPermissions: 0o600])
            }
            let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
            defer { try? handle.close() }
            try handle.seekToEnd()
            try handle.write(contentsOf: Data(line.utf8))
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
