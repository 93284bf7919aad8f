import NovuKit

/// A REPL command that is not Lua: `.profile NAME`, `.undo ID`, `.whoami`, `.journal`.
struct DotCommand: Sendable, Equatable {
    var name: String
    var argument: String?

    /// Parses a line starting with `.`; `nil` for anything else (Lua code).
    init?(_ line: String) {
        let trimmed = line.trimmingCharacters(in: .whitespaces)
        guard trimmed.hasPrefix("."), trimmed.count > 1, trimmed.dropFirst().first?.isLetter == true else { return nil }
        let words = trimmed.dropFirst().split(separator: " ", maxSplits: 1).map(String.init)
        name = words[0]
        argument = words.count > 1 ? words[1].trimmingCharacters(in: .whitespaces) : nil
    }

    func run(in shell: Shell) async {
        let session = shell.session
        switch (name, argument) {
        case ("profile", let profile?):
            do {
                let old = try session.use(profile: profile)
                await old.close()
                let now = session.connection
                shell.console.output("now on \(Prompt.label(profile: now.profile.name, place: now.placeName))"
                    + (now.profile.isProtected ? " (protected: writes ask first)" : ""))
            } catch {
                shell.console.error("novush: .profile: \(error.description)")
            }
        case ("profile", nil), ("whoami", _):
            let now = session.connection
            shell.console.output(Prompt.label(profile: now.profile.name, place: now.placeName))
        case ("undo", let id?):
            do {
                shell.console.output(try await Undo(session: session).undo(id: id).text)
            } catch {
                shell.console.error("novush: undo: \(error.message)")
            }
        case ("journal", _):
            let entries = session.journal.entries().suffix(20)
            shell.console.output(entries.isEmpty ? "(the journal is empty)" : entries.map(\.summary).joined(separator: "\n"))
        default:
            shell.console.error("novush: unknown command .\(name) (try .profile NAME, .undo ID, .journal, .whoami)")
        }
    }
}

import Foundation
