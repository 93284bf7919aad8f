import Foundation
import NovuTesting
import Testing

/// The REPL end to end: the built `novush` binary in a real terminal (tmux), driven by keystrokes.
///
/// Timeouts are generous (CI has 2 cores). Each test has its own temporary HOME and XDG
/// directories, so history and the local store start empty.
@Suite(
    .serialized,
    .enabled(if: TerminalSession.isAvailable, "tmux is not installed: skipping the REPL terminal tests")
)
struct ReplTerminalTests {
    // MARK: - Evaluation

    @Test func expressionLinePrintsItsValue() async throws {
        let home = try TemporaryHome()
        let repl = try await Repl(home: home)
        try await repl.enter("1+1", expecting: "2")
        try await repl.enter("=2*3", expecting: "6")
        try await repl.enter("'a' .. 'b'", expecting: "\"ab\"")
    }

    /// Connected to a server, the shell's tasks share one event loop with its connections (see
    /// NovuServer.runTasks): calls and writes answer at the prompt, and Ctrl-D still exits.
    @Test func aPromptConnectedToNovushServeCallsItAndExits() async throws {
        let serve = try await ServeProcess.start()
        defer { serve.stop() }
        let home = try TemporaryHome()
        let repl = try await Repl(home: home, arguments: ["--url", serve.baseURL], environment: ["NOVU_SECRET_KEY": serve.apiKey])
        #expect(repl.prompt == "novu[env 127.0.0.1]>")
        try await repl.enter("novu.subscribers.create({subscriberId = 'r1', firstName = 'Remote'}).subscriberId", expecting: "\"r1\"")
        try await repl.enter("novu.subscribers.retrieve('r1').firstName", expecting: "\"Remote\"")
        try await repl.enter("novu.subscribers.retrieve('nobody')", expecting: "nil")
        try await repl.quit()
    }

    @Test func multiLineFunctionDefinitionContinuesThenRuns() async throws {
        let home = try TemporaryHome()
        let repl = try await Repl(home: home)
        repl.session.typeLine("function add(a, b)")
        try await repl.waitForContinuation()
        repl.session.typeLine("  return a + b")
        try await repl.waitForContinuation(count: 2)
        repl.session.typeLine("end")
        try await repl.waitForPrompt(count: 2)
        try await repl.enter("add(2, 40)", expecting: "42")
    }

    // MARK: - Editing

    @Test func tabCompletesTableFields() async throws {
        let home = try TemporaryHome()
        let repl = try await Repl(home: home)
        repl.session.type("string.fo")
        repl.session.send(keys: "Tab")
        try await repl.session.waitFor("string.format")
        try await repl.enter("('%d', 7)", expecting: "\"7\"")
        #expect(repl.session.screen().contains("string.format('%d', 7)"))
    }

    @Test func tabCompletesGlobals() async throws {
        let home = try TemporaryHome()
        let repl = try await Repl(home: home)
        try await repl.enter("unusual_global_name = 5", expecting: nil)
        repl.session.type("unusual_glo")
        repl.session.send(keys: "Tab")
        try await repl.session.waitFor("unusual_global_name")
        try await repl.enter("", expecting: "5")
    }

    @Test func controlCWhileEditingDiscardsTheLine() async throws {
        let home = try TemporaryHome()
        let repl = try await Repl(home: home)
        repl.session.type("discarded = 12345")
        try await repl.session.waitFor("discarded = 12345")
        repl.session.send(keys: "C-c")
        try await repl.waitForPrompt(count: 2)
        #expect(repl.session.exitStatus() == nil, "Ctrl-C while editing must not leave the REPL")
        try await repl.enter("discarded", expecting: "nil")
    }

    @Test func controlCInterruptsARunningLoop() async throws {
        let home = try TemporaryHome()
        let repl = try await Repl(home: home)
        repl.session.typeLine("while true do end")
        // Let the loop start running before interrupting it.
        try await Task.sleep(for: .milliseconds(500))
        repl.session.send(keys: "C-c")
        try await repl.session.waitFor("interrupted!")
        try await repl.waitForPrompt(count: 2)
        #expect(repl.session.exitStatus() == nil, "Ctrl-C during a chunk must not leave the REPL")
        try await repl.enter("1+1", expecting: "2")
    }

    @Test func controlDOnAnEmptyLineExits() async throws {
        let home = try TemporaryHome()
        let repl = try await Repl(home: home)
        repl.session.send(keys: "C-d")
        try await repl.session.waitFor(Repl.exitLine(0))
    }

    @Test func utf8InputRoundTrips() async throws {
        let home = try TemporaryHome()
        let repl = try await Repl(home: home)
        try await repl.enter("s = \"café\"", expecting: nil)
        #expect(repl.session.screen().contains("s = \"café\""))
        try await repl.enter("#s", expecting: "5")
        try await repl.enter("s", expecting: "\"café\"")
    }

    // MARK: - History

    @Test func historyIsKeptAcrossRuns() async throws {
        let home = try TemporaryHome()
        let marker = "history_marker_\(UUID().uuidString.prefix(8)) = 1"
        do {
            let first = try await Repl(home: home)
            try await first.enter(marker, expecting: nil)
            try await first.quit()
        }
        let files = FileManager.default.enumerator(atPath: home.stateHome.appendingPathComponent("novush").path)
        let historyFiles = (files?.allObjects as? [String] ?? []).filter { !$0.hasSuffix("/") }
        #expect(!historyFiles.isEmpty, "no history file under $XDG_STATE_HOME/novush")

        let second = try await Repl(home: home)
        second.session.send(keys: "Up")
        try await second.session.waitFor(marker)
    }

