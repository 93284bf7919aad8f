import Foundation
import JSONCore

/// The journal of one profile: every write that was sent, one JSON object a line, in
/// `$XDG_STATE_HOME/novush/journal-<profile>.jsonl` (owner-only permissions).
public struct Journal: Sendable {
    /// The JSONL file.
    public let path: String

    /// The journal of `profile` under `paths`.
    public init(profile: String, paths: ShellPaths) {
        path = paths.state + "/journal-\(profile).jsonl"
    }

    /// Appends `entry`, finished by `complete` (a before-image to decode, say), on the journal's
    /// background queue, and returns at once; `failed` is called there when it cannot be written
    /// (see ``JournalWriter``).
    func appendLater(
        _ entry: JournalEntry, completing complete: @escaping @Sendable (inout JournalEntry) -> Void,
        failed: @escaping @Sendable (JournalError) -> Void
    ) {
        let make: @Sendable () -> [UInt8] = {
            var entry = entry
            complete(&entry)
            return Self.line(entry)
        }
        JournalWriter.shared.append(to: path, make, failed: failed)
    }

    /// Returns once every entry handed over so far, by any session of the process, is in its file.
    public static func waitForPendingEntries() { JournalWriter.shared.flush() }

    private static func line(_ entry: JournalEntry) -> [UInt8] {
        var line = (try? entry.json.serialized(options: [.sortedKeys])) ?? Array("{}".utf8)
        line.append(0x0A)
        return line
    }

    /// Every entry, oldest first (unreadable lines are skipped).
    public func entries() -> [JournalEntry] {
        JournalWriter.shared.flush()
        guard let data = FileManager.default.contents(atPath: path) else { return [] }
        return data.split(separator: UInt8(ascii: "\n")).compactMap { line in
            (try? JSON.parse(Array(line))).flatMap(JournalEntry.init(json:))
        }
    }

    /// The entries `id` names: those with exactly that id, or else those whose id starts with it.
    /// More than one means `id` does not say which.
    public func entries(matching id: String) -> [JournalEntry] {
        let all = entries()
        let exact = all.filter { $0.id == id }
        return exact.isEmpty ? all.filter { $0.id.hasPrefix(id) } : exact
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
