public import LuaKit
import NovuKit
import CShim
import Foundation
import JSONCore
import Synchronization

/// One run of novush: a Lua runtime with the shell's libraries, and the batch runner and REPL
/// that feed it.
///
/// ```swift
/// let shell = try Shell(options: ShellOptions(evaluate: ["print(1 + 1)"]))
/// let status = await shell.run()   // 0 ok, 1 Lua or runtime error
/// ```
public final class Shell: Sendable {
    /// The Lua runtime every chunk of this run executes in.
    public let runtime: LuaRuntime
    let options: ShellOptions
    let paths: ShellPaths
    let console: Console
    /// Where `novu.*` calls go.
    public var connection: NovuConnection { session.connection }
    /// The path every `novu.*` call takes.
    public let session: NovuSession
    /// The profile name shown in the prompt and used for the history file.
    var profile: String { connection.profile.name }
    private let currentJob = Mutex<Task<Void, Never>?>(nil)

    /// Creates a shell with its Lua runtime, for the profile that the options and config select.
    /// - Throws: ``LuaError`` when the Lua state cannot be created; ``ConfigurationError`` for a
    ///   bad config file or an unknown profile.
    public init(options: ShellOptions, paths: ShellPaths = ShellPaths()) throws {
        self.options = options
        self.paths = paths
        let profile = try NovuConfiguration.resolve(profile: options.profile, url: options.url, store: options.store)
        let session = NovuSession(connection: NovuConnection(profile: profile), options: options, paths: paths)
        self.session = session
        let console = Console()
        self.console = console
        runtime = try LuaRuntime { state in
            StandardLibrary.install(in: state)
            NovuLibrary.install(in: state, session: session)
            SessionLibrary.install(in: state, session: session)
        }
        NovuLibrary.attach(runtime, to: session)
        for warning in profile.warnings { console.error("novush: warning: \(warning)") }
    }

    /// Runs what the options ask for: the startup file (interactive runs only), `-e` chunks, the
    /// script, then the REPL. Returns the process exit status: 0 on success, 1 after a Lua or
    /// runtime error (reported on stderr with its traceback).
    public func run() async -> Int32 {
        let monitor = try? InterruptMonitor { [weak self] in self?.cancelCurrentJob() }
        defer { withExtendedLifetime(monitor) {} }
        await installArgumentTable()
        if options.runsREPL && !options.skipStartupFile && FileManager.default.fileExists(atPath: paths.startupFile) {
            _ = await runFile(paths.startupFile)
        }
        for chunk in options.evaluate {
            guard await runChunk(Array(chunk.utf8), name: "=(command line)") else { return await finish(1) }
        }
        if let script = options.script {
            guard await runFile(script) else { return await finish(1) }
        }
        if options.runsREPL {
            await Repl(shell: self).run()
        }
        return await finish(0)
    }

    /// Ends the run: the dry-run summary on stderr, then the connection is closed.
    private func finish(_ status: Int32) async -> Int32 {
        console.flush()
        if options.dryRun {
            let planned = session.plannedWrites
            var lines = ["dry-run: \(planned.count) write(s) not sent\(planned.isEmpty ? "" : ":")"]
            lines += planned.map { "  " + $0 }
            console.error(lines.joined(separator: "\n"))
        }
        await connection.close()
        return status
    }

    // MARK: - Running chunks

    /// Runs a script file (`-` for standard input); a first line starting with `#` is skipped.
    func runFile(_ path: String) async -> Bool {
        let source: [UInt8]
        if path == "-" {
            source = Array(FileHandle.standardInput.readDataToEndOfFile())
        } else {
            guard let data = FileManager.default.contents(atPath: path) else {
                console.error("novush: cannot open \(path)")
                return false
            }
            source = Array(data)
        }
        return await runChunk(Self.skippingShebang(source), name: path == "-" ? "=stdin" : "@" + path,
                              arguments: options.arguments)
    }

    /// Blanks a first line that starts with `#` (keeping the newline, so line numbers stay right).
    static func skippingShebang(_ source: [UInt8]) -> [UInt8] {
        guard source.first == UInt8(ascii: "#") else { return source }
        return Array(source.drop { $0 != UInt8(ascii: "\n") })
    }

    /// Compiles and runs one chunk, reporting any error on stderr. Returns true on success.
    func runChunk(_ source: [UInt8], name: String, arguments: [String] = []) async -> Bool {
        do {
            let chunk = try await runtime.compile(source, name: name)
            defer { Task { await runtime.release(chunk) } }
            try await runJob(chunk, arguments: arguments.map { .json(.string($0)) }) { _, _ in () }
            return true
        } catch {
            report(error)
            return false
        }
    }

    /// Runs a compiled chunk as the current job, so Ctrl-C can cancel its async waits.
    func runJob<T: Sendable>(
        _ chunk: LuaReference, arguments: [LuaResult] = [], results: @escaping @Sendable (LuaStack, Int32) -> T
    ) async throws(LuaError) -> T {
        runtime.resetInterrupt()
        let runtime = runtime
        let outcome = Mutex<Result<T, LuaError>?>(nil)
        let task = Task {
            do throws(LuaError) {
                let value = try await runtime.run(chunk, arguments: arguments, results: results)
                outcome.withLock { $0 = .success(value) }
            } catch {
                outcome.withLock { $0 = .failure(error) }
            }
        }
        currentJob.withLock { $0 = task }
        await task.value
        currentJob.withLock { $0 = nil }
        console.flush()
        return try outcome.withLock { $0! }.get()
    }

    private func cancelCurrentJob() {
        currentJob.withLock { $0?.cancel() }
    }

    /// Prints an error and its traceback on stderr.
    func report(_ error: any Error) {
        console.flush()
        if let error = error as? LuaError {
            var text = "novush: " + error.message
            if let traceback = error.traceback, !traceback.isEmpty { text += "\n" + traceback }
            console.error(Redaction.scrub(text, secret: connection.profile.apiKey))
        } else {
            console.error(Redaction.scrub("novush: \(error)", secret: connection.profile.apiKey))
        }
    }

    /// Sets the global `arg` as the `lua` interpreter does: the script at 0, its arguments from 1,
    /// the interpreter and options before it at negative indices.
    private func installArgumentTable() async {
        let commandLine = options.commandLine.isEmpty ? ["novush"] : options.commandLine
        let script = options.script
        let arguments = options.arguments
        await runtime.withState { state in
            let stack = state.main
            stack.newTable()
            let scriptIndex = script.flatMap { name in commandLine.lastIndex(of: name) } ?? 0
            for (offset, word) in commandLine.enumerated() where offset <= scriptIndex {
                stack.push(word)
                stack.setIndex(Int64(offset - scriptIndex), in: -2)
            }
            for (offset, word) in arguments.enumerated() {
                stack.push(word)
                stack.setIndex(Int64(offset + 1), in: -2)
            }
            stack.setGlobal("arg")
        }
    }
}