    @Test func lineStartingWithASpaceIsNotSaved() async throws {
        let home = try TemporaryHome()
        let visible = "visible_\(UUID().uuidString.prefix(8)) = 1"
        let hidden = "hidden_\(UUID().uuidString.prefix(8)) = 2"
        do {
            let first = try await Repl(home: home)
            try await first.enter(visible, expecting: nil)
            try await first.enter(" " + hidden, expecting: nil)
            try await first.quit()
        }
        let second = try await Repl(home: home)
        second.session.send(keys: "Up")
        try await second.session.waitFor(visible)
        #expect(!second.session.screen().contains(hidden))
    }

    // MARK: - Not a terminal

    @Test func scriptPipedOnStdinRunsWithoutPrompts() async throws {
        let home = try TemporaryHome()
        let binary = try requireBinary()
        let result = try await ProcessResult.run(
            binary, arguments: ["--norc"], input: "1+1\nprint('hi')\nx = 3\nx * 2\n", environment: home.environment(),
            timeout: 60)
        #expect(result.status == 0, "stderr: \(result.stderr)")
        #expect(result.stdout.split(separator: "\n", omittingEmptySubsequences: false) == ["2", "hi", "6", ""])
    }
}

// MARK: - Helpers

private func requireBinary() throws -> URL {
    let url = NovushBinary.url
    try #require(
        FileManager.default.isExecutableFile(atPath: url.path),
        "novush is not built at \(url.path) (run `swift build` first or set NOVUSH_BIN)")
    return url
}

/// A `novush` REPL in a tmux session, with helpers that know what its prompts look like.
private struct Repl {
    let session: TerminalSession
    /// The primary prompt as it appears on screen (tmux trims its trailing space), e.g. `novu[local]>`.
    let prompt: String

    init(home: TemporaryHome, arguments: [String] = [], environment: [String: String] = [:]) async throws {
        let binary = try requireBinary()
        session = try TerminalSession(
            command: Self.reportingExit([binary.path, "--norc"] + arguments), environment: home.environment(environment),
            directory: home.url)
        let screen = try await session.waitUntil("the first prompt (a line ending in \"> \")") { screen in
            guard let last = Self.lastLine(of: screen) else { return false }
            return last.hasSuffix(">") && !last.hasSuffix(">>")
        }
        prompt = Self.lastLine(of: screen) ?? ">"
    }

    /// Runs `command` under `sh`, which prints its exit status when it ends (tmux does not always
    /// collect the status of a pane's own process here, so the shell reports it on the screen).
    static func reportingExit(_ command: [String]) -> [String] {
        ["/bin/sh", "-c", "\"$@\"; echo \"[novush exited with status $?]\"; sleep 30", "sh"] + command
    }

    /// The line ``reportingExit(_:)`` prints for `status`.
    static func exitLine(_ status: Int32) -> String { "[novush exited with status \(status)]" }

    private static func lastLine(of screen: String) -> String? {
        screen.split(separator: "\n").last { !$0.trimmingCharacters(in: .whitespaces).isEmpty }
            .map { String($0).trimmingCharacters(in: .whitespaces) }
    }

    private func promptCount(_ screen: String) -> Int {
        screen.split(separator: "\n").filter { $0.hasPrefix(prompt) }.count
    }

    /// Waits until `count` primary prompts have been shown.
    func waitForPrompt(count: Int) async throws {
        try await session.waitUntil("\(count) prompts \(prompt.debugDescription)") { promptCount($0) >= count }
    }

    /// Waits until `count` continuation prompts (`>> `) have been shown.
    func waitForContinuation(count: Int = 1) async throws {
        try await session.waitUntil("\(count) continuation prompts \">>\"") { screen in
            screen.split(separator: "\n").filter { $0.hasPrefix(">>") }.count >= count
        }
    }

    /// Types a line, presses Enter, waits for the next prompt, and checks that a line of output
    /// between the two prompts is exactly `expected` (when given).
    func enter(_ line: String, expecting expected: String?) async throws {
        let before = promptCount(session.screen())
        session.typeLine(line)
        let screen = try await session.waitUntil("the prompt after \(line.debugDescription)") {
            promptCount($0) > before
        }
        guard let expected else { return }
        let lines = screen.split(separator: "\n", omittingEmptySubsequences: false).map {
            $0.trimmingCharacters(in: .whitespaces)
        }
        let prompts = lines.indices.filter { lines[$0].hasPrefix(prompt) }
        let output = prompts.count >= 2 ? Array(lines[(prompts[prompts.count - 2] + 1)..<prompts[prompts.count - 1]]) : lines
        #expect(output.contains(expected), "expected a line \(expected.debugDescription) after \(line.debugDescription); screen:\n\(screen)")
    }

    /// Presses Ctrl-D and waits for the REPL to exit with status 0.
    func quit() async throws {
        session.send(keys: "C-d")
        try await session.waitFor(Self.exitLine(0))
    }
}
