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
    ///
    /// `complete` may return the before-image as JSON text to quote as it is; the entry's own
    /// ``JournalEntry/before`` must then be `nil`.
    func appendLater(
        _ entry: JournalEntry, completing complete: @escaping @Sendable (inout JournalEntry) -> VerbatimBeforeImage?,
        failed: @escaping @Sendable (JournalError) -> Void
    ) {
        let make: @Sendable () -> [UInt8] = {
            var entry = entry
            let verbatim = complete(&entry)
            return Self.line(entry, verbatimBefore: verbatim)
        }
        JournalWriter.shared.append(to: path, make, failed: failed)
    }

    /// Returns once every entry handed over so far, by any session of the process, is in its file.
    public static func waitForPendingEntries() { JournalWriter.shared.flush() }

    /// The entry's line: ``JournalEntry/json`` with sorted keys, written member by member (a batch
    /// writes one line a patch; building the object and sorting its keys cost twice the writing). A
    /// verbatim before-image goes in as the last member, as it is.
    static func line(_ entry: JournalEntry, verbatimBefore verbatim: VerbatimBeforeImage? = nil) -> [UInt8] {
        var line: [UInt8] = []
        line.reserveCapacity(256 + (verbatim?.value.count ?? 0))
        // Names are plain ASCII words that need no escaping; values are written in place.
        func member(_ name: StaticString, _ value: JSON) {
            line.append(line.isEmpty ? UInt8(ascii: "{") : UInt8(ascii: ","))
            line.append(UInt8(ascii: "\""))
            name.withUTF8Buffer { line += $0 }
            line += #"":"#.utf8
            do { try value.serialize(appendingTo: &line, options: [.sortedKeys]) } catch { line += "null".utf8 }
        }
        // In the order `sortedKeys` gives.
        if let before = entry.before { member("before", before.json) }
        if let body = entry.body { member("body", body) }
        member("id", .string(entry.id))
        member("method", .string(entry.method))
        member("operation", .string(entry.operation))
        member("profile", .string(entry.profile))
        member("route", .string(entry.route))
        if let status = entry.status { member("status", .int(Int64(status))) }
        member("time", .string(entry.time))
        if let undoes = entry.undoes { member("undoes", .string(undoes)) }
        if let verbatim, entry.before == nil {
            line += #","before":"#.utf8
            verbatim.append(to: &line)
        }
        line += "}\n".utf8
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
