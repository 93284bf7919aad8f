public import Foundation

/// A program running in a real terminal (a detached tmux session), driven by keystrokes and
/// checked by reading the screen: how the REPL is tested end to end.
///
/// Each session has its own tmux server (`tmux -L <unique socket>`, no user config), so tests never
/// touch the user's tmux and can run in parallel. The pane stays open after the program exits
/// (`remain-on-exit`), so its last screen and exit status can still be read.
///
/// ```swift
/// let home = try TemporaryHome()
/// let session = try TerminalSession(command: [NovushBinary.url.path], environment: home.environment())
/// try await session.waitFor("> ")
/// session.type("1+1")
/// session.send(keys: "Enter")
/// try await session.waitFor("2")
/// ```
public final class TerminalSession: Sendable {
    /// Why a session operation failed.
    public struct Failure: Error, CustomStringConvertible, Sendable {
        /// What went wrong, with the screen as it was when relevant.
        public var description: String
    }

    /// The tmux session name (also its server socket name).
    public let name: String
    /// The pane size.
    public let columns: Int, rows: Int
    private let configURL: URL

    /// The `tmux` executable, or nil when tmux is not installed.
    public static let tmuxPath: String? = {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        for directory in path.split(separator: ":") + ["/usr/bin", "/usr/local/bin", "/opt/homebrew/bin"] {
            let candidate = "\(directory)/tmux"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }()

    /// Whether tmux is installed (terminal tests skip without it).
    public static var isAvailable: Bool { tmuxPath != nil }

    /// Starts `command` in a new detached session.
    ///
    /// - Parameters:
    ///   - command: The program and its arguments (not interpreted by a shell).
    ///   - environment: The program's whole environment (tmux adds `TERM`, `TMUX` and `TMUX_PANE`).
    ///   - directory: The working directory.
    ///   - columns: The pane width.
    ///   - rows: The pane height.
    /// - Throws: ``Failure`` when tmux is missing or the session cannot start.
    public init(
        command: [String], environment: [String: String], directory: URL? = nil, columns: Int = 120, rows: Int = 40
    ) throws {
        guard Self.isAvailable else { throw Failure(description: "tmux is not installed") }
        self.name = "novush-\(ProcessInfo.processInfo.processIdentifier)-\(UUID().uuidString.prefix(8))"
        self.columns = columns
        self.rows = rows
        self.configURL = FileManager.default.temporaryDirectory.appendingPathComponent("\(name).tmux.conf")
        let config = """
            set -g remain-on-exit on
            set -g history-limit 10000
            set -g status off
            set -g default-terminal "screen"
            """
        try Data(config.utf8).write(to: configURL)
        // The command runs under `env -i` so it sees exactly `environment` (plus TERM), whatever the
        // tmux server inherited.
        var arguments = ["new-session", "-d", "-s", name, "-x", "\(columns)", "-y", "\(rows)"]
        if let directory { arguments += ["-c", directory.path] }
        var variables = environment
        variables["TERM"] = "screen"
        let assignments = variables.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
        arguments += ["--", "/usr/bin/env", "-i"] + assignments + command
        let result = Self.tmux(name: name, config: configURL, arguments, environment: variables)
        guard result.status == 0 else {
            try? FileManager.default.removeItem(at: configURL)
            throw Failure(description: "tmux new-session failed (\(result.status)): \(result.output)")
        }
    }

    deinit {
        close()
    }

    // MARK: - Input

    /// Sends tmux key names, one per argument: `Enter`, `Tab`, `Up`, `BSpace`, `C-c`, `C-d`, ….
    public func send(keys: String...) {
        send(keys: keys)
    }

    /// Sends tmux key names.
    public func send(keys: [String]) {
        _ = run(["send-keys", "-t", name] + keys)
    }

    /// Types `text` literally (no key-name interpretation).
    public func type(_ text: String) {
        _ = run(["send-keys", "-t", name, "-l", "--", text])
    }

    /// Types `text` and presses Enter.
    public func typeLine(_ text: String) {
        type(text)
        send(keys: "Enter")
    }

    // MARK: - Output

    /// The visible screen, lines joined with newlines (trailing blanks trimmed by tmux).
    public func screen() -> String {
        run(["capture-pane", "-p", "-t", name]).output
    }

    /// Starts copying everything the program writes to the terminal, escapes included, to `file`
    /// (`tmux pipe-pane`): output that is drawn and erased again (a progress bar) can be checked
    /// afterwards, whatever the timing of the screen captures.
    /// - Throws: ``Failure`` when tmux refuses.
    public func recordOutput(to file: URL) throws {
        let quoted = "'" + file.path.replacingOccurrences(of: "'", with: "'\\''") + "'"
        let result = run(["pipe-pane", "-o", "-t", name, "cat >> \(quoted)"])
        guard result.status == 0 else { throw Failure(description: "tmux pipe-pane failed: \(result.output)") }
    }

    /// Waits until the screen contains `text`.
    ///
    /// - Parameters:
    ///   - text: What to look for.
    ///   - timeout: Seconds to wait (generous by default: CI machines are slow).
    /// - Returns: The screen that matched.
    /// - Throws: ``Failure`` with the last screen when the text did not appear in time.
    @discardableResult
    public func waitFor(_ text: String, timeout: Double = 20) async throws -> String {
        try await waitUntil("screen to contain \(text.debugDescription)", timeout: timeout) { $0.contains(text) }
    }

    /// Waits until `text` appears at least `count` times on the screen.
    @discardableResult
    public func waitFor(_ text: String, count: Int, timeout: Double = 20) async throws -> String {
        try await waitUntil("\(count) occurrences of \(text.debugDescription)", timeout: timeout) {
            $0.components(separatedBy: text).count - 1 >= count
        }
    }

    /// Waits until `condition` holds for the screen.
    ///
    /// Fails at once, rather than at the timeout, when the program has exited and the screen
    /// still does not match (it cannot change any more).
    ///
    /// - Throws: ``Failure`` naming `what` and showing the last screen on timeout or exit.
    @discardableResult
    public func waitUntil(
        _ what: String, timeout: Double = 20, _ condition: (String) -> Bool
    ) async throws -> String {
        let deadline = Date().addingTimeInterval(timeout)
        while true {
            let exited = exitStatus()
            let current = screen()
            if condition(current) { return current }
            if let exited {
                throw Failure(
                    description: "the program exited (status \(exited)) before \(what); screen:\n\(current)\n---")
            }
            if Date() >= deadline {
                throw Failure(
                    description: "timed out after \(timeout) s waiting for \(what); screen:\n\(current)\n---")
            }
            try await Task.sleep(for: .milliseconds(50))
        }
    }

    /// The exit status of the program once it has ended, nil while it runs.
    public func exitStatus() -> Int32? {
        let result = run(["display-message", "-p", "-t", name, "#{pane_dead} #{pane_dead_status}"])
        let fields = result.output.split(separator: " ")
        guard result.status == 0, fields.first == "1" else { return nil }
        return fields.count > 1 ? Int32(fields[1].trimmingCharacters(in: .whitespacesAndNewlines)) ?? -1 : -1
    }

    /// Waits until the program has ended.
    ///
    /// - Returns: Its exit status.
    /// - Throws: ``Failure`` with the screen when it still runs after `timeout` seconds.
    @discardableResult
    public func waitForExit(timeout: Double = 20) async throws -> Int32 {
        let deadline = Date().addingTimeInterval(timeout)
        while true {
            if let status = exitStatus() { return status }
            if Date() >= deadline {
                throw Failure(description: "timed out after \(timeout) s waiting for exit; screen:\n\(screen())\n---")
            }
            try await Task.sleep(for: .milliseconds(50))
        }
    }

    /// Ends the session, the programs in it and its tmux server. Safe to call more than once.
    ///
    /// `kill-server` alone left the server running while a pane's program was alive (a hundred
    /// servers with their shells after a few test runs), so the panes' process groups and the
    /// server are also killed outright.
    public func close() {
        let listed = run(["list-panes", "-a", "-F", "#{pid} #{pane_pid}"]).output
        _ = run(["kill-server"])
        for line in listed.split(separator: "\n") {
            let pids = line.split(separator: " ").compactMap { pid_t($0) }
            guard pids.count == 2, pids.allSatisfy({ $0 > 1 }) else { continue }
            kill(-pids[1], SIGKILL)
            kill(pids[0], SIGKILL)
        }
        try? FileManager.default.removeItem(at: configURL)
    }

    // MARK: - tmux

    private func run(_ arguments: [String]) -> (status: Int32, output: String) {
        Self.tmux(name: name, config: configURL, arguments, environment: nil)
    }

    /// Runs tmux and waits for it (through ``Spawn``: see there why not `Process`).
    private static func tmux(
        name: String, config: URL, _ arguments: [String], environment: [String: String]?
    ) -> (status: Int32, output: String) {
        guard let tmuxPath else { return (127, "tmux is not installed") }
        let outputPath = FileManager.default.temporaryDirectory
            .appendingPathComponent("novush-tmux-\(UUID().uuidString.prefix(8)).out").path
        defer { unlink(outputPath) }
        var variables = environment ?? ProcessInfo.processInfo.environment
        variables["TMUX"] = nil
        variables["TMUX_PANE"] = nil
        let pid: pid_t
        switch Spawn.start(
            tmuxPath, arguments: ["-L", name, "-f", config.path] + arguments, environment: variables,
            input: "/dev/null", output: outputPath, error: nil)
        {
        case .success(let started): pid = started
        case .failure(let failure): return (127, "cannot run tmux: \(failure)")
        }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        let output = (try? String(contentsOfFile: outputPath, encoding: .utf8)) ?? ""
        return (Spawn.exitStatus(status).code, output)
    }
}
