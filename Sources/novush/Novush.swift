import ArgumentParser
import Foundation
import NIOPosix
import NovuKit
import NovuServer
import NovuShell

/// The `novush` command: the shell (REPL, `-e`, scripts) and its subcommands.
@main
struct Novush: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "novush",
        abstract: "A Lua shell for the Novu notification API.",
        discussion: """
            With no script, novush starts an interactive Lua prompt. `novush FILE.lua [ARGS…]` runs a \
            script (its arguments are in the `arg` table), `novush -` reads one from standard input.
            """,
        subcommands: [Serve.self, Journal.self, Undo.self]
    )

    @Option(name: .customShort("e"), help: ArgumentHelp("Run CODE (may be repeated).", valueName: "CODE"))
    var evaluate: [String] = []

    @Flag(name: .customShort("i"), help: "Stay interactive after running the script or -e code.")
    var interactive = false

    @Flag(help: "Do not run the startup file (~/.config/novush/init.lua).")
    var norc = false

    @Option(help: ArgumentHelp("Use a profile of ~/.config/novush/config.toml.", valueName: "NAME"))
    var profile: String?

    @Option(help: ArgumentHelp("Talk to this Novu server (a URL, or us / eu) for this run.", valueName: "URL"))
    var url: String?

    @Option(help: ArgumentHelp("Use a local engine on this store file for this run.", valueName: "PATH"))
    var store: String?

    @Flag(help: "Print every result as JSON.")
    var json = false

    @Flag(name: .customLong("dry-run"), help: "Send reads; print writes instead of sending them.")
    var dryRun = false

    @Flag(help: "Allow writes on a protected profile without asking (needed in batch).")
    var yes = false

    @Argument(
        parsing: .captureForPassthrough,
        help: ArgumentHelp("A Lua script (or - for standard input) and its arguments.", valueName: "script"))
    var scriptAndArguments: [String] = []

    func validate() throws {
        if let first = scriptAndArguments.first, first.hasPrefix("-"), first != "-" {
            throw ValidationError("unknown option '\(first)'")
        }
    }

    mutating func run() async throws {
        var options = ShellOptions(
            evaluate: evaluate,
            script: scriptAndArguments.first,
            arguments: Array(scriptAndArguments.dropFirst()),
            interactive: interactive,
            skipStartupFile: norc,
            commandLine: CommandLine.arguments
        )
        options.profile = profile
        options.url = url
        options.store = store
        options.json = json
        options.dryRun = dryRun
        options.assumeYes = yes
        await Self.runShell(options)
    }

    /// Runs the shell with `options` and exits with its status (2 for a configuration error).
    static func runShell(_ options: ShellOptions) async -> Never {
        let shell: Shell
        do {
            shell = try Shell(options: options)
            // Talking to a server, the shell's tasks and its HTTP connections share one event loop, so
            // a request, its answer and the Lua code around them stay on one thread (see
            // NovuServer.runTasks). The local engine keeps the concurrency pool: it needs both cores.
            if !shell.connection.profile.isLocal {
                let loop = MultiThreadedEventLoopGroup(numberOfThreads: 1)
                shell.connection.eventLoopGroup = loop
                NovuServer.runTasks(on: loop)
            }
        } catch let error as ConfigurationError {
            FileHandle.standardError.write(Data("novush: \(error.message)\n".utf8))
            Foundation.exit(2)
        } catch {
            FileHandle.standardError.write(Data("novush: \(error)\n".utf8))
            Foundation.exit(1)
        }
        Foundation.exit(await shell.run())
    }

    /// The names of the subcommands, as typed first on the command line.
    static let subcommandNames = Set(configuration.subcommands.compactMap { $0.configuration.commandName })

    /// Dispatches `novush SUBCOMMAND …` to the subcommand; everything else is the shell's own
    /// command line (a script name may be any word, so the root captures its arguments verbatim).
    static func parseCommandLine(_ arguments: [String]) throws -> any ParsableCommand {
        if let first = arguments.first,
            let subcommand = configuration.subcommands.first(where: { $0.configuration.commandName == first })
        {
            return try subcommand.parseAsRoot(Array(arguments.dropFirst()))
        }
        return try parseAsRoot(arguments)
    }

    /// Parses the command line and runs; usage errors exit with status 2, as shells do.
    ///
    /// Everyday shell command lines skip the general parser (see ``ShellCommandLine``): it costs
    /// milliseconds of start-up that `novush -e` should not pay.
    static func main() async {
        let arguments = Array(CommandLine.arguments.dropFirst())
        if let options = ShellCommandLine.parse(arguments, subcommands: subcommandNames, commandLine: CommandLine.arguments) {
            await runShell(options)
        }
        // The script argument captures everything verbatim, `--help` included, so help is asked for here.
        if arguments == ["--help"] || arguments == ["-h"] {
            print(helpMessage())
            Foundation.exit(0)
        }
        do {
            var command = try parseCommandLine(arguments)
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch let code as ExitCode {
            Foundation.exit(code.rawValue)
        } catch {
            let status = exitCode(for: error)
            let message = fullMessage(for: error)
            if status == .success {
                print(message)
                Foundation.exit(0)
            }
            FileHandle.standardError.write(Data((message + "\n").utf8))
            Foundation.exit(status == .validationFailure ? 2 : status.rawValue)
        }
    }
}
