import JSONCore
import ArgumentParser
import Foundation
import NovuKit
import NovuShell

/// Where `journal` and `undo` find the profile: the same options the shell takes.
struct ProfileOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Use a profile of ~/.config/novush/config.toml.", valueName: "NAME"))
    var profile: String?

    @Option(help: ArgumentHelp("Talk to this Novu server (a URL, or us / eu).", valueName: "URL"))
    var url: String?

    @Option(help: ArgumentHelp("Use a local engine on this store file.", valueName: "PATH"))
    var store: String?

    /// The resolved profile; a config problem exits with status 2.
    func resolve() throws -> ResolvedProfile {
        do {
            return try NovuConfiguration.resolve(profile: profile, url: url, store: store)
        } catch {
            FileHandle.standardError.write(Data("novush: \(error.description)\n".utf8))
            throw ExitCode(2)
        }
    }
}

extension Novush {
    /// `novush journal`: the writes sent on a profile, oldest first.
    struct Journal: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "journal",
            abstract: "List the writes sent on a profile (the journal).",
            discussion: "Each line: id, time, status, method and route. `novush undo ID` restores what it changed.")

        @OptionGroup var target: ProfileOptions

        @Flag(help: "Print the entries as JSON lines, as stored (secrets already redacted).")
        var json = false

        @Option(help: "Show only the last N entries.")
        var last: Int?

        func run() throws {
            let profile = try target.resolve()
            let journal = NovuShell.Journal(profile: profile.name, paths: ShellPaths())
            var entries = journal.entries()
            if let last { entries = Array(entries.suffix(max(0, last))) }
            if entries.isEmpty {
                FileHandle.standardError.write(Data("novush: the journal of '\(profile.name)' is empty\n".utf8))
                return
            }
            for entry in entries {
                if json {
                    print((try? entry.json.serializedString(options: [.sortedKeys])) ?? "{}")
                } else {
                    print(entry.summary)
                }
            }
        }
    }

    /// `novush undo ID`: restores what one journaled write changed.
    struct Undo: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "undo",
            abstract: "Restore what a journaled write changed.",
            discussion: """
                Subscribers (fields, credentials; a deleted one is re-created), preferences and message \
                read/seen/archived state can be restored; messages deleted with a subscriber cannot.
                """)

        @Argument(help: "The journal entry id (see `novush journal`).")
        var id: String

        @OptionGroup var target: ProfileOptions

        @Flag(help: "Allow the restoring writes on a protected profile.")
        var yes = false

        @Flag(name: .customLong("dry-run"), help: "Print the restoring writes instead of sending them.")
        var dryRun = false

        func run() async throws {
            let profile = try target.resolve()
            var options = ShellOptions()
            options.dryRun = dryRun
            options.assumeYes = yes
            let connection = NovuConnection(profile: profile)
            let session = NovuSession(connection: connection, options: options)
            do {
                let outcome = try await NovuShell.Undo(session: session).undo(id: id)
                await connection.close()
                print(outcome.text)
            } catch {
                await connection.close()
                FileHandle.standardError.write(Data("novush: undo: \(error.message)\n".utf8))
                throw ExitCode(1)
            }
        }
    }
}
